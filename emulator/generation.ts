import type { ServerResponse } from "node:http";
import { epochMs } from "./clock";
import type { GenerationSettings } from "./config";
import { JSON_CONTENT_TYPE, NDJSON_HEADERS, sendError } from "./http";
import type { LineFormat, Timings } from "./line-format";
import type { Outcome, StatsRecorder } from "./stats";

/** Everything one generation needs, decided before the first timer starts. */
export interface GenerationPlan {
  tokens: readonly string[];
  format: LineFormat;
  settings: GenerationSettings;
  stream: boolean;
  /** How long this request waits for its model to load. */
  loadWaitMs: number;
  promptEvalCount: number;
  doneReason: string;
  /** Function calls sent after the text, on a line of their own (chat only). */
  toolCalls?: readonly unknown[];
  /** Tokens the calls took to generate, added to eval_count. */
  toolCallTokens?: number;
}

/**
 * Plays a generation onto `res`. The timeline is Ollama's: nothing (not even headers) until the first
 * token at load + firstTokenDelayMs, then one line per tokenIntervalMs, then the final line one
 * interval later (the end-of-sequence step). A fault replaces the step after `faultAfterTokens` tokens.
 * Streams use one timer chain (one Timeout, refreshed while on time) and one `res.write` per token; oneShot
 * and `stream:false` use one timer for the whole answer. A client that disconnects clears the timer.
 */
export function runGeneration({
  res,
  plan,
  stats,
  onSettled,
}: {
  res: ServerResponse;
  plan: GenerationPlan;
  stats: StatsRecorder;
  onSettled: () => void;
}): void {
  const { tokens, format, settings } = plan;
  const interval = settings.tokenIntervalMs;
  const firstDue = plan.loadWaitMs + settings.firstTokenDelayMs;
  const faultAt = settings.fault === "none" ? -1 : Math.min(settings.faultAfterTokens, tokens.length);
  const startedAt = performance.now();
  let sent = 0;
  let firstAt = 0;
  let lastAt = 0;
  let settled = false;
  let timer: NodeJS.Timeout | undefined;
  // The Timeout is refreshed while it runs at exactly `interval`: no allocation per token on time.
  let timerIsInterval = false;
  let anchor = 0;

  const settle = (outcome: Outcome) => {
    if (settled) return;
    settled = true;
    clearTimeout(timer);
    stats.end({ outcome, tokensSent: sent });
    onSettled();
  };
  const content = (token: string) => (settings.stampTokens ? `⏱${epochMs().toFixed(3)} ${token}` : token);
  const timings = (now: number): Timings => ({
    totalMs: now - startedAt,
    loadMs: plan.loadWaitMs,
    promptEvalCount: plan.promptEvalCount,
    promptEvalMs: firstAt - startedAt - plan.loadWaitMs,
    evalCount: sent + (plan.toolCalls?.length ? (plan.toolCallTokens ?? 0) : 0),
    evalMs: lastAt - firstAt,
    doneReason: plan.doneReason,
  });
  const callsLine = () => (plan.toolCalls?.length ? format.toolCalls(plan.toolCalls) : "");
  const writeHead = () => {
    if (!res.headersSent) res.writeHead(200, NDJSON_HEADERS);
  };

  // Writes the lines not yet sent (`pending`), then plays the fault.
  const fault = (pending: string) => {
    if (settings.fault === "stall") {
      // Hold the connection; the client leaving ends it as abandoned.
      if (pending !== "") {
        writeHead();
        res.write(pending);
      }
      return;
    }
    settle("faulted");
    if (settings.fault === "drop") {
      if (pending === "") res.destroy();
      else {
        writeHead();
        res.write(pending, () => res.destroy());
      }
    } else if (!res.headersSent && pending === "") {
      // Ollama: an error before any content gets a status and a JSON body, not a 200 line.
      sendError({ res, status: settings.faultStatus, message: settings.faultMessage });
    } else {
      writeHead();
      res.end(`${pending}${JSON.stringify({ error: settings.faultMessage })}\n`);
    }
  };

  const step = () => {
    if (sent === faultAt) return fault("");
    const now = performance.now();
    if (sent === 0) {
      firstAt = anchor = now;
      res.writeHead(200, NDJSON_HEADERS);
    }
    if (sent === tokens.length) {
      if (sent === 0) lastAt = now;
      settle("completed");
      res.end(callsLine() + format.final(timings(now)));
      return;
    }
    lastAt = now;
    res.write(format.token(content(tokens[sent] ?? "")));
    sent++;
    scheduleNext(now);
  };

  // Token i is due at anchor + i * interval. A late step shortens the next wait so that lateness
  // does not add up over a long answer (1,000 streams keep the event loop busy); a step more than an
  // interval behind re-anchors the schedule instead of bursting to catch up.
  const scheduleNext = (now: number) => {
    let delay = anchor + sent * interval - now;
    if (delay < -interval) {
      anchor = now - sent * interval;
      delay = 0;
    }
    if (timerIsInterval && delay > interval - 1) {
      timer?.refresh();
      return;
    }
    const ms = delay > interval - 1 ? interval : Math.max(1, Math.round(delay));
    timerIsInterval = ms === interval;
    timer = setTimeout(step, ms);
  };

  // The whole answer after the time it would have taken to stream: a reply that arrives in one piece.
  const deliverAtOnce = () => {
    const now = performance.now();
    const count = faultAt >= 0 ? faultAt : tokens.length;
    firstAt = startedAt + firstDue;
    lastAt = firstAt + Math.max(0, count - 1) * interval;
    let text = "";
    for (let i = 0; i < count; i++) {
      const token = content(tokens[i] ?? "");
      text += plan.stream ? format.token(token) : token;
    }
    sent = count;
    if (faultAt >= 0) return fault(plan.stream ? text : "");
    settle("completed");
    if (plan.stream) {
      res.writeHead(200, NDJSON_HEADERS);
      res.end(text + callsLine() + format.final(timings(now)));
    } else {
      res.writeHead(200, { "Content-Type": JSON_CONTENT_TYPE });
      res.end(format.whole(text, timings(now), plan.toolCalls));
    }
  };

  stats.begin();
  // 'close' comes when the client disconnects, with or without headers sent; after a normal end it is a no-op.
  res.once("close", () => settle("abandoned"));
  if (settings.fault === "error-before") {
    settle("faulted");
    sendError({ res, status: settings.faultStatus, message: settings.faultMessage });
  } else if (plan.stream && !settings.oneShot) {
    timer = setTimeout(step, firstDue);
  } else {
    const count = faultAt >= 0 ? faultAt : tokens.length;
    timer = setTimeout(deliverAtOnce, firstDue + count * interval);
  }
}
