import { Generation } from "@/lib/generation/generation";
import type { StreamFormat } from "@/lib/stream/encoder";
import type { Source, StartMeta } from "@/lib/stream/events";
import type { StreamResult } from "@/lib/stream/observers";
import { generationResponse, type StreamResponse } from "@/lib/stream/stream-response";

/** A stateless stream: one answer for one client, ended when that client leaves (the seed's contract). */
export interface StreamRequest {
  /** The path the client called, for logs and metrics. */
  endpoint: string;
  model: string;
  format: StreamFormat;
  /** Produces the answer (see `Source`). */
  source: Source;
  /** Under Next, the request's signal: it aborts when the client disconnects. */
  signal?: AbortSignal;
  /** The stream's id in the `start` event. */
  id?: string;
  meta?: StartMeta;
  /** Told once how the stream ended, after the last byte was written; never on the per-chunk path. */
  onFinish?: (result: StreamResult) => void | Promise<void>;
  /** Silence before a heartbeat is written; LUMIA_HEARTBEAT_MS (15 s) unless given. */
  heartbeatMs?: number;
}

/**
 * Runs a stateless answer through the one pipeline (lib/generation/generation.ts) and returns the
 * Response its client reads. The answer starts now; its `start` event waits for the client.
 */
export function streamResponse({ format, signal, ...init }: StreamRequest): StreamResponse {
  return generationResponse({ generation: new Generation(init), format, signal });
}

/** The event stream as a web stream of bytes (tests, and anything that wants the body alone). */
export function createEventStream(request: StreamRequest): ReadableStream<Uint8Array> {
  return streamResponse(request).body as ReadableStream<Uint8Array>;
}
