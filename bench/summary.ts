import type { PhaseSamples } from "./load";

/** Percentiles of a sample, ms, rounded to 0.1. */
export interface Distribution {
  p50: number | null;
  p99: number | null;
  max: number | null;
}

/** One target's line of the results, as the JSON and the table carry it. */
export interface PhaseSummary {
  endpoint: string;
  label: string;
  streams: { ok: number; failed: number; failures: Record<string, number> };
  chunks: number;
  chunkDelayMs: Distribution & { min: number | null };
  firstTextMs: Distribution;
  firstTextMinusEmitMs: Distribution;
  server: {
    /** The process that served the streams: the emulator for `raw`, the floor proxy, or Lumia. */
    process: "emulator" | "lumia" | "proxy";
    cpuSeconds: number;
    /** CPU microseconds per chunk delivered (the phase's CPU over its chunks, request handling included). */
    cpuUsPerChunk: number;
    idleRssMb: number;
    peakRssMb: number;
    peakOpenStreams: number;
    /** (peak RSS − idle) / peak open streams: an upper bound, it includes uncollected garbage. */
    rssPerStreamKb: number;
    /** RSS per stream while nearly all are open (median; see steadyRssPerStreamKb). */
    steadyRssPerStreamKb: number | null;
  };
  /** The emulator's CPU while Lumia's phase ran (it serves Lumia's streams too). */
  emulatorCpuSeconds: number;
  /** The load generator's own CPU (this process), which shares the cores with the servers. */
  clientCpuSeconds: number;
  loadAverageBefore: [number, number, number];
  durationMs: number;
  /** Lumia's server processes (LUMIA_WORKERS) for a Lumia target. */
  workers?: number;
  /** The server's kernel CPU (stime) in the phase: its socket reads and writes. */
  serverSystemCpuSeconds?: number;
  /** The phase in CLOCK_MONOTONIC µs, to cut a `--cpu-prof` profile of the server to it. */
  monotonicWindowUs?: [number, number];
}

const round1 = (value: number) => Math.round(value * 10) / 10;

/** Nearest-rank percentiles of a sample (sorted in place). */
export function distribution(sample: Float64Array): Distribution & { min: number | null } {
  if (sample.length === 0) return { min: null, p50: null, p99: null, max: null };
  sample.sort();
  const at = (q: number) =>
    round1(sample[Math.min(sample.length - 1, Math.ceil(q * sample.length) - 1)] ?? 0);
  return {
    min: round1(sample[0] ?? 0),
    p50: at(0.5),
    p99: at(0.99),
    max: round1(sample[sample.length - 1] ?? 0),
  };
}

/** Turns a phase's raw samples and the server's /proc readings into its summary. */
export function summarize({
  endpoint,
  label,
  samples,
  process,
  cpuSeconds,
  emulatorCpuSeconds,
  clientCpuSeconds,
  idleRssKb,
  peakRssKb,
  steadyRssPerStreamKb,
  loadAverageBefore,
}: {
  endpoint: string;
  label: string;
  samples: PhaseSamples;
  process: "emulator" | "lumia" | "proxy";
  cpuSeconds: number;
  emulatorCpuSeconds: number;
  clientCpuSeconds: number;
  idleRssKb: number;
  peakRssKb: number;
  steadyRssPerStreamKb: number | null;
  loadAverageBefore: [number, number, number];
}): PhaseSummary {
  const { min, p50, p99, max } = distribution(samples.chunkDelays);
  const first = distribution(samples.firstText);
  const firstMinusEmit = distribution(samples.firstTextMinusEmit);
  const chunks = samples.chunkDelays.length;
  return {
    endpoint,
    label,
    streams: { ok: samples.ok, failed: samples.failed, failures: samples.failures },
    chunks,
    chunkDelayMs: { min, p50, p99, max },
    firstTextMs: { p50: first.p50, p99: first.p99, max: first.max },
    firstTextMinusEmitMs: { p50: firstMinusEmit.p50, p99: firstMinusEmit.p99, max: firstMinusEmit.max },
    server: {
      process,
      cpuSeconds: Math.round(cpuSeconds * 100) / 100,
      cpuUsPerChunk: chunks > 0 ? round1((cpuSeconds * 1e6) / chunks) : 0,
      idleRssMb: round1(idleRssKb / 1024),
      peakRssMb: round1(peakRssKb / 1024),
      peakOpenStreams: samples.peakOpen,
      rssPerStreamKb: samples.peakOpen > 0 ? round1((peakRssKb - idleRssKb) / samples.peakOpen) : 0,
      steadyRssPerStreamKb: steadyRssPerStreamKb === null ? null : round1(steadyRssPerStreamKb),
    },
    emulatorCpuSeconds: Math.round(emulatorCpuSeconds * 100) / 100,
    clientCpuSeconds: Math.round(clientCpuSeconds * 100) / 100,
    loadAverageBefore,
    durationMs: Math.round(samples.durationMs),
  };
}
