import type { OllamaFinalMetrics, StreamStats } from "@/lib/stream/events";

const round = (ms: number) => Math.round(ms * 10) / 10;
const nsToMs = (ns: number | undefined) => (ns === undefined ? undefined : round(ns / 1e6));

/**
 * Arrival timing of the chunks of one stream, kept as four numbers so that recording a chunk allocates
 * nothing. Times are `performance.now()` milliseconds.
 */
export class StreamTimer {
  readonly startedAt: number;
  private firstAt = -1;
  private lastAt = -1;
  private maxGap = 0;
  private chunks = 0;

  constructor(startedAt: number = performance.now()) {
    this.startedAt = startedAt;
  }

  /** Records one chunk and returns the gap since the previous one (0 for the first). */
  chunk(at: number): number {
    this.chunks++;
    if (this.firstAt < 0) {
      this.firstAt = this.lastAt = at;
      return 0;
    }
    const gap = at - this.lastAt;
    if (gap > this.maxGap) this.maxGap = gap;
    this.lastAt = at;
    return gap;
  }

  get totalChunks(): number {
    return this.chunks;
  }

  /** The stats of the `done` event: the seed's figures plus Ollama's, when it sent them. */
  stats({
    model,
    metrics,
    at = performance.now(),
  }: {
    model: string;
    metrics?: OllamaFinalMetrics;
    at?: number;
  }) {
    const gaps = this.chunks - 1;
    const stats: StreamStats = {
      model,
      first_chunk_ms: this.firstAt < 0 ? null : round(this.firstAt - this.startedAt),
      avg_gap_ms: gaps > 0 ? round((this.lastAt - this.firstAt) / gaps) : null,
      max_gap_ms: gaps > 0 ? round(this.maxGap) : null,
      total_chunks: this.chunks,
      total_ms: round(at - this.startedAt),
    };
    if (!metrics) return stats;
    if (metrics.eval_count !== undefined) stats.eval_count = metrics.eval_count;
    if (metrics.prompt_eval_count !== undefined) stats.prompt_eval_count = metrics.prompt_eval_count;
    if (metrics.eval_count && metrics.eval_duration) {
      stats.tokens_per_second = Math.round((metrics.eval_count / metrics.eval_duration) * 1e9 * 100) / 100;
    }
    const loadMs = nsToMs(metrics.load_duration);
    const promptMs = nsToMs(metrics.prompt_eval_duration);
    const evalMs = nsToMs(metrics.eval_duration);
    if (loadMs !== undefined) stats.load_ms = loadMs;
    if (promptMs !== undefined) stats.prompt_eval_ms = promptMs;
    if (evalMs !== undefined) stats.eval_ms = evalMs;
    if (metrics.done_reason) stats.done_reason = metrics.done_reason;
    return stats;
  }
}
