import { chunkTextOf } from "./text-chunk";
import type { ArrivalAnalysis, MeasuredEvent } from "./types";

/** The seed's rule: chunks that arrive on average less than this apart arrive in real time. */
export const MAX_REAL_TIME_AVG_GAP_MS = 500;

/**
 * Decides from the chunk arrivals whether a response streamed or was buffered on the way.
 * The seed only checks the average gap, which a buffering proxy passes: it holds everything back,
 * then delivers all chunks in one read, and the gaps between them are near zero. So the analysis
 * also counts how many network reads carried the chunks.
 */
export function analyzeArrivals({
  events,
  isChunk = (event) => chunkTextOf(event) !== undefined,
}: {
  events: readonly MeasuredEvent[];
  /** Which events are text chunks; defaults to the seed's `data: {"chunk":"…"}`. */
  isChunk?: (event: MeasuredEvent) => boolean;
}): ArrivalAnalysis {
  const chunks = events.filter(isChunk);
  const totalChunks = chunks.length;
  const first = chunks[0];
  const last = chunks[totalChunks - 1];

  let maxGapMs = 0;
  const perRead = new Map<number, number>();
  chunks.forEach((chunk, i) => {
    const previous = chunks[i - 1];
    if (previous) maxGapMs = Math.max(maxGapMs, chunk.at - previous.at);
    perRead.set(chunk.readIndex, (perRead.get(chunk.readIndex) ?? 0) + 1);
  });
  // The mean of consecutive gaps telescopes to the span divided by the number of gaps.
  const avgGapMs = first && last && totalChunks > 1 ? (last.at - first.at) / (totalChunks - 1) : 0;
  const readsWithChunks = perRead.size;
  const largestBurst = Math.max(0, ...perRead.values());
  const minReads = Math.max(2, Math.ceil(totalChunks * 0.5));

  const reasons: string[] = [];
  if (totalChunks === 0) reasons.push("no text chunks arrived");
  if (avgGapMs > MAX_REAL_TIME_AVG_GAP_MS) {
    reasons.push(`average gap ${avgGapMs.toFixed(0)} ms is over ${MAX_REAL_TIME_AVG_GAP_MS} ms`);
  }
  // Below five chunks a few coalesced TCP segments say little; the burst rule still catches "all in one".
  if (totalChunks >= 5 && readsWithChunks < minReads) {
    reasons.push(
      `${totalChunks} chunks arrived in ${readsWithChunks} network reads (expected at least ${minReads})`,
    );
  }
  if (totalChunks >= 2 && largestBurst / totalChunks > 0.5) {
    const share = Math.round((largestBurst / totalChunks) * 100);
    reasons.push(`${largestBurst} of ${totalChunks} chunks (${share}%) arrived in one network read`);
  }

  return {
    firstChunkMs: first ? first.at : null,
    avgGapMs,
    maxGapMs,
    totalChunks,
    readsWithChunks,
    verdict: reasons.length === 0 ? "real-time" : "buffered",
    reasons,
  };
}
