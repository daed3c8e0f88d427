import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const dir = mkdtempSync(path.join(tmpdir(), "lumia-bench-smoke-"));
const out = path.join(dir, "results.json");

afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Results {
  options: { streams: number; tokens: number };
  phases: {
    endpoint: string;
    streams: { ok: number; failed: number };
    chunks: number;
    chunkDelayMs: { p50: number | null; p99: number | null; max: number | null };
    firstTextMs: { p50: number | null; p99: number | null };
    firstTextMinusEmitMs: { p50: number | null; p99: number | null };
    server: {
      cpuSeconds: number;
      peakRssMb: number;
      rssPerStreamKb: number;
      steadyRssPerStreamKb: number | null;
    };
  }[];
  goals: unknown[];
}

// A smoke test: the benchmark runs end to end and every stream arrives whole. Nothing about speed,
// which depends on the machine and on whatever else shares its cores.
describe("npm run bench -- --quick", () => {
  it("completes, every stream succeeds, and the JSON has every figure", () => {
    const result = spawnSync(process.execPath, ["--import", "tsx", "bench/run.ts", "--quick", "--out", out], {
      cwd: ROOT,
      encoding: "utf8",
      timeout: 240_000,
    });
    expect(result.status, `${result.stdout}\n${result.stderr}`).toBe(0);
    expect(result.stdout).toContain("| raw emulator");

    const results = JSON.parse(readFileSync(out, "utf8")) as Results;
    expect(results.phases.map((phase) => phase.endpoint)).toEqual([
      "raw",
      "floor",
      "sse-floor",
      "sse-floor-next",
      "chat",
      "thread",
      "ui",
    ]);
    for (const phase of results.phases) {
      expect(phase.streams).toMatchObject({ ok: results.options.streams, failed: 0 });
      expect(phase.chunks).toBe(results.options.streams * results.options.tokens);
      for (const value of [
        phase.chunkDelayMs.p50,
        phase.chunkDelayMs.p99,
        phase.chunkDelayMs.max,
        phase.firstTextMs.p50,
        phase.firstTextMs.p99,
        phase.firstTextMinusEmitMs.p50,
        phase.firstTextMinusEmitMs.p99,
      ]) {
        expect(value).toEqual(expect.any(Number));
      }
      expect(phase.server.cpuSeconds).toBeGreaterThan(0);
      expect(phase.server.peakRssMb).toBeGreaterThan(0);
      expect(phase.server.rssPerStreamKb).toEqual(expect.any(Number));
      expect(phase.server.steadyRssPerStreamKb).toEqual(expect.any(Number));
    }
    expect(results.goals.length).toBeGreaterThan(0);
  }, 300_000);
});
