import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import { GapHistogram } from "@/lib/metrics/gap-histogram";
import { addStreamObserver, type StreamObserver } from "@/lib/stream/observers";

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "lumia_" });
  const labelNames = ["endpoint", "model"] as const;
  const firstChunk = new Histogram({
    name: "lumia_stream_first_chunk_seconds",
    help: "Time from request to the first text chunk written to the client.",
    labelNames,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const duration = new Histogram({
    name: "lumia_stream_duration_seconds",
    help: "Time from request to the end of the stream.",
    labelNames,
    buckets: [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300],
    registers: [registry],
  });
  const streams = new Counter({
    name: "lumia_streams_total",
    help: "Finished streams by outcome: done, aborted (client left) or error.",
    labelNames: [...labelNames, "outcome"],
    registers: [registry],
  });
  const active = new Gauge({
    name: "lumia_streams_active",
    help: "Streams open now.",
    labelNames: ["endpoint"],
    registers: [registry],
  });
  const tokensPerSecond = new Histogram({
    name: "lumia_ollama_tokens_per_second",
    help: "Ollama's generation speed per answer (eval_count / eval_duration).",
    labelNames: ["model"],
    buckets: [1, 5, 10, 20, 40, 60, 80, 100, 150, 200, 400],
    registers: [registry],
  });
  const gaps = new GapHistogram(
    "lumia_stream_chunk_gap_seconds",
    "Time between two consecutive text chunks of a stream; averages over 0.5 s mean buffering.",
    LATENCY_BUCKETS,
  );

  const observer: StreamObserver = {
    start(stream) {
      // One series per route and model, never per thread: ids in a label would grow the scrape forever.
      const labels = { endpoint: endpointLabel(stream.endpoint), model: stream.model };
      active.inc({ endpoint: labels.endpoint });
      const gapSeries = gaps.child({ endpoint: labels.endpoint, model: labels.model });
      let chunks = 0;
      return {
        chunk(gapMs, sinceStartMs) {
          if (chunks++ === 0) firstChunk.observe(labels, sinceStartMs / 1000);
          else gapSeries.observe(gapMs / 1000);
        },
        end(result) {
          active.dec({ endpoint: labels.endpoint });
          streams.inc({ ...labels, outcome: result.outcome });
          duration.observe(labels, result.stats.total_ms / 1000);
          if (result.stats.tokens_per_second)
            tokensPerSecond.observe({ model: labels.model }, result.stats.tokens_per_second);
        },
      };
    },
  };
  addStreamObserver(observer);
  return { registry, gaps };
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

/** Every metric in Prometheus' text format. */
export async function renderMetrics(): Promise<{ body: string; contentType: string }> {
  installStreamMetrics();
  const metrics = store.lumiaMetrics as ReturnType<typeof createMetrics>;
  return {
    body: (await metrics.registry.metrics()) + metrics.gaps.render(),
    contentType: metrics.registry.contentType,
  };
}
