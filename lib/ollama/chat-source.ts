import type { Message } from "ollama";
import { createOllamaClient } from "@/lib/ollama/client";
import { isAbortError, toOllamaError } from "@/lib/ollama/errors";
import type { SourceEvent } from "@/lib/stream/events";

export interface ChatMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

export interface OllamaChatRequest {
  model: string;
  messages: ChatMessage[];
  /** How long Ollama keeps the model loaded afterwards (`"30m"`, seconds, or -1 for ever). */
  keepAlive?: string | number;
  options?: Record<string, unknown>;
}

/**
 * Streams one chat answer from Ollama as pipeline events: a text event per Ollama chunk (never merged or
 * split), then a finish event with Ollama's final metrics. The request starts only when the pipeline
 * iterates, i.e. after the stream's `start` event went out.
 */
export function ollamaChatSource(request: OllamaChatRequest) {
  return async function* chat(signal: AbortSignal): AsyncGenerator<SourceEvent> {
    const client = createOllamaClient({ signal });
    try {
      const iterator = await client.chat({
        model: request.model,
        messages: request.messages as Message[],
        stream: true,
        ...(request.keepAlive !== undefined ? { keep_alive: request.keepAlive } : {}),
        ...(request.options ? { options: request.options } : {}),
      });
      for await (const part of iterator) {
        if (part.message.content) yield { type: "text", text: part.message.content };
        if (part.done) {
          yield {
            type: "finish",
            metrics: {
              done_reason: part.done_reason,
              total_duration: part.total_duration,
              load_duration: part.load_duration,
              prompt_eval_count: part.prompt_eval_count,
              prompt_eval_duration: part.prompt_eval_duration,
              eval_count: part.eval_count,
              eval_duration: part.eval_duration,
            },
          };
        }
      }
    } catch (error) {
      if (signal.aborted || isAbortError(error)) throw error;
      throw toOllamaError({ error, model: request.model });
    }
  };
}
