import { describe, expect, it } from "vitest";
import type { ArrivalAnalysis } from "@/lib/stream-check/types";
import { diagnoseBuffering } from "./diagnose-buffering";

const realTime: ArrivalAnalysis = {
  firstChunkMs: 60,
  avgGapMs: 50,
  maxGapMs: 70,
  totalChunks: 40,
  readsWithChunks: 40,
  verdict: "real-time",
  reasons: [],
};
const buffered: ArrivalAnalysis = {
  ...realTime,
  firstChunkMs: 2050,
  avgGapMs: 0,
  maxGapMs: 0,
  readsWithChunks: 1,
  verdict: "buffered",
  reasons: ["40 of 40 chunks (100%) arrived in one network read"],
};

describe("diagnoseBuffering", () => {
  it("names no cause for a real-time stream, but notes a compressing proxy that flushed", () => {
    expect(
      diagnoseBuffering({
        analysis: realTime,
        headers: { server: "nginx/1.22.1" },
        contentEncoding: "gzip",
        intervalMs: 50,
      }),
    ).toEqual({ causes: [], proxy: "nginx", compressedButFlushed: "gzip" });
  });

  it("blames a buffering nginx that gzips, with the headers as evidence", () => {
    const diagnosis = diagnoseBuffering({
      analysis: buffered,
      headers: { server: "nginx/1.22.1", "content-encoding": "gzip" },
      contentEncoding: "gzip",
      intervalMs: 50,
    });
    expect(diagnosis.causes).toEqual([
      { id: "proxy-buffering", evidence: "nginx/1.22.1" },
      { id: "compression", evidence: "gzip" },
    ]);
    expect(diagnosis.proxy).toBe("nginx");
  });

  it("puts a CDN first when its headers are there", () => {
    const diagnosis = diagnoseBuffering({
      analysis: buffered,
      headers: { server: "cloudflare", "cf-ray": "8a1b2c3d4e5f-ARN" },
      contentEncoding: "br",
      intervalMs: 50,
    });
    expect(diagnosis.causes.map((cause) => cause.id)).toEqual(["cdn", "proxy-buffering", "compression"]);
    expect(diagnosis.causes[0]).toEqual({ id: "cdn", evidence: "Cloudflare" });
    expect(diagnosis.proxy).toBe("cloudflare");
  });

  it("still suspects a proxy when nothing names one", () => {
    expect(
      diagnoseBuffering({ analysis: buffered, headers: {}, contentEncoding: "identity", intervalMs: 50 }),
    ).toEqual({
      causes: [{ id: "proxy-buffering", evidence: null }],
      proxy: null,
      compressedButFlushed: null,
    });
  });

  it("recognises Apache and Caddy by their Server header", () => {
    const proxyOf = (server: string) =>
      diagnoseBuffering({
        analysis: buffered,
        headers: { server },
        contentEncoding: "identity",
        intervalMs: 50,
      }).proxy;
    expect(proxyOf("Apache/2.4.62 (Debian)")).toBe("apache");
    expect(proxyOf("Caddy")).toBe("caddy");
  });

  // 40 chunks at 50 ms: 10 on time, then 30 held back 1.4 s and delivered at once.
  const stalled = Array.from({ length: 40 }, (_, i) => (i < 10 ? 60 + i * 50 : 60 + 10 * 50 + 1400));

  it("puts a busy page and a late server before any proxy when they explain the hold-up", () => {
    const diagnosis = diagnoseBuffering({
      analysis: buffered,
      headers: {},
      contentEncoding: "identity",
      longTasks: { count: 3, totalMs: 1420.4 },
      serverMaxGapMs: 900,
      intervalMs: 50,
      arrivals: stalled,
    });
    expect(diagnosis.causes).toEqual([
      { id: "busy-page", evidence: "1420 ms" },
      { id: "late-server", evidence: "900 ms" },
      { id: "proxy-buffering", evidence: null },
    ]);
  });

  it("does not blame a short busy spell or server jitter for a whole stream held back", () => {
    const diagnosis = diagnoseBuffering({
      analysis: buffered,
      headers: { server: "nginx/1.22.1" },
      contentEncoding: "gzip",
      longTasks: { count: 2, totalMs: 103 },
      serverMaxGapMs: 87,
      intervalMs: 50,
      arrivals: Array.from({ length: 40 }, () => 2030),
    });
    expect(diagnosis.causes.map((cause) => cause.id)).toEqual(["proxy-buffering", "compression"]);
  });
});
