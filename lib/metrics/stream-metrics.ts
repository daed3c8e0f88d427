import { AggregatorRegistry, collectDefaultMetrics, Registry } from "prom-client";
import { everyWorkersMetrics } from "@/lib/metrics/cluster-metrics";
import {
  type HistogramSeries,
  LabelledHistogram,
  LabelledValue,
  type MetricJson,
  type ValueSeries,
} from "@/lib/metrics/labelled-metrics";
import type { StreamOutcome } from "@/lib/stream/events";
import { addStreamObserver, type StreamObserver } from "@/lib/stream/observers";

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** Every series one stream records to, for its route and model. */
interface StreamSeries {
  active: ValueSeries;
  firstChunk: HistogramSeries;
  gaps: HistogramSeries;
  duration: HistogramSeries;
  tokensPerSecond: HistogramSeries;
  outcomes: Partial<Record<StreamOutcome, ValueSeries>>;
  labels: { endpoint: string; model: string };
}

function createMetrics() {
  // The process' own metrics (memory, CPU, event loop) from prom-client; the streams' below.
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "lumia_" });
  const firstChunk = new LabelledHistogram(
    "lumia_stream_first_chunk_seconds",
    "Time from request to the first text chunk written to the client.",
    LATENCY_BUCKETS,
  );
  const duration = new LabelledHistogram(
    "lumia_stream_duration_seconds",
    "Time from request to the end of the stream.",
    [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300],
  );
  const streams = new LabelledValue(
    "lumia_streams_total",
    "Finished streams by outcome: done, aborted (client left) or error.",
    "counter",
  );
  const active = new LabelledValue("lumia_streams_active", "Streams open now.", "gauge");
  const tokensPerSecond = new LabelledHistogram(
    "lumia_ollama_tokens_per_second",
    "Ollama's generation speed per answer (eval_count / eval_duration).",
    [1, 5, 10, 20, 40, 60, 80, 100, 150, 200, 400],
  );
  const gaps = new LabelledHistogram(
    "lumia_stream_chunk_gap_seconds",
    "Time between two consecutive text chunks of a stream; averages over 0.5 s mean buffering.",
    LATENCY_BUCKETS,
  );

  // One set of series per route and model, never per thread: ids in a label would grow the scrape
  // forever. Found once per stream; recording is then plain arithmetic.
  const seriesByLabels = new Map<string, StreamSeries>();
  const seriesFor = (endpoint: string, model: string): StreamSeries => {
    const key = `${endpoint}\u0000${model}`;
    let series = seriesByLabels.get(key);
    if (!series) {
      const labels = { endpoint, model };
      series = {
        labels,
        active: active.child({ endpoint }),
        firstChunk: firstChunk.child(labels),
        gaps: gaps.child(labels),
        duration: duration.child(labels),
        tokensPerSecond: tokensPerSecond.child({ model }),
        outcomes: {},
      };
      seriesByLabels.set(key, series);
    }
    return series;
  };

  const observer: StreamObserver = {
    start(stream) {
      const series = seriesFor(endpointLabel(stream.endpoint), stream.model);
      series.active.add(1);
      let chunks = 0;
      return {
        chunk(gapMs, sinceStartMs) {
          if (chunks++ === 0) series.firstChunk.observe(sinceStartMs / 1000);
          else series.gaps.observe(gapMs / 1000);
        },
        end(result) {
          series.active.add(-1);
          let outcome = series.outcomes[result.outcome];
          if (!outcome) {
            outcome = streams.child({ ...series.labels, outcome: result.outcome });
            series.outcomes[result.outcome] = outcome;
          }
          outcome.add(1);
          series.duration.observe(result.stats.total_ms / 1000);
          if (result.stats.tokens_per_second) series.tokensPerSecond.observe(result.stats.tokens_per_second);
        },
      };
    },
  };
  addStreamObserver(observer);
  return { registry, own: [firstChunk, duration, streams, active, tokensPerSecond, gaps] };
}

/** A path as a metrics label: ids of threads and messages become `{id}`. */
export function endpointLabel(path: string): string {
  return path.replace(/\/(threads|messages)\/[^/]+/g, "/$1/{id}");
}

// On globalThis: one set of metrics per process, however many copies of this module Next loads.
const store = globalThis as typeof globalThis & { lumiaMetrics?: ReturnType<typeof createMetrics> };

/** Starts counting streams (idempotent). */
export function installStreamMetrics(): void {
  store.lumiaMetrics ??= createMetrics();
}

/** This process's metrics as prom-client's JSON: what a worker sends for a scrape of the cluster. */
export async function metricsSnapshot(): Promise<MetricJson[]> {
  installStreamMetrics();
  const metrics = store.lumiaMetrics as ReturnType<typeof createMetrics>;
  const processMetrics = (await metrics.registry.getMetricsAsJSON()) as unknown as MetricJson[];
  return [...processMetrics, ...metrics.own.map((metric) => metric.snapshot())];
}

/**
 * Every metric in Prometheus' text format. In a worker of a cluster (LUMIA_WORKERS > 1) they are every
 * worker's, summed as prom-client sums a cluster's (a scrape reaches one worker, the streams run on
 * all); `lumia_metrics_processes` says how many processes the figures cover.
 */
export async function renderMetrics(): Promise<{ body: string; contentType: string }> {
  installStreamMetrics();
  const metrics = store.lumiaMetrics as ReturnType<typeof createMetrics>;
  const all = await everyWorkersMetrics();
  if (all) {
    const summed = AggregatorRegistry.aggregate(all);
    return { body: (await summed.metrics()) + processesCovered(all.length), contentType: summed.contentType };
  }
  return {
    body:
      (await metrics.registry.metrics()) +
      metrics.own.map((metric) => metric.render()).join("") +
      processesCovered(1),
    contentType: metrics.registry.contentType,
  };
}

function processesCovered(count: number): string {
  return [
    "# HELP lumia_metrics_processes Server processes whose metrics this scrape sums (LUMIA_WORKERS; fewer when one did not answer in time).",
    "# TYPE lumia_metrics_processes gauge",
    `lumia_metrics_processes ${count}`,
    "",
  ].join("\n");
}
