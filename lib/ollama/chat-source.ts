import { ndjsonChat } from "@/lib/ollama/ndjson-chat";
import { routedStream } from "@/lib/ollama/route-host";
import type { ChatMessage, OllamaGenerationOptions } from "@/lib/ollama/wire-types";
import type { EmitSourceEvent } from "@/lib/stream/events";

export interface OllamaChatRequest extends OllamaGenerationOptions {
  model: string;
  messages: ChatMessage[];
  /** How long Ollama keeps the model loaded afterwards (`"30m"`, seconds, or -1 for ever). */
  keepAlive?: string | number;
}

/**
 * Streams one chat answer from Ollama as pipeline events: a text event per Ollama chunk (never merged or
 * split), then a finish event with Ollama's final metrics; failures as LumiaErrors. With several hosts
 * in OLLAMA_HOST, on the one `routedStream` picks (failing over before the first token). The request starts
 * only when the pipeline calls the source, i.e. after the stream's `start` event went out. Read by
 * `ndjsonChat` rather than ollama-js: on the per-chunk path, ollama-js's fetch body, web-stream reads and
 * nested async generators cost more CPU than the rest of the pipeline (docs/performance.md).
 */
export function ollamaChatSource(
  request: OllamaChatRequest,
): (signal: AbortSignal, emit: EmitSourceEvent) => Promise<void> {
  const body = {
    model: request.model,
    messages: request.messages,
    ...(request.keepAlive !== undefined ? { keep_alive: request.keepAlive } : {}),
    ...(request.options ? { options: request.options } : {}),
    ...(request.format ? { format: request.format } : {}),
    ...(request.tools?.length ? { tools: request.tools } : {}),
  };
  return routedStream({
    model: request.model,
    start: ({ host, signal, emit }) => ndjsonChat({ request: body, host, signal, emit }),
  });
}
