import type { BenchOptions } from "./options";
import type { PhaseSummary } from "./summary";

/** One server configuration's ladder: every load it ran, and the most streams that stayed in the limit. */
export interface CapacityResult {
  /** Lumia's server processes; 0 for the floor proxy (the reference). */
  workers: number;
  runs: PhaseSummary[];
  /** The most streams whose p99 added delay stayed within the limit with no failure; 0 if none did. */
  streams: number;
  /** The first load above it that did not, if the ladder got there. */
  firstOver: number | null;
}

const within = (run: PhaseSummary, limitMs: number) =>
  run.streams.failed === 0 && run.chunkDelayMs.p99 !== null && run.chunkDelayMs.p99 <= limitMs;

/** The most streams of a ladder that kept p99 within `limitMs` (every smaller load kept it too). */
export function capacityOf({ runs, limitMs }: { runs: PhaseSummary[]; limitMs: number }): {
  streams: number;
  firstOver: number | null;
} {
  let streams = 0;
  for (const run of runs) {
    const count = run.streams.ok + run.streams.failed;
    if (!within(run, limitMs)) return { streams, firstOver: count };
    streams = count;
  }
  return { streams, firstOver: null };
}

const ms = (value: number | null) => (value === null ? "–" : value.toFixed(1));

/** The capacity run as markdown: the verdict per configuration, then every load measured. */
export function capacityReport({
  options,
  results,
  startedAt,
}: {
  options: BenchOptions;
  results: CapacityResult[];
  startedAt: string;
}): string {
  const name = (workers: number) =>
    workers === 0
      ? "floor proxy (reference)"
      : `Lumia /chat/stream, ${workers} worker${workers === 1 ? "" : "s"}`;
  const lines = [
    `Capacity run ${startedAt}: streams opened over ${options.rampMs} ms, ${options.tokens} tokens at ` +
      `${options.intervalMs} ms each; node ${process.version}; the load average before each load in the last column.`,
    "",
    `| server | most streams with p99 added delay ≤ ${options.capacityP99Ms} ms | first load over it |`,
    "|---|---|---|",
    ...results.map(
      (result) =>
        `| ${name(result.workers)} | ${result.streams} (${Math.round((result.streams * 1000) / options.intervalMs)} chunks/s) | ${result.firstOver ?? "not reached"} |`,
    ),
    "",
    "| server | streams | failed | added delay p50 / p99 (ms) | first text p50 (ms) | server CPU (s) | CPU per chunk (µs) | load avg (1 min) |",
    "|---|---|---|---|---|---|---|---|",
  ];
  for (const result of results) {
    for (const run of result.runs) {
      lines.push(
        `| ${name(result.workers)} | ${run.streams.ok + run.streams.failed} | ${run.streams.failed} | ` +
          `${ms(run.chunkDelayMs.p50)} / ${ms(run.chunkDelayMs.p99)} | ${ms(run.firstTextMs.p50)} | ` +
          `${run.server.cpuSeconds.toFixed(2)} | ${run.server.cpuUsPerChunk.toFixed(1)} | ${run.loadAverageBefore[0].toFixed(2)} |`,
      );
    }
  }
  return lines.join("\n");
}
