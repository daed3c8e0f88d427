/** Wall-clock epoch milliseconds with sub-millisecond precision (the clock `stampTokens` uses). */
export function epochMs(): number {
  return performance.timeOrigin + performance.now();
}

/** Milliseconds as the integer nanoseconds Ollama reports its durations in. */
export function toNanos({ ms }: { ms: number }): number {
  return Math.max(0, Math.round(ms * 1e6));
}

// `created_at` is formatted once per token: the date part only changes once a second, so cache it.
let cachedSecond = Number.NaN;
let cachedPrefix = "";

/**
 * A time as Go's RFC3339Nano in UTC, as Ollama writes `created_at`: nine fraction digits with the
 * trailing zeros trimmed (and no fraction at all on a whole second).
 */
export function rfc3339Nano({ at = epochMs() }: { at?: number } = {}): string {
  const second = Math.floor(at / 1000);
  if (second !== cachedSecond) {
    cachedSecond = second;
    cachedPrefix = new Date(second * 1000).toISOString().slice(0, 19);
  }
  const nanos = Math.min(999_999_999, Math.round((at - second * 1000) * 1e6));
  if (nanos === 0) return `${cachedPrefix}Z`;
  let fraction = String(nanos).padStart(9, "0");
  while (fraction.endsWith("0")) fraction = fraction.slice(0, -1);
  return `${cachedPrefix}.${fraction}Z`;
}
