import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { EventSource } from "eventsource";
import { createEventSource } from "eventsource-client";
import { createParser } from "eventsource-parser";
import { beforeEach, describe, expect, it } from "vitest";
import type { AppServer } from "../helpers/app-server";
import { startCuttingProxy } from "../helpers/cutting-proxy";
import type { EmulatorProcess } from "../helpers/emulator-process";
import { withLumiaStack } from "../helpers/lumia-stack";
import { chunkCount, chunkTexts, readSse, type SseEvent } from "../helpers/sse-reader";
import { waitFor } from "../helpers/wait-for";

// Longer than an SSE client's reconnection delay (retry: 2000), as the 30 s default is.
const GRACE_MS = 3_000;
let emulator: EmulatorProcess;
let app: AppServer;

// 200 tokens at 30 ms: answers last about 6 s, longer than the grace.
withLumiaStack({
  emulator: { tokenIntervalMs: 30, firstTokenDelayMs: 100, replyTokens: 200 },
  env: { LUMIA_RESUME_GRACE_MS: String(GRACE_MS), LUMIA_STREAM_LOG: "off" },
  ready: (stack) => ({ emulator, app } = stack),
});

beforeEach(async () => {
  await emulator.reset();
});

async function newThread(): Promise<string> {
  const response = await fetch(`${app.url}/api/threads`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: "{}",
  });
  return ((await response.json()) as { id: string }).id;
}

async function threadMessages(threadId: string) {
  const response = await fetch(`${app.url}/api/threads/${threadId}`);
  return (
    (await response.json()) as { messages: { role: string; status: string; content: string; id: string }[] }
  ).messages;
}

/** A question the emulator answers in 20 tokens, for tests that need whole answers, not long ones. */
const short = (text: string) => `${text} [[emu {"replyTokens": 20}]]`;

/** The answer's message id, from the `start` event. */
const answerId = (events: SseEvent[]) => JSON.parse(events.find((e) => e.event === "start")?.data ?? "{}").id;

/** Runs curl -N and parses the SSE it printed. */
async function curlSse(args: string[]): Promise<{ id?: string; event?: string; data: string }[]> {
  const { stdout } = await promisify(execFile)("curl", ["-sN", "--max-time", "20", ...args]);
  const events: { id?: string; event?: string; data: string }[] = [];
  const parser = createParser({ onEvent: (e) => events.push({ id: e.id, event: e.event, data: e.data }) });
  parser.feed(stdout);
  return events;
}

const comparable = (events: { id?: string; event?: string; data: string }[]) =>
  events.map(({ id, event, data }) => ({ id, event: event ?? "message", data }));

describe("a thread answer belongs to its thread, not to one connection", () => {
  it("every event carries an id (<answer>:<n>, counting up from 1), and retry: comes once", async () => {
    const threadId = await newThread();
    const read = await readSse({
      url: `${app.url}/threads/${threadId}/chat/stream`,
      body: { message: short("Hi") },
    });
    const id = answerId(read.events);
    expect(read.events.map((e) => e.id)).toEqual(read.events.map((_, i) => `${id}:${i + 1}`));
    expect(read.raw.startsWith("retry: 2000\n\n")).toBe(true);
    expect(read.raw.match(/^retry:/gm)).toHaveLength(1);
    expect(read.events.at(-1)?.event).toBe("done");
  });

  it("a client that leaves does not stop the answer; curl with Last-Event-ID gets exactly the missing events", async () => {
    const threadId = await newThread();
    const first = await readSse({
      url: `${app.url}/threads/${threadId}/chat/stream`,
      body: { message: "Tell me about resumable streams" },
      stopWhen: (events) => chunkCount(events) >= 10,
    });
    expect(first.hungUp).toBe(true);
    const id = answerId(first.events);
    const lastSeen = first.events.at(-1)?.id as string;
    // Both started after the first client left: the answer is still running, for nobody, in its grace.
    const [whole, rest] = await Promise.all([
      curlSse([`${app.url}/api/threads/${threadId}/messages/${id}/stream`]),
      curlSse(["-H", `Last-Event-ID: ${lastSeen}`, `${app.url}/threads/${threadId}/messages/${id}/stream`]),
    ]);
    expect(whole.at(-1)?.event).toBe("done");
    expect(comparable([...first.events, ...rest])).toEqual(comparable(whole));
    expect(rest[0]?.id).toBe(`${id}:${Number(lastSeen.split(":")[1]) + 1}`);
    const stats = await emulator.stats();
    expect(stats.generationsCompleted).toBe(1);
    expect(stats.generationsAbandoned).toBe(0);
    const messages = await waitFor(async () => {
      const found = await threadMessages(threadId);
      return found[1]?.status === "complete" ? found : undefined;
    });
    expect(messages).toHaveLength(2);
    expect(messages[1]?.content).toBe(chunkTexts(whole as SseEvent[]).join(""));
  });

  it("when nobody comes back within the grace, Ollama is aborted within 100 ms of its end and the text kept as interrupted", async () => {
    const threadId = await newThread();
    const left = await readSse({
      url: `${app.url}/threads/${threadId}/chat/stream`,
      body: { message: "Write something long" },
      stopWhen: (events) => chunkCount(events) >= 5,
    });
    const abandoned = await waitFor(async () => (await emulator.stats()).abandoned[0], GRACE_MS + 5_000);
    const afterLeaving = abandoned.at - (left.hungUpAt as number);
    console.log(`[durable] grace ${GRACE_MS} ms: Ollama aborted ${afterLeaving} ms after the client left`);
    expect(afterLeaving).toBeGreaterThanOrEqual(GRACE_MS - 5);
    expect(afterLeaving).toBeLessThan(GRACE_MS + 100);
    const messages = await waitFor(async () => {
      const found = await threadMessages(threadId);
      return found[1]?.status === "streaming" ? undefined : found;
    });
    expect(messages[1]?.status).toBe("interrupted");
    expect(messages[1]?.content.length).toBeGreaterThan(chunkTexts(left.events).join("").length);
  });

  it("stop from a second connection ends Ollama's request within 100 ms and ends the first reader's stream", async () => {
    const threadId = await newThread();
    let stoppedAt = 0;
    let stopAnswer: { stopped: boolean; status: string } | undefined;
    const reading = readSse({
      url: `${app.url}/threads/${threadId}/chat/stream`,
      body: { message: "Count slowly to a hundred" },
      stopWhen: (events) => {
        if (chunkCount(events) === 8 && stoppedAt === 0) {
          stoppedAt = Date.now();
          void fetch(`${app.url}/api/threads/${threadId}/messages/${answerId(events)}/stop`, {
            method: "POST",
          })
            .then((response) => response.json())
            .then((body) => {
              stopAnswer = body;
            });
        }
        return false;
      },
    });
    const read = await reading;
    const abandoned = await waitFor(async () => (await emulator.stats()).abandoned[0]);
    console.log(
      `[durable] stop: Ollama aborted ${abandoned.at - stoppedAt} ms after the stop request was sent`,
    );
    expect(abandoned.at - stoppedAt).toBeLessThan(100);
    expect(read.hungUp).toBe(false);
    const last = read.events.at(-1);
    expect(last?.event).toBe("done");
    expect(JSON.parse(last?.data ?? "{}")).toMatchObject({ done: true, stopped: true });
    expect(await waitFor(async () => stopAnswer)).toEqual({ stopped: true, status: "interrupted" });
    const messages = await waitFor(async () => {
      const found = await threadMessages(threadId);
      return found[1]?.status === "streaming" ? undefined : found;
    });
    expect(messages[1]).toMatchObject({ status: "interrupted", content: chunkTexts(read.events).join("") });
    const again = await fetch(`${app.url}/api/threads/${threadId}/messages/${messages[1]?.id}/stop`, {
      method: "POST",
    });
    expect(await again.json()).toEqual({ stopped: false, status: "interrupted" });
  });

  it("an EventSource-style client whose connection is cut re-POSTs with Last-Event-ID: one question, one answer", async () => {
    const threadId = await newThread();
    const proxy = await startCuttingProxy({ targetPort: app.port, cutAfterBytes: 2_500 });
    const seen: { id?: string; event?: string; data: string }[] = [];
    const source = createEventSource({
      url: `${proxy.url}/threads/${threadId}/chat/stream`,
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ message: "Explain reconnection" }),
      onMessage: (message) => seen.push({ id: message.id, event: message.event, data: message.data }),
    });
    try {
      await waitFor(async () => (seen.some((e) => e.event === "done") ? true : undefined), 20_000);
    } finally {
      source.close();
      await proxy.close();
    }
    expect(proxy.cuts()).toBe(1);
    const ids = seen.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    const messages = await waitFor(async () => {
      const found = await threadMessages(threadId);
      return found[1]?.status === "complete" ? found : undefined;
    });
    expect(messages.map((m) => m.role)).toEqual(["user", "assistant"]);
    expect(messages[1]?.content).toBe(chunkTexts(seen as SseEvent[]).join(""));
    const generations = (await emulator.stats()).generationsStarted;
    expect(generations).toBe(1);
  });

  it("an EventSource reconnects by GET with Last-Event-ID, continues without a gap, and is told to stop (204) after the end", async () => {
    const threadId = await newThread();
    const started = await readSse({
      url: `${app.url}/threads/${threadId}/chat/stream`,
      body: { message: "Tell me a story" },
      stopWhen: (events) => chunkCount(events) >= 1,
    });
    const id = answerId(started.events);
    const proxy = await startCuttingProxy({ targetPort: app.port, cutAfterBytes: 1_500 });
    const seen: { id: string; type: string; data: string }[] = [];
    let errors = 0;
    const source = new EventSource(`${proxy.url}/threads/${threadId}/messages/${id}/stream`);
    for (const type of ["start", "message", "done"]) {
      source.addEventListener(type, (event) => seen.push({ id: event.lastEventId, type, data: event.data }));
    }
    source.addEventListener("error", () => errors++);
    try {
      await waitFor(async () => (source.readyState === EventSource.CLOSED ? true : undefined), 20_000);
    } finally {
      source.close();
      await proxy.close();
    }
    expect(proxy.cuts()).toBe(1);
    expect(errors).toBeGreaterThanOrEqual(1);
    expect(seen.map((e) => e.id)).toEqual(seen.map((_, i) => `${id}:${i + 1}`));
    expect(seen.at(-1)?.type).toBe("done");
  });

  it("two readers of one answer (two tabs) both get it live, event for event", async () => {
    const threadId = await newThread();
    const writer = readSse({
      url: `${app.url}/threads/${threadId}/chat/stream`,
      body: { message: "Hello both" },
    });
    const id = await waitFor(async () => {
      const messages = await threadMessages(threadId);
      return messages[1]?.id;
    });
    const second = await readSse({
      url: `${app.url}/api/threads/${threadId}/messages/${id}/stream`,
      method: "GET",
    });
    const first = await writer;
    expect(comparable(second.events)).toEqual(comparable(first.events));
    // Live, not replayed at the end: the second reader's chunks spread over the answer's life.
    const chunks = second.events.filter((e) => !e.event);
    expect((chunks.at(-1)?.at ?? 0) - (chunks[10]?.at ?? 0)).toBeGreaterThan(1_000);
  });

  it("a reconnect after the end is told 204, and a re-POST with that id asks nothing again", async () => {
    const threadId = await newThread();
    const read = await readSse({
      url: `${app.url}/threads/${threadId}/chat/stream`,
      body: { message: short("Short") },
    });
    const lastId = read.events.at(-1)?.id as string;
    const again = await fetch(`${app.url}/threads/${threadId}/chat/stream`, {
      method: "POST",
      headers: { "content-type": "application/json", "last-event-id": lastId },
      body: JSON.stringify({ message: short("Short") }),
    });
    expect(again.status).toBe(204);
    const resumed = await fetch(
      `${app.url}/api/threads/${threadId}/messages/${answerId(read.events)}/stream?lastEventId=${encodeURIComponent(lastId)}`,
    );
    expect(resumed.status).toBe(204);
    expect(await threadMessages(threadId)).toHaveLength(2);
    expect((await emulator.stats()).generationsStarted).toBe(1);
  });

  it("a finished answer asked for from its start is replayed whole, here in the AI SDK format", async () => {
    const threadId = await newThread();
    const read = await readSse({
      url: `${app.url}/threads/${threadId}/chat/stream`,
      body: { message: short("Again") },
    });
    const id = answerId(read.events);
    const replay = await readSse({
      url: `${app.url}/api/threads/${threadId}/messages/${id}/stream?format=ai-sdk`,
      method: "GET",
    });
    expect(replay.status).toBe(200);
    const text = replay.events
      .filter((e) => e.data.startsWith('{"type":"text-delta"'))
      .map((e) => JSON.parse(e.data).delta)
      .join("");
    expect(text).toBe(chunkTexts(read.events).join(""));
    expect(replay.events.at(-1)?.data).toBe("[DONE]");
  });

  it("bad resumes are clear JSON errors", async () => {
    const threadId = await newThread();
    const unknown = await fetch(`${app.url}/api/threads/${threadId}/messages/nope/stream`);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ code: "not_found" });
    const read = await readSse({
      url: `${app.url}/threads/${threadId}/chat/stream`,
      body: { message: short("Hi") },
    });
    const id = answerId(read.events);
    const malformed = await fetch(`${app.url}/api/threads/${threadId}/messages/${id}/stream`, {
      headers: { "last-event-id": "not an id!" },
    });
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ code: "invalid_request" });
    const other = await fetch(`${app.url}/api/threads/${threadId}/messages/${id}/stream`, {
      headers: { "last-event-id": "someoneelse:3" },
    });
    expect(other.status).toBe(400);
    const stopUnknown = await fetch(`${app.url}/api/threads/${threadId}/messages/nope/stop`, {
      method: "POST",
    });
    expect(stopUnknown.status).toBe(404);
  });
});
