import { type NdjsonGenerateRequest, ndjsonGenerate } from "@/lib/ollama/ndjson-chat";
import type { EmitSourceEvent } from "@/lib/stream/events";

/**
 * Streams one `/api/generate` answer (a prompt completed, OpenAI's legacy completions) as pipeline
 * events, like `ollamaChatSource` does for chat: a text event per Ollama chunk, then the finish event.
 * Fields left undefined are not sent.
 */
export function ollamaGenerateSource(request: NdjsonGenerateRequest) {
  const body = Object.fromEntries(
    Object.entries(request).filter(([, value]) => value !== undefined),
  ) as NdjsonGenerateRequest;
  return (signal: AbortSignal, emit: EmitSourceEvent): Promise<void> =>
    ndjsonGenerate({ request: body, signal, emit });
}
