import { describe, expect, it } from "vitest";
import { analyzeArrivals } from "@/lib/stream-check/analyze-arrivals";
import { measureStream } from "@/lib/stream-check/measure-stream";
import type { AppServer } from "../helpers/app-server";
import type { EmulatorProcess } from "../helpers/emulator-process";
import { withLumiaStack } from "../helpers/lumia-stack";

let emulator: EmulatorProcess;
let app: AppServer;

withLumiaStack({
  emulator: { tokenIntervalMs: 10, firstTokenDelayMs: 20, replyTokens: 8 },
  env: { LUMIA_HEARTBEAT_MS: "200" },
  ready: (stack) => ({ emulator, app } = stack),
});

describe("the seed wire format", () => {
  it("start first and at once, one chunk per Ollama token, done last with the stats", async () => {
    const measurement = await measureStream({
      url: `${app.url}/chat/stream`,
      body: { message: "say exactly: Hej på dig, världen! 🚀" },
    });
    expect(measurement.headers).toMatchObject({
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-transform",
      connection: "keep-alive",
      "x-accel-buffering": "no",
    });
    const [start, ...rest] = measurement.events;
    expect(start).toMatchObject({
      event: "start",
      data: { start: true, model: "llama3.2", id: expect.any(String) },
    });
    // The start event is written before Ollama answers: it arrives before the first-token delay is over.
    expect(start?.at).toBeLessThan(measurement.events[1]?.at ?? 0);
    const chunks = rest.filter((e) => e.event === "message");
    expect(chunks.map((e) => (e.data as { chunk: string }).chunk).join("")).toBe("Hej på dig, världen! 🚀");
    expect(chunks.length).toBeGreaterThan(3);
    const done = measurement.events.at(-1);
    expect(done?.event).toBe("done");
    const doneData = done?.data as { done: boolean; stats: object };
    expect(doneData.done).toBe(true);
    expect(doneData.stats).toMatchObject({
      model: "llama3.2",
      first_chunk_ms: expect.any(Number),
      avg_gap_ms: expect.any(Number),
      max_gap_ms: expect.any(Number),
      total_chunks: chunks.length,
      total_ms: expect.any(Number),
      eval_count: chunks.length,
      prompt_eval_count: expect.any(Number),
      tokens_per_second: expect.any(Number),
    });
  });

  it("sends the history and system prompt it was given to Ollama", async () => {
    await emulator.reset();
    await measureStream({
      url: `${app.url}/api/chat/stream`,
      body: {
        message: "And now?",
        system: "You are terse.",
        history: [
          { role: "user", content: "First question" },
          { role: "assistant", content: "First answer" },
        ],
      },
    });
    const [request] = (await emulator.stats()).requests.filter((r) => r.path === "/api/chat");
    expect(request?.body).toMatchObject({
      model: "llama3.2",
      stream: true,
      messages: [
        { role: "system", content: "You are terse." },
        { role: "user", content: "First question" },
        { role: "assistant", content: "First answer" },
        { role: "user", content: "And now?" },
      ],
    });
  });

  it("writes keep-alive comments while Ollama is silent", async () => {
    const measurement = await measureStream({
      url: `${app.url}/chat/stream`,
      body: { message: 'Slow model [[emu {"firstTokenDelayMs":700}]]' },
    });
    const firstChunk = measurement.events.find((e) => e.event === "message");
    const readsBefore = measurement.reads.filter((r) => r.at < (firstChunk?.at ?? 0));
    // start, then a comment every 200 ms of silence: at least 3 reads before the first text.
    expect(readsBefore.length).toBeGreaterThanOrEqual(3);
  });

  it("logs the seed's monitoring lines and the outcome for every stream", async () => {
    await measureStream({ url: `${app.url}/memory/chat/fast`, body: { message: "Quick one" } });
    await app.waitForLog(/✅ \/memory\/chat\/fast model=llama3\.2 outcome=done/);
    const log = app.logs();
    expect(log).toMatch(/⚡ First chunk received after: \d+\.\d{3}s/);
    expect(log).toMatch(/📊 Average time between chunks: \d+\.\d{3}s/);
    expect(log).toMatch(/📊 Total chunks: 8/);
  });
});

describe("the synthetic test stream", () => {
  it("defaults to 20 chunks at 100 ms", async () => {
    const measurement = await measureStream({ url: `${app.url}/memory/test/stream` });
    const analysis = analyzeArrivals({ events: measurement.events });
    expect(analysis.totalChunks).toBe(20);
    expect(analysis.avgGapMs).toBeGreaterThan(85);
    expect(analysis.avgGapMs).toBeLessThan(115);
    expect(measurement.events.at(-1)?.event).toBe("done");
  });

  it("caps chunks at 1000", async () => {
    const measurement = await measureStream({
      url: `${app.url}/api/memory/test/stream?chunks=50000&interval_ms=0`,
    });
    expect(analyzeArrivals({ events: measurement.events }).totalChunks).toBe(1000);
  });

  it("refuses values that are not numbers", async () => {
    const response = await fetch(`${app.url}/memory/test/stream?chunks=many`);
    expect(response.status).toBe(400);
    expect((await response.json()).code).toBe("invalid_request");
  });
});

describe("health and models", () => {
  it("/api/health reports Ollama reachable with its version and host, and the database answering", async () => {
    const health = await (await fetch(`${app.url}/api/health`)).json();
    expect(health).toEqual({
      ok: true,
      ollama: { reachable: true, version: expect.any(String), host: emulator.url },
      database: { ok: true },
    });
  });

  it("/api/models lists installed models with details and marks the loaded ones", async () => {
    await measureStream({
      url: `${app.url}/chat/stream`,
      body: { message: "load it", model: "qwen2.5:0.5b" },
    });
    const listing = await (await fetch(`${app.url}/api/models`)).json();
    expect(listing.defaultModel).toBe("llama3.2");
    const names = listing.models.map((m: { name: string }) => m.name);
    expect(names).toEqual(
      expect.arrayContaining(["llama3.2:latest", "qwen2.5:0.5b", "nomic-embed-text:latest"]),
    );
    const qwen = listing.models.find((m: { name: string }) => m.name === "qwen2.5:0.5b");
    expect(qwen).toMatchObject({
      family: "qwen2",
      parameterSize: "494.03M",
      quantization: "Q4_K_M",
      loaded: true,
      capabilities: expect.arrayContaining(["completion"]),
    });
    const embedder = listing.models.find((m: { name: string }) => m.name === "nomic-embed-text:latest");
    expect(embedder.capabilities).toEqual(["embedding"]);
    expect(qwen.size).toBeGreaterThan(0);
    expect(listing.loaded.some((m: { name: string }) => m.name === "qwen2.5:0.5b")).toBe(true);
  });
});
