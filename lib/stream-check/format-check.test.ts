import { describe, expect, it } from "vitest";
import type { StreamCheck, StreamCheckRun } from "./check-stream";
import { formatRun } from "./format-check";

const realTime: StreamCheck = {
  url: "http://127.0.0.1:8080/chat/stream",
  encoding: "identity",
  status: 200,
  contentEncoding: "identity",
  headers: {},
  analysis: {
    firstChunkMs: 61,
    avgGapMs: 50,
    maxGapMs: 52,
    totalChunks: 40,
    readsWithChunks: 40,
    verdict: "real-time",
    reasons: [],
  },
  arrivals: [],
  pattern: { kind: "spread" },
  detection: { proxy: "unknown", certainty: "none", evidence: [] },
  serverMaxGapMs: 51,
  totalReads: 42,
  exitCode: 0,
};
const oneRead = { kind: "one-read", chunks: 40, totalChunks: 40, atMs: 2049 } as const;
const buffered = (detection: StreamCheck["detection"]): StreamCheck => ({
  ...realTime,
  encoding: "gzip",
  contentEncoding: "gzip",
  analysis: {
    ...realTime.analysis,
    firstChunkMs: 2049,
    avgGapMs: 0,
    maxGapMs: 0,
    readsWithChunks: 1,
    verdict: "buffered",
    reasons: ["40 of 40 chunks (100%) arrived in one network read"],
  },
  pattern: oneRead,
  detection,
  totalReads: 2,
  exitCode: 1,
});
const run = (...checks: StreamCheck[]): StreamCheckRun => ({
  exitCode: Math.max(...checks.map((check) => check.exitCode)) as 0 | 1 | 2,
  checks,
});

describe("formatRun", () => {
  it("prints one block per encoding and a verdict for each", () => {
    const text = formatRun({ run: run(realTime, { ...realTime, encoding: "gzip" }) });
    expect(text.match(/📊 Total chunks: 40/g)).toHaveLength(2);
    expect(text).toContain("Accept-Encoding: identity");
    expect(text).toContain("Accept-Encoding: gzip");
    expect(text).toMatch(/🧾 Verdicts: identity real time · gzip real time$/);
    // Nothing named, nothing held back: no proxy line, no fix.
    expect(text).not.toContain("🧭");
    expect(text).not.toContain("🔧");
  });

  it("names the proxy of the buffered check with its evidence, and shows that proxy's own fix", () => {
    const varnish = buffered({
      proxy: "varnish",
      certainty: "named",
      evidence: [{ kind: "header", name: "X-Varnish", value: "32770" }, oneRead],
    });
    const text = formatRun({ run: run(realTime, varnish) });
    expect(text).toContain("🧭 Proxy: Varnish — X-Varnish: 32770; 40 of 40 chunks in one read after 2.0 s");
    expect(text).toContain("🔧 Fix for Varnish: Varnish holds a stream back when it compresses it");
    expect(text).toContain("set beresp.do_gzip = false;");
    expect(text).toContain("More: docs/deploy.md#varnish");
    expect(text).not.toContain("proxy_ignore_headers");
    expect(text).toMatch(/🧾 Verdicts: identity real time · gzip buffered$/);
  });

  it("marks an inferred proxy as likely", () => {
    const haproxy = buffered({
      proxy: "haproxy",
      certainty: "likely",
      evidence: [{ kind: "no-server-header" }],
    });
    expect(formatRun({ run: run(haproxy) })).toContain(
      "🧭 Proxy: HAProxy (likely) — no Server or Via header",
    );
  });

  it("gives the generic checklist, not nginx's fix, when nothing names the proxy", () => {
    const text = formatRun({
      run: run(buffered({ proxy: "unknown", certainty: "none", evidence: [oneRead] })),
    });
    expect(text).toContain("🧭 Proxy: none named — 40 of 40 chunks in one read after 2.0 s");
    expect(text).toContain("🔧 Fix: nothing names the proxy");
    expect(text).toContain("   - Turn response buffering off for Lumia's stream paths");
    expect(text).not.toContain("nginx");
  });

  it("speaks Swedish on request, keeping the seed's monitoring lines as they are", () => {
    const lighttpd = buffered({
      proxy: "lighttpd",
      certainty: "named",
      evidence: [{ kind: "header", name: "Server", value: "lighttpd/1.4.69" }],
    });
    const text = formatRun({ run: run(lighttpd), locale: "sv" });
    expect(text).toContain("⚡ First chunk received after: 2.049s");
    expect(text).toContain("⚠️ Bedömning: buffrad");
    expect(text).toContain("🔧 Åtgärd för lighttpd: lighttpd samlar ihop hela svaret");
    expect(text).toContain("server.stream-response-body = 2");
    expect(text).toMatch(/🧾 Bedömningar: gzip buffrad$/);
  });

  it("reports an error instead of a verdict", () => {
    const failed: StreamCheck = { ...realTime, error: "HTTP 502", exitCode: 2 };
    const text = formatRun({ run: run(failed) });
    expect(text).toContain("❌ Error: HTTP 502");
    expect(text).toMatch(/🧾 Verdicts: identity error$/);
  });
});
