import { afterEach, describe, expect, it } from "vitest";
import { analyzeArrivals } from "@/lib/stream-check/analyze-arrivals";
import { measureStream } from "@/lib/stream-check/measure-stream";
import { type SseTestServer, seedFrames, startSseServer } from "./sse-test-server";

const CHUNKS = 20;
const INTERVAL_MS = 50;
const expectedText = Array.from({ length: CHUNKS }, (_, i) => `word${i + 1} `).join("");

let server: SseTestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("measureStream against a local SSE server", () => {
  it("sees paced events one network read each, 50 ms apart", async () => {
    server = await startSseServer({ frames: seedFrames({ chunks: CHUNKS }), intervalMs: INTERVAL_MS });
    const measurement = await measureStream({ url: server.url, acceptEncoding: "identity" });

    expect(measurement).toMatchObject({ status: 200, contentEncoding: "identity", text: expectedText });
    expect(measurement.error).toBeUndefined();
    expect(measurement.headers["content-type"]).toBe("text/event-stream; charset=utf-8");
    expect(measurement.events.map((event) => event.event)).toEqual([
      "start",
      ...Array<string>(CHUNKS).fill("message"),
      "done",
    ]);
    // Reads are in time order and every event points at a read that happened no later than itself.
    const readIndexes = measurement.events.map((event) => event.readIndex);
    expect(readIndexes).toEqual([...readIndexes].sort((a, b) => a - b));
    for (const event of measurement.events) expect(measurement.reads[event.readIndex]?.at).toBe(event.at);

    const analysis = analyzeArrivals(measurement);
    expect(analysis).toMatchObject({ totalChunks: CHUNKS, readsWithChunks: CHUNKS, verdict: "real-time" });
    expect(analysis.avgGapMs).toBeGreaterThan(INTERVAL_MS - 15);
    expect(analysis.avgGapMs).toBeLessThan(INTERVAL_MS + 15);
  });

  it("decodes a gzip stream incrementally, each sync-flushed event as its read arrives", async () => {
    server = await startSseServer({
      frames: seedFrames({ chunks: CHUNKS }),
      intervalMs: INTERVAL_MS,
      gzip: true,
    });
    const measurement = await measureStream({ url: server.url, acceptEncoding: "gzip" });

    expect(measurement).toMatchObject({ status: 200, contentEncoding: "gzip", text: expectedText });
    expect(measurement.error).toBeUndefined();
    const analysis = analyzeArrivals(measurement);
    expect(analysis).toMatchObject({ totalChunks: CHUNKS, readsWithChunks: CHUNKS, verdict: "real-time" });
    expect(analysis.avgGapMs).toBeGreaterThan(INTERVAL_MS - 15);
    expect(analysis.avgGapMs).toBeLessThan(INTERVAL_MS + 15);
  });

  it("sees a response written all at once as one read, and calls it buffered", async () => {
    server = await startSseServer({
      frames: seedFrames({ chunks: CHUNKS }),
      intervalMs: INTERVAL_MS,
      burst: true,
    });
    const measurement = await measureStream({ url: server.url });

    expect(measurement.text).toBe(expectedText);
    const analysis = analyzeArrivals(measurement);
    expect(analysis).toMatchObject({
      totalChunks: CHUNKS,
      readsWithChunks: 1,
      avgGapMs: 0,
      verdict: "buffered",
    });
    expect(analysis.firstChunkMs).toBeGreaterThan(INTERVAL_MS * CHUNKS);
  });

  it("stamps an event whose multi-byte character was split across two reads with the second read", async () => {
    const frame = Buffer.from('data: {"chunk":"🙂"}\n\n');
    const split = frame.indexOf(0xf0) + 2;
    server = await startSseServer({
      frames: [frame.subarray(0, split), frame.subarray(split)],
      intervalMs: 60,
    });
    const measurement = await measureStream({ url: server.url });

    expect(measurement.text).toBe("🙂");
    expect(measurement.events).toHaveLength(1);
    expect(measurement.events[0]?.readIndex).toBe(measurement.reads.length - 1);
    expect(measurement.events[0]?.at).toBeGreaterThanOrEqual(55);
  });

  it("POSTs a JSON body with SSE and encoding headers", async () => {
    server = await startSseServer({ frames: seedFrames({ chunks: 1 }) });
    await measureStream({ url: server.url, body: { message: "hi" }, acceptEncoding: "gzip" });

    expect(server.requests[0]).toMatchObject({
      method: "POST",
      body: '{"message":"hi"}',
      headers: { "content-type": "application/json", accept: "text/event-stream", "accept-encoding": "gzip" },
    });
  });

  it("returns what arrived before a timeout, with the reason", async () => {
    server = await startSseServer({ frames: seedFrames({ chunks: CHUNKS }), intervalMs: INTERVAL_MS });
    const measurement = await measureStream({ url: server.url, timeoutMs: 180 });

    expect(measurement.error).toBe("timed out after 180 ms");
    expect(measurement.status).toBe(200);
    expect(analyzeArrivals(measurement).totalChunks).toBeGreaterThanOrEqual(2);
    expect(measurement.endedAt).toBeLessThan(INTERVAL_MS * CHUNKS);
  });

  it("stops when its signal aborts", async () => {
    server = await startSseServer({ frames: seedFrames({ chunks: CHUNKS }), intervalMs: INTERVAL_MS });
    const measurement = await measureStream({ url: server.url, signal: AbortSignal.timeout(120) });

    expect(measurement.error).toBe("aborted");
    expect(measurement.events.length).toBeGreaterThan(0);
  });

  it("reports a refused connection as status 0 with the error", async () => {
    server = await startSseServer({ frames: [] });
    const { url } = server;
    await server.close();
    server = undefined;
    const measurement = await measureStream({ url });

    expect(measurement).toMatchObject({ status: 0, headersAt: null, events: [], reads: [] });
    expect(measurement.error).toMatch(/ECONNREFUSED/);
  });
});
