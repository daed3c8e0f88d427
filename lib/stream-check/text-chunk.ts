import type { MeasuredEvent } from "./types";

/**
 * The text of a seed chunk event, `data: {"chunk":"…"}` without an event name; undefined for any
 * other event (start, memory, done, error), so callers can filter and read in one step.
 */
export function chunkTextOf({ event, data }: Pick<MeasuredEvent, "event" | "data">): string | undefined {
  if (event !== "message" || typeof data !== "object" || data === null) return undefined;
  const chunk: unknown = (data as { chunk?: unknown }).chunk;
  return typeof chunk === "string" ? chunk : undefined;
}
