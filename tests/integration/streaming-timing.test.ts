import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { analyzeArrivals } from "@/lib/stream-check/analyze-arrivals";
import { measureStream } from "@/lib/stream-check/measure-stream";
import { createApiKey, signedIn } from "../helpers/accounts";
import { type AppServer, startApp } from "../helpers/app-server";
import { type EmulatorProcess, spawnEmulator } from "../helpers/emulator-process";
import { type RunningNginx, startNginx } from "../helpers/nginx";

const TOKENS = 30;
const INTERVAL_MS = 50;
const FIRST_TOKEN_MS = 200;

let emulator: EmulatorProcess;
let app: AppServer;
let hostile: RunningNginx;
let ignoresHeader: RunningNginx;
/** What every request carries: nothing without accounts, an API key with them. */
let headers: Record<string, string> = {};

beforeAll(async () => {
  emulator = await spawnEmulator({
    config: { tokenIntervalMs: INTERVAL_MS, firstTokenDelayMs: FIRST_TOKEN_MS, replyTokens: TOKENS },
  });
});

afterAll(async () => {
  await emulator?.stop();
});

async function measureChat({ base, acceptEncoding }: { base: string; acceptEncoding: string }) {
  const measurement = await measureStream({
    url: `${base}/chat/stream`,
    body: { message: "How does streaming work?" },
    acceptEncoding,
    headers,
  });
  const analysis = analyzeArrivals({ events: measurement.events });
  console.log(
    `${base} (${acceptEncoding} → ${measurement.contentEncoding}): first ${analysis.firstChunkMs?.toFixed(1)} ms, ` +
      `avg gap ${analysis.avgGapMs.toFixed(1)} ms, max gap ${analysis.maxGapMs.toFixed(1)} ms, ` +
      `${analysis.totalChunks} chunks in ${analysis.readsWithChunks} reads → ${analysis.verdict}`,
  );
  return { measurement, analysis };
}

function expectRealTime({ analysis }: Awaited<ReturnType<typeof measureChat>>) {
  expect(analysis.totalChunks).toBe(TOKENS);
  // One network read per chunk; a scheduler hiccup on a loaded 2-core machine may merge a few pairs.
  // Buffering looks nothing like that: the negative control below gets all 30 chunks in one read.
  expect(analysis.readsWithChunks).toBeGreaterThanOrEqual(Math.ceil(TOKENS * 0.9));
  expect(analysis.avgGapMs).toBeGreaterThanOrEqual(INTERVAL_MS - 15);
  expect(analysis.avgGapMs).toBeLessThanOrEqual(INTERVAL_MS + 15);
  expect(analysis.firstChunkMs).not.toBeNull();
  expect(analysis.firstChunkMs as number).toBeLessThanOrEqual(FIRST_TOKEN_MS + 100);
  expect(analysis.verdict).toBe("real-time");
}

// The same measurements without accounts and with them (every request then authenticated by an API key):
// authentication happens once per request, never between two chunks.
for (const accounts of [false, true]) {
  describe(accounts ? "with accounts on (an API key on every request)" : "without accounts", () => {
    beforeAll(async () => {
      app = await startApp({ ollamaHost: emulator.url, env: { LUMIA_AUTH: accounts ? "on" : "off" } });
      if (accounts) {
        const user = await signedIn({ url: app.url, email: "timing@example.com" });
        headers = {
          authorization: `Bearer ${(await createApiKey({ url: app.url, cookie: user.cookie })).key}`,
        };
      } else headers = {};
      hostile = await startNginx({ upstream: app.url, mode: "hostile" });
      ignoresHeader = await startNginx({ upstream: app.url, mode: "ignore-accel" });
    });

    afterAll(async () => {
      await Promise.all([hostile?.stop(), ignoresHeader?.stop()]);
      await app?.stop();
    });

    describe("every chunk reaches the client the moment Ollama makes it", () => {
      it("straight from the production server", async () => {
        const result = await measureChat({ base: app.url, acceptEncoding: "identity" });
        expect(result.measurement.status).toBe(200);
        expectRealTime(result);
      });

      it("when the client accepts gzip (decompressed as a browser does)", async () => {
        const result = await measureChat({ base: app.url, acceptEncoding: "gzip" });
        expectRealTime(result);
      });

      it("through nginx that gzips event streams and buffers proxied responses by default", async () => {
        const result = await measureChat({ base: hostile.url, acceptEncoding: "gzip" });
        expect(result.measurement.contentEncoding).toBe("gzip");
        expectRealTime(result);
      });

      it("negative control: the same nginx told to ignore X-Accel-Buffering bunches the chunks", async () => {
        const { analysis } = await measureChat({ base: ignoresHeader.url, acceptEncoding: "gzip" });
        expect(analysis.totalChunks).toBe(TOKENS);
        expect(analysis.readsWithChunks).toBeLessThanOrEqual(3);
        expect(analysis.verdict).toBe("buffered");
      });
    });

    describe("every streaming path streams with gzip accepted", () => {
      const paths = [
        "/chat/stream",
        "/api/chat/stream",
        "/memory/chat/stream",
        "/api/memory/chat/stream",
        "/memory/chat/fast",
        "/api/memory/chat/fast",
      ];
      for (const path of paths) {
        it(path, async () => {
          const measurement = await measureStream({
            url: `${app.url}${path}`,
            body: { message: 'Stream me [[emu {"replyTokens":12}]]' },
            acceptEncoding: "gzip",
            headers,
          });
          const analysis = analyzeArrivals({ events: measurement.events });
          expect(measurement.headers["x-accel-buffering"]).toBe("no");
          expect(analysis.totalChunks).toBe(12);
          expect(analysis.readsWithChunks).toBeGreaterThanOrEqual(10);
        });
      }

      it("/threads/{id}/chat/stream and its /api twin", async () => {
        const thread = await (
          await fetch(`${app.url}/api/threads`, {
            method: "POST",
            headers: { "content-type": "application/json", ...headers },
            body: "{}",
          })
        ).json();
        for (const prefix of ["", "/api"]) {
          const measurement = await measureStream({
            url: `${app.url}${prefix}/threads/${thread.id}/chat/stream`,
            body: { message: 'Stream me [[emu {"replyTokens":12}]]' },
            acceptEncoding: "gzip",
            headers,
          });
          const analysis = analyzeArrivals({ events: measurement.events });
          expect(analysis.totalChunks).toBe(12);
          expect(analysis.readsWithChunks).toBeGreaterThanOrEqual(10);
        }
      });

      it("/memory/test/stream and its /api twin, by GET and POST", async () => {
        for (const [path, method] of [
          ["/memory/test/stream", "GET"],
          ["/api/memory/test/stream", "POST"],
        ] as const) {
          const measurement = await measureStream({
            url: `${app.url}${path}?chunks=15&interval_ms=40`,
            method,
            acceptEncoding: "gzip",
            headers,
          });
          const analysis = analyzeArrivals({ events: measurement.events });
          expect(analysis.totalChunks).toBe(15);
          expect(analysis.readsWithChunks).toBeGreaterThanOrEqual(13);
          expect(analysis.avgGapMs).toBeGreaterThan(25);
          expect(analysis.avgGapMs).toBeLessThan(55);
        }
      });
    });
  });
}
