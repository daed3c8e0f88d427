import { LumiaError } from "@/lib/errors";
import type { StreamFormat } from "@/lib/stream/encoder";
import type { Source } from "@/lib/stream/events";
import type { StreamResult } from "@/lib/stream/observers";
import { runEventStream } from "@/lib/stream/pipeline";
import { streamResponse } from "@/lib/stream/stream-response";

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

/** Encodes nothing: the answer is read from the pipeline's result, never parsed back from a wire format. */
const silentFormat: StreamFormat = {
  name: "collect",
  headers: {},
  create: () => ({ encode: () => "", heartbeat: () => "", end: () => "" }),
};

/**
 * Runs the answer to its end for a client that asked for one object (`stream: false`) and resolves with
 * the pipeline's result: its text, tool calls and Ollama's figures. The same pipeline as a stream (timing,
 * metrics, the stall check), written nowhere. A failed answer rejects with its LumiaError; a client that
 * leaves aborts Ollama through the signal, and the promise rejects.
 */
export function collectAnswer({ plan }: { plan: AnswerPlan }): Promise<StreamResult> {
  return new Promise((resolve, reject) => {
    runEventStream(
      {
        ...plan,
        format: silentFormat,
        onFinish: async (result) => {
          try {
            await plan.onFinish?.(result);
          } finally {
            if (result.outcome === "done") resolve(result);
            else if (result.error) reject(new LumiaError(result.error.code, result.error.error));
            else
              reject(new LumiaError("stream_interrupted", "The client left before the answer was complete."));
          }
        },
      },
      { write: () => {}, close: () => {} },
    );
  });
}
