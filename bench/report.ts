import { readFileSync, writeFileSync } from "node:fs";
import type { BenchOptions } from "./options";
import type { PhaseSummary } from "./summary";

/** One goal of issues 6 and 15, checked against a run. */
export interface GoalCheck {
  endpoint: string;
  goal: string;
  target: string;
  actual: string;
  met: boolean;
}

const ms = (value: number | null) => (value === null ? "–" : value.toFixed(1));

/**
 * The goals, against the same run's references. The floor proxy against the raw emulator (issue 6's goals:
 * p99 added delay ≤ 1.5 × raw + 2 ms, first-text p50 ≤ raw + 10 ms), to show what one Node process in the
 * path costs at this load. Each Lumia endpoint against the floor (issue 15): p99 added delay ≤ 1.2 × the
 * floor's + 2 ms, first-text p50 ≤ the floor's + 10 ms, CPU per chunk ≤ 1.2 × the floor's; and for both,
 * no failed stream and under 50 KB of RSS per open stream.
 */
export function checkGoals({ phases }: { phases: PhaseSummary[] }): GoalCheck[] {
  const raw = phases.find((phase) => phase.endpoint === "raw");
  const floor = phases.find((phase) => phase.endpoint === "floor");
  const checks: GoalCheck[] = [];
  for (const phase of phases) {
    if (phase.endpoint === "raw") continue;
    const { endpoint } = phase;
    const reference = endpoint === "floor" ? raw : floor;
    const against = endpoint === "floor" ? "raw" : "floor";
    const [factor, cushion] = endpoint === "floor" ? [1.5, 2] : [1.2, 2];
    if (reference?.chunkDelayMs.p99 != null && phase.chunkDelayMs.p99 !== null) {
      const limit = factor * reference.chunkDelayMs.p99 + cushion;
      checks.push({
        endpoint,
        goal: `p99 added delay ≤ ${factor} × ${against} + ${cushion} ms`,
        target: `≤ ${ms(limit)} ms`,
        actual: `${ms(phase.chunkDelayMs.p99)} ms`,
        met: phase.chunkDelayMs.p99 <= limit,
      });
    }
    if (reference?.firstTextMs.p50 != null && phase.firstTextMs.p50 !== null) {
      const limit = reference.firstTextMs.p50 + 10;
      checks.push({
        endpoint,
        goal: `first-text p50 ≤ ${against} + 10 ms`,
        target: `≤ ${ms(limit)} ms`,
        actual: `${ms(phase.firstTextMs.p50)} ms`,
        met: phase.firstTextMs.p50 <= limit,
      });
    }
    if (endpoint !== "floor" && floor && floor.server.cpuUsPerChunk > 0) {
      const limit = 1.2 * floor.server.cpuUsPerChunk;
      checks.push({
        endpoint,
        goal: "CPU per chunk ≤ 1.2 × floor",
        target: `≤ ${limit.toFixed(1)} µs`,
        actual: `${phase.server.cpuUsPerChunk.toFixed(1)} µs`,
        met: phase.server.cpuUsPerChunk <= limit,
      });
    }
    checks.push({
      endpoint,
      goal: "no stream fails",
      target: "0",
      actual: String(phase.streams.failed),
      met: phase.streams.failed === 0,
    });
    // Judged on the steady figure (all streams open); the peak-based one, shown beside it, also counts
    // garbage not yet collected and requests queued during the ramp.
    const steady = phase.server.steadyRssPerStreamKb;
    checks.push({
      endpoint,
      goal: "RSS per open stream < 50 KB (steady; peak-based in brackets)",
      target: "< 50 KB",
      actual: `${steady === null ? "–" : steady.toFixed(1)} KB (${phase.server.rssPerStreamKb.toFixed(1)} KB)`,
      met: steady !== null && steady < 50,
    });
  }
  return checks;
}

/** The results as markdown: the run's parameters, one row per target, then the goals. */
export function markdownReport({
  options,
  phases,
  goals,
  startedAt,
}: {
  options: BenchOptions;
  phases: PhaseSummary[];
  goals: GoalCheck[];
  startedAt: string;
}): string {
  const lines = [
    `Run ${startedAt}: ${options.streams} streams per target over ${options.rampMs} ms, ` +
      `${options.tokens} tokens at ${options.intervalMs} ms (first token after ${options.firstTokenMs} ms); ` +
      `node ${process.version}, load average before each phase in the last column.`,
    "",
    "| target | ok / failed | added delay p50 / p99 / max (ms) | first text p50 / p99 (ms) | first text − emit p50 / p99 (ms) | server CPU (s) | CPU per chunk (µs) | bench client CPU (s) | peak RSS (MB) | RSS per open stream, steady / peak-based (KB) | load avg (1 min) |",
    "|---|---|---|---|---|---|---|---|---|---|---|",
  ];
  for (const phase of phases) {
    const d = phase.chunkDelayMs;
    const s = phase.server;
    lines.push(
      `| ${phase.label} | ${phase.streams.ok} / ${phase.streams.failed} | ${ms(d.p50)} / ${ms(d.p99)} / ${ms(d.max)} | ` +
        `${ms(phase.firstTextMs.p50)} / ${ms(phase.firstTextMs.p99)} | ` +
        `${ms(phase.firstTextMinusEmitMs.p50)} / ${ms(phase.firstTextMinusEmitMs.p99)} | ` +
        `${s.cpuSeconds.toFixed(2)}${s.process !== "emulator" ? ` (+ emulator ${phase.emulatorCpuSeconds.toFixed(2)})` : ""} | ` +
        `${s.cpuUsPerChunk.toFixed(1)} | ${phase.clientCpuSeconds.toFixed(2)} | ${s.peakRssMb.toFixed(1)} (idle ${s.idleRssMb.toFixed(1)}) | ` +
        `${s.steadyRssPerStreamKb === null ? "–" : s.steadyRssPerStreamKb.toFixed(1)} / ${s.rssPerStreamKb.toFixed(1)} (${s.peakOpenStreams} open) | ${phase.loadAverageBefore[0].toFixed(2)} |`,
    );
  }
  const failures = phases.filter((phase) => phase.streams.failed > 0);
  for (const phase of failures) {
    lines.push("", `Failures on ${phase.label}: ${JSON.stringify(phase.streams.failures)}`);
  }
  if (goals.length > 0) {
    lines.push("", "| endpoint | goal | target | actual | met |", "|---|---|---|---|---|");
    for (const goal of goals) {
      lines.push(
        `| ${goal.endpoint === "floor" || goal.endpoint.startsWith("sse-floor") ? `${goal.endpoint} (reference: not Lumia)` : goal.endpoint} | ${goal.goal} | ${goal.target} | ${goal.actual} | ${goal.met ? "yes" : "**no**"} |`,
      );
    }
  }
  return lines.join("\n");
}

/**
 * Replaces a generated block of docs/performance.md (`latest`: the targets at one load; `capacity`: the
 * capacity run), leaving the notes around it.
 */
export function updateDocs({
  file,
  markdown,
  block = "latest",
}: {
  file: string;
  markdown: string;
  block?: "latest" | "capacity" | "instances";
}): void {
  const START = `<!-- bench:${block}:start -->`;
  const END = `<!-- bench:${block}:end -->`;
  const doc = readFileSync(file, "utf8");
  const from = doc.indexOf(START);
  const to = doc.indexOf(END);
  if (from < 0 || to < from) throw new Error(`${file} has no ${START} … ${END} block to update`);
  writeFileSync(file, `${doc.slice(0, from + START.length)}\n${markdown}\n${doc.slice(to)}`);
}
