const FIVE_MINUTES = 5 * 60_000;
const UNIT_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

/**
 * `keep_alive` in milliseconds, read like Ollama: a number is seconds, a string is a Go duration
 * ("5m", "1h30m", "-1"), a negative value means forever (returned as Infinity), absent means 5 minutes.
 */
export function parseKeepAlive({ value }: { value: unknown }): number {
  if (typeof value === "number") return value < 0 ? Number.POSITIVE_INFINITY : value * 1000;
  if (typeof value !== "string" || value.trim() === "") return FIVE_MINUTES;
  const text = value.trim();
  if (/^-?\d+(\.\d+)?$/.test(text)) return parseKeepAlive({ value: Number(text) });
  const negative = text.startsWith("-");
  let total = 0;
  for (const [, amount, unit] of text.replace(/^[-+]/, "").matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)) {
    total += Number(amount) * (UNIT_MS[unit ?? ""] ?? 0);
  }
  return negative ? Number.POSITIVE_INFINITY : total;
}
