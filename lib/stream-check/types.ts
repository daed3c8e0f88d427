/**
 * Shapes shared by the Node-side measurement and the pure analysis.
 * Imports nothing, so a browser page can use the analysis on its own measurements.
 */

/** One network read: a socket `data` event (Node) or a body reader chunk (browser). */
export type NetworkRead = {
  /** Milliseconds since the request started. */
  at: number;
  /** Raw bytes of that read, framing and compression included. */
  bytes: number;
};

/** One dispatched SSE event, stamped with the read that completed it. */
export type MeasuredEvent = {
  /** The SSE event name; `message` when the server named none, as `EventSource` does. */
  event: string;
  /** The `data` field parsed as JSON, or the raw string when it is not JSON. */
  data: unknown;
  /** Milliseconds since the request started, taken from the completing read. */
  at: number;
  /** Index into `reads` of the read whose bytes completed this event. */
  readIndex: number;
};

/** What `measureStream` saw of one response. */
export type StreamMeasurement = {
  /** HTTP status, or 0 when no response arrived. */
  status: number;
  /** Response headers, lower-cased, repeated values joined with ", ". */
  headers: Record<string, string>;
  /**
   * Header names exactly as they came off the wire, in order: which proxy wrote the headers shows in
   * their case. Only a Node client sees them; browsers normalise names.
   */
  rawHeaderNames?: string[];
  /** The response's `Content-Encoding`, or `identity`. */
  contentEncoding: string;
  /** Wall-clock start of the request (epoch milliseconds). */
  startedAt: number;
  /** Milliseconds from the request start to the response headers, or null without a response. */
  headersAt: number | null;
  /** Milliseconds from the request start to the end (complete, failed or aborted). */
  endedAt: number;
  events: MeasuredEvent[];
  reads: NetworkRead[];
  /** The joined texts of the chunk events. */
  text: string;
  /** Why the measurement stopped early (network error, timeout, abort, bad encoding). */
  error?: string;
};

/** Timing of the text chunks of one measurement and whether they streamed. */
export type ArrivalAnalysis = {
  /** Milliseconds from the request start to the first chunk, or null without chunks. */
  firstChunkMs: number | null;
  /** Mean gap between consecutive chunks (0 with fewer than two). */
  avgGapMs: number;
  maxGapMs: number;
  totalChunks: number;
  /** How many distinct network reads carried at least one chunk. */
  readsWithChunks: number;
  verdict: "real-time" | "buffered";
  /** Why the verdict is `buffered`; empty for `real-time`. */
  reasons: string[];
};
