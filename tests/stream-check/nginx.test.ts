import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { analyzeArrivals } from "@/lib/stream-check/analyze-arrivals";
import { measureStream } from "@/lib/stream-check/measure-stream";
import type { ArrivalAnalysis, StreamMeasurement } from "@/lib/stream-check/types";
import { lumiaConfPath, type NginxMode, nginxBin, startNginx } from "@/tests/helpers/nginx";
import { type SseTestServer, seedFrames, startSseServer } from "./sse-test-server";

const CHUNKS = 30;
const INTERVAL_MS = 50;
const EXPECTED_TEXT = Array.from({ length: CHUNKS }, (_, i) => `word${i + 1} `).join("");

/** Streams CHUNKS events INTERVAL_MS apart from `origin` through nginx in `mode`, asking for gzip. */
async function throughNginx({
  origin,
  mode,
}: {
  origin: SseTestServer;
  mode: NginxMode;
}): Promise<{ measurement: StreamMeasurement; analysis: ArrivalAnalysis }> {
  const nginx = await startNginx({ upstream: new URL(origin.url).origin, mode });
  try {
    const measurement = await measureStream({ url: `${nginx.url}/stream`, acceptEncoding: "gzip" });
    const analysis = analyzeArrivals(measurement);
    // The numbers behind the verdict, for whoever reads a failing or flaky run.
    console.info(
      `nginx ${mode}: ${measurement.contentEncoding}, ${measurement.reads.length} reads, ` +
        `${analysis.readsWithChunks} with chunks, avg gap ${analysis.avgGapMs.toFixed(1)} ms, ` +
        `first chunk ${analysis.firstChunkMs?.toFixed(0)} ms, ${analysis.verdict}`,
    );
    expect(measurement).toMatchObject({ status: 200, text: EXPECTED_TEXT });
    expect(measurement.error).toBeUndefined();
    return { measurement, analysis };
  } finally {
    await nginx.stop();
  }
}

describe(`SSE through nginx (${nginxBin})`, () => {
  let withHeader: SseTestServer;
  let withoutHeader: SseTestServer;

  beforeAll(async () => {
    const frames = seedFrames({ chunks: CHUNKS });
    withHeader = await startSseServer({ frames, intervalMs: INTERVAL_MS });
    withoutHeader = await startSseServer({ frames, intervalMs: INTERVAL_MS, accelBuffering: false });
  });
  afterAll(async () => {
    await withHeader?.close();
    await withoutHeader?.close();
  });

  it("hostile (gzip, buffering on): X-Accel-Buffering: no still gets every event through on time", async () => {
    const { measurement, analysis } = await throughNginx({ origin: withHeader, mode: "hostile" });
    expect(measurement.contentEncoding).toBe("gzip");
    expect(withHeader.requests.at(-1)?.headers["accept-encoding"]).toBeUndefined();
    expect(analysis.verdict).toBe("real-time");
    expect(analysis.readsWithChunks).toBeGreaterThanOrEqual(CHUNKS - 3);
    expect(analysis.avgGapMs).toBeGreaterThan(INTERVAL_MS - 15);
    expect(analysis.avgGapMs).toBeLessThan(INTERVAL_MS + 15);
  });

  it("hostile without X-Accel-Buffering: nginx holds the answer back and delivers it at the end", async () => {
    const { analysis } = await throughNginx({ origin: withoutHeader, mode: "hostile" });
    expect(analysis.verdict).toBe("buffered");
    expect(analysis.readsWithChunks).toBeLessThanOrEqual(3);
    expect(analysis.firstChunkMs).toBeGreaterThan(INTERVAL_MS * CHUNKS * 0.8);
  });

  it("ignore-accel (negative control): nginx ignoring the header bunches the events", async () => {
    const { measurement, analysis } = await throughNginx({ origin: withHeader, mode: "ignore-accel" });
    expect(measurement.contentEncoding).toBe("gzip");
    expect(analysis.verdict).toBe("buffered");
    expect(analysis.readsWithChunks).toBeLessThanOrEqual(3);
  });

  it("recommended (deploy/nginx/lumia.conf): real time, forwarded headers set", async () => {
    const { measurement, analysis } = await throughNginx({ origin: withHeader, mode: "recommended" });
    expect(measurement.contentEncoding).toBe("identity");
    expect(analysis.verdict).toBe("real-time");
    expect(analysis.readsWithChunks).toBeGreaterThanOrEqual(CHUNKS - 3);
    expect(analysis.avgGapMs).toBeGreaterThan(INTERVAL_MS - 15);
    expect(analysis.avgGapMs).toBeLessThan(INTERVAL_MS + 15);
    expect(withHeader.requests.at(-1)?.headers).toMatchObject({
      "x-forwarded-for": "127.0.0.1",
      "x-forwarded-proto": "http",
      "x-forwarded-host": expect.stringMatching(/^127\.0\.0\.1:\d+$/),
    });
  });
});

describe("deploy/nginx/lumia.conf", () => {
  // Directives only: the comments mention what not to do.
  const directives = readFileSync(lumiaConfPath, "utf8").replace(/#.*$/gm, "");

  it("proxies with keepalive-ready HTTP/1.1 and a long read timeout", () => {
    expect(directives).toMatch(/proxy_http_version 1\.1;/);
    expect(directives).toMatch(/proxy_set_header Connection "";/);
    expect(directives).toMatch(/proxy_read_timeout 3600s;/);
  });

  it("leaves buffering to Lumia's per-response header", () => {
    expect(directives).not.toMatch(/proxy_buffering\s+off/);
    expect(directives).not.toMatch(/proxy_ignore_headers/);
  });
});
