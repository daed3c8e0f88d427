import { type NdjsonGenerateRequest, ndjsonGenerate } from "@/lib/ollama/ndjson-chat";
import { routedStream } from "@/lib/ollama/route-host";

/**
 * Streams one `/api/generate` answer (a prompt completed, OpenAI's legacy completions) as pipeline
 * events, like `ollamaChatSource` does for chat: a text event per Ollama chunk, then the finish event.
 * Fields left undefined are not sent; the host is picked as for chat (`routedStream`).
 */
export function ollamaGenerateSource(request: NdjsonGenerateRequest) {
  const body = Object.fromEntries(
    Object.entries(request).filter(([, value]) => value !== undefined),
  ) as NdjsonGenerateRequest;
  return routedStream({
    model: request.model,
    start: ({ host, signal, emit }) => ndjsonGenerate({ request: body, host, signal, emit }),
  });
}
