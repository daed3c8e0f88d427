/** One chunk's arrival: when, and in which network read. */
export type ChunkArrival = { at: number; readIndex: number };

/**
 * How the chunks came off the network, beyond real time or not. Two shapes point at a cause:
 * - `one-read`: (nearly) everything in one read, typically at the end: something collected the whole
 *   response first (a buffering proxy, a compressor that never flushes);
 * - `batches`: a few chunks per read at a fixed interval much longer than any pace a model writes at:
 *   something coalesces writes on a timer (HAProxy without `option http-no-delay` lets the kernel hold
 *   them for up to 200 ms).
 * `spread` is anything else, real time included.
 */
export type ArrivalPattern =
  | { kind: "none" }
  | { kind: "spread" }
  | { kind: "one-read"; chunks: number; totalChunks: number; atMs: number }
  | { kind: "batches"; batches: number; totalChunks: number; everyMs: number };

// Below this, batches are what TCP does to any fast stream, not a timer.
const MIN_BATCH_INTERVAL_MS = 100;
// Share of the intervals that must sit near the median for the batches to count as regular.
const REGULAR_SHARE = 0.6;
const REGULAR_TOLERANCE = 0.3;

/** Describes the arrival pattern of a stream's chunks, in arrival order. */
export function describeArrivalPattern({ chunks }: { chunks: readonly ChunkArrival[] }): ArrivalPattern {
  const totalChunks = chunks.length;
  if (totalChunks === 0) return { kind: "none" };
  // Consecutive chunks of one read form one batch, stamped with that read's time.
  const batches: { at: number; count: number }[] = [];
  let lastRead: number | null = null;
  for (const chunk of chunks) {
    const current = batches.at(-1);
    if (current && chunk.readIndex === lastRead) current.count++;
    else batches.push({ at: chunk.at, count: 1 });
    lastRead = chunk.readIndex;
  }
  // Five chunks or fewer say little: a few coalesced TCP segments look the same.
  if (totalChunks < 5) return { kind: "spread" };

  const largest = batches.reduce((best, batch) => (batch.count > best.count ? batch : best));
  if (largest.count / totalChunks >= 0.8) {
    return { kind: "one-read", chunks: largest.count, totalChunks, atMs: largest.at };
  }

  // The last batch is whatever was left when the stream ended: its interval says nothing about a timer.
  const intervals = batches.slice(1, -1).map((batch, i) => batch.at - (batches[i]?.at ?? batch.at));
  const everyMs = median(intervals);
  const regular = intervals.filter((gap) => Math.abs(gap - everyMs) <= everyMs * REGULAR_TOLERANCE).length;
  if (
    intervals.length >= 3 &&
    totalChunks / batches.length >= 2 &&
    everyMs >= MIN_BATCH_INTERVAL_MS &&
    regular / intervals.length >= REGULAR_SHARE
  ) {
    return { kind: "batches", batches: batches.length, totalChunks, everyMs };
  }
  return { kind: "spread" };
}

function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}
