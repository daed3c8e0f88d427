import { getEnv } from "@/lib/env";
import type { StreamResult } from "@/lib/stream/observers";

const seconds = (ms: number | null) => `${((ms ?? 0) / 1000).toFixed(3)}s`;

/**
 * The seed's monitoring lines for one finished stream, plus one line naming endpoint, model and outcome.
 * An average gap over 0.5 s means something between Ollama and the client is buffering.
 */
export function formatStreamLog(result: StreamResult): string {
  const { stats } = result;
  const mark = result.outcome === "done" ? "✅" : result.outcome === "aborted" ? "⏹️" : "❌";
  const detail = result.error ? ` (${result.error.code}: ${result.error.error})` : "";
  return [
    `⚡ First chunk received after: ${seconds(stats.first_chunk_ms)}`,
    `📊 Average time between chunks: ${seconds(stats.avg_gap_ms)}`,
    `📊 Total chunks: ${stats.total_chunks}`,
    `${mark} ${result.endpoint} model=${result.model} outcome=${result.outcome} id=${result.id} total=${seconds(stats.total_ms)}${detail}`,
  ].join("\n");
}

/** Writes the monitoring lines in one write, so lines of concurrent streams never interleave. */
export function logStreamEnd(result: StreamResult): void {
  if (!getEnv().LUMIA_STREAM_LOG) return;
  process.stdout.write(`${formatStreamLog(result)}\n`);
}
