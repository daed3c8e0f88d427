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
    ).toEqual({
      causes: [],
      detection: {
        proxy: "nginx",
        certainty: "named",
        evidence: [{ kind: "header", name: "Server", value: "nginx/1.22.1" }],
      },
      compressedButFlushed: "gzip",
    });
  });

  it("blames a buffering nginx that gzips, with the headers as evidence", () => {
    const diagnosis = diagnoseBuffering({
      analysis: buffered,
      headers: { server: "nginx/1.22.1", "content-encoding": "gzip" },
      contentEncoding: "gzip",
      intervalMs: 50,
    });
    expect(diagnosis.causes).toEqual([
      {
        id: "proxy-buffering",
        proxy: "nginx",
        evidence: [{ kind: "header", name: "Server", value: "nginx/1.22.1" }],
      },
      { id: "compression", evidence: "gzip" },
    ]);
    expect(diagnosis.detection.proxy).toBe("nginx");
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
    expect(diagnosis.detection.proxy).toBe("cloudflare");
  });

  it("still suspects a proxy when nothing names one, and says it is unknown", () => {
    expect(
      diagnoseBuffering({ analysis: buffered, headers: {}, contentEncoding: "identity", intervalMs: 50 }),
    ).toEqual({
      causes: [{ id: "proxy-buffering", proxy: "unknown", evidence: [] }],
      detection: { proxy: "unknown", certainty: "none", evidence: [] },
      compressedButFlushed: null,
    });
  });

  it("recognises Apache, Caddy and lighttpd by their Server header, lighttpd not as Apache", () => {
    const proxyOf = (server: string) =>
      diagnoseBuffering({
        analysis: buffered,
        headers: { server },
        contentEncoding: "identity",
        intervalMs: 50,
      }).detection.proxy;
    expect(proxyOf("Apache/2.4.62 (Debian)")).toBe("apache");
    expect(proxyOf("Caddy")).toBe("caddy");
    expect(proxyOf("lighttpd/1.4.69")).toBe("lighttpd");
  });

  it("names HAProxy, which sends no Server header, from its fixed-interval batches", () => {
    // As measured through HAProxy's defaults: about 5 chunks per read, one read every 250 ms.
    const reads = [285, 540, 788, 1040, 1289, 1540, 1788, 2037];
    const chunks = Array.from({ length: 40 }, (_, i) => ({
      at: reads[Math.floor(i / 5)] ?? 0,
      readIndex: Math.floor(i / 5),
    }));
    const diagnosis = diagnoseBuffering({
      analysis: {
        ...buffered,
        readsWithChunks: 8,
        reasons: ["40 chunks arrived in 8 network reads (expected at least 20)"],
      },
      headers: { "content-type": "text/event-stream; charset=utf-8" },
      contentEncoding: "identity",
      intervalMs: 50,
      chunks,
    });
    expect(diagnosis.detection).toMatchObject({ proxy: "haproxy", certainty: "likely" });
    expect(diagnosis.causes).toEqual([
      {
        id: "proxy-buffering",
        proxy: "haproxy",
        evidence: [
          { kind: "no-server-header" },
          { kind: "batches", batches: 8, totalChunks: 40, everyMs: 250 },
        ],
      },
    ]);
  });

  // 40 chunks at 50 ms: 10 on time, then 30 held back 1.4 s and delivered at once.
  const stalled = Array.from({ length: 40 }, (_, i) =>
    i < 10 ? { at: 60 + i * 50, readIndex: i } : { at: 60 + 10 * 50 + 1400, readIndex: 10 },
  );

  it("puts a busy page and a late server before any proxy when they explain the hold-up", () => {
    const diagnosis = diagnoseBuffering({
      analysis: buffered,
      headers: {},
      contentEncoding: "identity",
      longTasks: { count: 3, totalMs: 1420.4 },
      serverMaxGapMs: 900,
      intervalMs: 50,
      chunks: stalled,
    });
    expect(diagnosis.causes).toEqual([
      { id: "busy-page", evidence: "1420 ms" },
      { id: "late-server", evidence: "900 ms" },
      { id: "proxy-buffering", proxy: "unknown", evidence: [] },
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
      chunks: Array.from({ length: 40 }, () => ({ at: 2030, readIndex: 0 })),
    });
    expect(diagnosis.causes.map((cause) => cause.id)).toEqual(["proxy-buffering", "compression"]);
  });
});
