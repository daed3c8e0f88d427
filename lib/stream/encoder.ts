import type { StreamEvent } from "@/lib/stream/events";

/**
 * Turns normalised events into one wire format. An encoder may keep state (the AI SDK stream opens a
 * text part before its first delta), so the pipeline makes one per stream with `create()`.
 */
export interface StreamEncoder {
  /** The text for one event; may be empty when the format has nothing to say about it. */
  encode(event: StreamEvent): string;
  /** What to write while the source is silent, so idle-closing proxies keep the connection. */
  heartbeat(): string;
  /** Written once after the last event (e.g. the AI SDK's `[DONE]`). */
  end(): string;
}

export interface StreamFormat {
  name: string;
  headers: Readonly<Record<string, string>>;
  create(): StreamEncoder;
}
