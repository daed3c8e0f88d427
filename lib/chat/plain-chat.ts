import type { ChatStreamInput } from "@/lib/chat/schemas";
import { getEnv } from "@/lib/env";
import { type ChatMessage, ollamaChatSource } from "@/lib/ollama/chat-source";
import { ensureModelInstalled } from "@/lib/ollama/models";
import type { StreamFormat } from "@/lib/stream/encoder";
import { streamResponse } from "@/lib/stream/pipeline";

/**
 * Basic chat: the caller's own system prompt and history, no memory, nothing stored. The model is
 * checked first (cached), so a missing model is a 404 rather than a stream that fails at once.
 */
export async function startPlainChat({
  input,
  endpoint,
  signal,
  format,
}: {
  input: ChatStreamInput;
  endpoint: string;
  signal: AbortSignal;
  format: StreamFormat;
}): Promise<Response> {
  const model = input.model ?? getEnv().LUMIA_MODEL;
  await ensureModelInstalled({ model });
  const messages: ChatMessage[] = [
    ...(input.system ? [{ role: "system" as const, content: input.system }] : []),
    ...(input.history ?? []),
    { role: "user", content: input.message },
  ];
  return streamResponse({ endpoint, model, format, signal, source: ollamaChatSource({ model, messages }) });
}
