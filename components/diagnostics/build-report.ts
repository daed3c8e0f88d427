import type { ModelResult, PaceResult } from "@/hooks/use-stream-self-test";
import type { BrowserMeasurement } from "./record-sse-fetch";

const round = (ms: number | null) => (ms === null ? null : Math.round(ms * 10) / 10);

/** The diagnostics as plain JSON for a bug report: both checks, the browser and where the page ran. */
export function buildReport({
  pace,
  model,
  pageUrl,
  userAgent,
  createdAt,
}: {
  pace: PaceResult | null;
  model: ModelResult | null;
  pageUrl: string;
  userAgent: string;
  createdAt: Date;
}) {
  return {
    report: "lumia-diagnostics",
    version: 1,
    createdAt: createdAt.toISOString(),
    pageUrl,
    userAgent,
    streamCheck: pace && {
      ...response(pace.measurement),
      settings: pace.settings,
      verdict: pace.analysis.verdict,
      reasons: pace.analysis.reasons,
      proxy: pace.diagnosis.detection,
      likelyCauses: pace.diagnosis.causes,
      compressedButFlushed: pace.diagnosis.compressedButFlushed,
      firstChunkMs: round(pace.analysis.firstChunkMs),
      avgGapMs: round(pace.analysis.avgGapMs),
      maxGapMs: round(pace.analysis.maxGapMs),
      totalChunks: pace.analysis.totalChunks,
      readsWithChunks: pace.analysis.readsWithChunks,
      totalReads: pace.measurement.reads.length,
      seedLines: pace.seedLines,
      arrivals: pace.chunks.map((chunk) => ({ atMs: round(chunk.at), read: chunk.readIndex })),
      serverStats: pace.serverStats,
    },
    modelCheck: model && {
      ...response(model.measurement),
      model: model.model,
      firstChunkMs: round(model.firstChunkMs),
      loadMs: model.loadMs,
      promptEvalMs: model.promptEvalMs,
      restMs: round(model.restMs),
      serverStats: model.serverStats,
    },
  };
}

function response(measurement: BrowserMeasurement) {
  return {
    url: measurement.url,
    startedAt: new Date(measurement.startedAt).toISOString(),
    status: measurement.status,
    headers: measurement.headers,
    contentEncoding: measurement.contentEncoding,
    headersMs: round(measurement.headersAt),
    durationMs: round(measurement.endedAt),
    longTasks: measurement.longTasks,
    error: measurement.error ?? null,
  };
}
