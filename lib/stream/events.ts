import type { ErrorBody } from "@/lib/errors";

/** A memory that was put into the model's context, with how relevant it scored. */
export interface UsedMemory {
  id: string;
  content: string;
  score: number;
}

/** Timing of one stream as the server saw it, plus Ollama's own figures from its final chunk. */
export interface StreamStats {
  model: string;
  first_chunk_ms: number | null;
  avg_gap_ms: number | null;
  max_gap_ms: number | null;
  total_chunks: number;
  total_ms: number;
  eval_count?: number;
  prompt_eval_count?: number;
  tokens_per_second?: number;
  load_ms?: number;
  prompt_eval_ms?: number;
  eval_ms?: number;
  done_reason?: string;
}

/** Ollama's figures from the last chunk of an answer, in Ollama's own units (nanoseconds). */
export interface OllamaFinalMetrics {
  done_reason?: string;
  total_duration?: number;
  load_duration?: number;
  prompt_eval_count?: number;
  prompt_eval_duration?: number;
  eval_count?: number;
  eval_duration?: number;
}

/** A function call the model asked for, as Ollama sends it (`message.tool_calls[]`). */
export interface ToolCall {
  /** Ollama ≥ 0.12 numbers the calls of one answer (in `function.index`); older versions leave it out. */
  function: { name: string; arguments: Record<string, unknown>; index?: number };
  /** Ollama's id of the call (`call_…`, recent versions); results refer to it as `tool_call_id`. */
  id?: string;
}

/** Where a persisted answer lives; formats that can carry it tell the client (the seed format does not). */
export interface StartMeta {
  threadId: string;
  /** The question this answers (unknown when an ended answer is told again from the database). */
  userMessageId?: string;
}

/** What a source (Ollama, the synthetic test stream) yields into the pipeline. */
export type SourceEvent =
  | { type: "text"; text: string }
  | { type: "memory"; memories: UsedMemory[]; method: "embedding" | "keyword" }
  | { type: "tool_calls"; calls: ToolCall[] }
  | { type: "finish"; metrics: OllamaFinalMetrics };

/** The normalised events every encoder turns into bytes, in the order a stream emits them. */
export type StreamEvent =
  | { type: "start"; id: string; model: string; meta?: StartMeta }
  | { type: "memory"; memories: UsedMemory[]; method: "embedding" | "keyword" }
  | { type: "text"; text: string }
  | { type: "tool_calls"; calls: ToolCall[] }
  | { type: "done"; stats: StreamStats }
  /**
   * Told only to a client that reconnected to a running answer, after the events it missed: the answer's
   * timing so far, so that live figures continue rather than restart. Not part of the answer's events.
   */
  | { type: "caught_up"; stats: StreamStats }
  /** Ended early without a failure (stopped by the user, or nobody came back for it), text kept. */
  | { type: "stopped"; stats: StreamStats }
  | { type: "error"; error: ErrorBody };

/** How a stream ended: finished, left by its client, or failed. */
export type StreamOutcome = "done" | "aborted" | "error";

/** Hands one source event to the pipeline, synchronously, on the per-chunk path. */
export type EmitSourceEvent = (event: SourceEvent) => void;

/**
 * Produces one answer; its signal aborts when the client leaves, and the source must then stop at once.
 * Either it pushes its events through `emit` and settles when the answer is complete (the per-chunk
 * path costs no promise: Ollama's reader works so), or it returns them as an async iterable (generators:
 * the synthetic test stream, tests).
 */
export type Source = (
  signal: AbortSignal,
  emit: EmitSourceEvent,
) => Promise<void> | AsyncIterable<SourceEvent>;
