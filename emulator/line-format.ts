import { rfc3339Nano, toNanos } from "./clock";

/** Measured times of one generation, in milliseconds. */
export interface Timings {
  totalMs: number;
  loadMs: number;
  promptEvalCount: number;
  promptEvalMs: number;
  evalCount: number;
  evalMs: number;
  doneReason: string;
}

/** How one endpoint writes its answer: token lines, the final line, or the whole answer at once. */
export interface LineFormat {
  /** One streamed token line, newline included. Hot path: plain concatenation, one string. */
  token(content: string): string;
  /** The line that carries the answer's function calls (chat only), newline included. */
  toolCalls(calls: readonly unknown[]): string;
  /** The final `done` line, newline included. */
  final(timings: Timings): string;
  /** The whole answer as one object, for `stream:false`, with its function calls if any. */
  whole(content: string, timings: Timings, calls?: readonly unknown[]): string;
}

function metrics(t: Timings) {
  return {
    total_duration: toNanos({ ms: t.totalMs }),
    load_duration: toNanos({ ms: t.loadMs }),
    prompt_eval_count: t.promptEvalCount,
    prompt_eval_duration: toNanos({ ms: t.promptEvalMs }),
    eval_count: t.evalCount,
    eval_duration: toNanos({ ms: t.evalMs }),
  };
}

/** `/api/chat` lines: `{"model","created_at","message":{"role":"assistant","content"},"done"}`. */
export function chatLineFormat({ model }: { model: string }): LineFormat {
  const head = `{"model":${JSON.stringify(model)},"created_at":"`;
  const message = (content: string, calls?: readonly unknown[]) => ({
    role: "assistant",
    content,
    ...(calls?.length ? { tool_calls: calls } : {}),
  });
  const done = (content: string, t: Timings, calls?: readonly unknown[]) =>
    JSON.stringify({
      model,
      created_at: rfc3339Nano(),
      message: message(content, calls),
      done: true,
      done_reason: t.doneReason,
      ...metrics(t),
    });
  return {
    token: (content) =>
      `${head}${rfc3339Nano()}","message":{"role":"assistant","content":${JSON.stringify(content)}},"done":false}\n`,
    // Ollama sends a model's calls on a line of their own, with empty content, before the done line.
    toolCalls: (calls) =>
      `${JSON.stringify({ model, created_at: rfc3339Nano(), message: message("", calls), done: false })}\n`,
    final: (t) => `${done("", t)}\n`,
    whole: done,
  };
}

/** `/api/generate` lines: `response` instead of `message`, and `context` on the final line. */
export function generateLineFormat({
  model,
  context,
}: {
  model: string;
  context: readonly number[];
}): LineFormat {
  const head = `{"model":${JSON.stringify(model)},"created_at":"`;
  const done = (response: string, t: Timings) =>
    JSON.stringify({
      model,
      created_at: rfc3339Nano(),
      response,
      done: true,
      done_reason: t.doneReason,
      context,
      ...metrics(t),
    });
  return {
    token: (content) => `${head}${rfc3339Nano()}","response":${JSON.stringify(content)},"done":false}\n`,
    toolCalls: () => "",
    final: (t) => `${done("", t)}\n`,
    whole: (response, t) => done(response, t),
  };
}
