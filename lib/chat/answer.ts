import { LumiaError } from "@/lib/errors";
import { Generation } from "@/lib/generation/generation";
import type { StreamFormat } from "@/lib/stream/encoder";
import type { Source } from "@/lib/stream/events";
import type { StreamResult } from "@/lib/stream/observers";
import { streamResponse } from "@/lib/stream/pipeline";

/**
 * One answer of the OpenAI-compatible endpoints: a source (Ollama's chat or generate) run through the
 * pipeline. Unlike `runChat` its input is the whole conversation as the client gave it (the last
 * message may be a tool result), and nothing is stored or extracted.
 */
export interface AnswerPlan {
  endpoint: string;
  model: string;
  /** The request's signal: a client that leaves aborts Ollama. */
  signal: AbortSignal;
  source: Source;
  /** The stream's id (`chatcmpl-…`, `resp_…` are made from it); a new UUID unless given. */
  id?: string;
  /** Told once how the answer ended, after its last byte. */
  onFinish?: (result: StreamResult) => void | Promise<void>;
}

/** Streams the answer in `format`, chunk by chunk. */
export function streamAnswer({ plan, format }: { plan: AnswerPlan; format: StreamFormat }): Response {
  return streamResponse({ ...plan, format });
}

/**
 * Runs the answer to its end for a client that asked for one object (`stream: false`) and resolves with
 * the pipeline's result: its text, tool calls and Ollama's figures. The same pipeline as a stream (timing,
 * metrics, the stall check), with no reader. A failed answer rejects with its LumiaError; a client that
 * leaves aborts Ollama through the signal, and the promise rejects.
 */
export async function collectAnswer({ plan }: { plan: AnswerPlan }): Promise<StreamResult> {
  const { signal, onFinish, ...init } = plan;
  const generation = new Generation(init);
  const leave = () => generation.release();
  if (signal.aborted) leave();
  else signal.addEventListener("abort", leave, { once: true });
  const result = await generation.finished;
  signal.removeEventListener("abort", leave);
  await onFinish?.(result);
  if (result.outcome === "done") return result;
  if (result.error) throw new LumiaError(result.error.code, result.error.error);
  throw new LumiaError("stream_interrupted", "The client left before the answer was complete.");
}
