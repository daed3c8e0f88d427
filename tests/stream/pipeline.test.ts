import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LumiaError } from "@/lib/errors";
import type { SourceEvent } from "@/lib/stream/events";
import { addStreamObserver, removeStreamObserver, type StreamResult } from "@/lib/stream/observers";
import { createEventStream } from "@/lib/stream/pipeline";
import { seedFormat } from "@/lib/stream/seed-format";

process.env.LUMIA_STREAM_LOG = "off";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function readAll(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(stream).text();
}

function finished(): Promise<StreamResult> {
  return new Promise((resolve) => {
    const observer = {
      start: () => ({
        end(result: StreamResult) {
          removeStreamObserver(observer);
          resolve(result);
        },
      }),
    };
    addStreamObserver(observer);
  });
}

describe("the streaming pipeline", () => {
  let ended: Promise<StreamResult>;
  beforeEach(() => {
    ended = finished();
  });
  afterEach(async () => {
    await Promise.race([ended, sleep(10)]);
  });

  it("writes start first, a chunk per text event, then done with the stats", async () => {
    async function* source(): AsyncGenerator<SourceEvent> {
      yield { type: "text", text: "Hej" };
      yield { type: "text", text: "" };
      yield { type: "text", text: " då" };
      yield { type: "finish", metrics: { eval_count: 2, eval_duration: 1e9 } };
    }
    const body = await readAll(
      createEventStream({
        endpoint: "/t",
        model: "m",
        id: "id1",
        format: seedFormat,
        signal: new AbortController().signal,
        source,
      }),
    );
    const frames = body.split("\n\n").filter(Boolean);
    expect(frames[0]).toBe('event: start\ndata: {"start":true,"model":"m","id":"id1"}');
    expect(frames.slice(1, 3)).toEqual(['data: {"chunk":"Hej"}', 'data: {"chunk":" då"}']);
    expect(frames[3]).toMatch(/^event: done\ndata: \{"done":true,"stats":\{"model":"m",/);
    expect(frames).toHaveLength(4);
    const result = await ended;
    expect(result).toMatchObject({ outcome: "done", text: "Hej då", id: "id1" });
    expect(result.stats).toMatchObject({ total_chunks: 2, eval_count: 2, tokens_per_second: 2 });
  });

  it("sends start before the source yields anything", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    async function* source(): AsyncGenerator<SourceEvent> {
      await gate;
      yield { type: "text", text: "late" };
    }
    const reader = createEventStream({
      endpoint: "/t",
      model: "m",
      format: seedFormat,
      signal: new AbortController().signal,
      source,
    }).getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toMatch(/^event: start\n/);
    release();
    await reader.cancel();
  });

  it("turns a failure after the start into an error event and keeps the partial text", async () => {
    async function* source(): AsyncGenerator<SourceEvent> {
      yield { type: "text", text: "Part" };
      throw new LumiaError("stream_interrupted", "The connection to Ollama was dropped.");
    }
    const body = await readAll(
      createEventStream({
        endpoint: "/t",
        model: "m",
        format: seedFormat,
        signal: new AbortController().signal,
        source,
      }),
    );
    expect(body).toContain(
      'event: error\ndata: {"error":"The connection to Ollama was dropped.","code":"stream_interrupted"}\n\n',
    );
    expect(body).not.toContain("event: done");
    expect(await ended).toMatchObject({
      outcome: "error",
      text: "Part",
      error: { code: "stream_interrupted" },
    });
  });

  it("aborts the source at once when the client's signal aborts", async () => {
    const client = new AbortController();
    let sourceSignal!: AbortSignal;
    async function* source(signal: AbortSignal): AsyncGenerator<SourceEvent> {
      sourceSignal = signal;
      yield { type: "text", text: "one" };
      await new Promise((_, reject) => signal.addEventListener("abort", () => reject(signal.reason)));
    }
    const reader = createEventStream({
      endpoint: "/t",
      model: "m",
      format: seedFormat,
      signal: client.signal,
      source,
    }).getReader();
    await reader.read();
    await reader.read();
    client.abort();
    expect(sourceSignal.aborted).toBe(true);
    expect(await ended).toMatchObject({ outcome: "aborted", text: "one" });
  });

  it("aborts the source when the consumer cancels the body", async () => {
    let sourceSignal!: AbortSignal;
    async function* source(signal: AbortSignal): AsyncGenerator<SourceEvent> {
      sourceSignal = signal;
      await new Promise((_, reject) => signal.addEventListener("abort", () => reject(signal.reason)));
    }
    const reader = createEventStream({
      endpoint: "/t",
      model: "m",
      format: seedFormat,
      signal: new AbortController().signal,
      source,
    }).getReader();
    await reader.read();
    await reader.cancel();
    expect(sourceSignal.aborted).toBe(true);
    expect((await ended).outcome).toBe("aborted");
  });

  it("writes a keep-alive comment while the source is silent", async () => {
    async function* source(): AsyncGenerator<SourceEvent> {
      await sleep(150);
      yield { type: "text", text: "finally" };
    }
    const body = await readAll(
      createEventStream({
        endpoint: "/t",
        model: "m",
        format: seedFormat,
        signal: new AbortController().signal,
        source,
        heartbeatMs: 40,
      }),
    );
    const beforeText = body.slice(0, body.indexOf('{"chunk"'));
    expect(beforeText.match(/: keep-alive\n\n/g)?.length).toBeGreaterThanOrEqual(2);
  });
});
