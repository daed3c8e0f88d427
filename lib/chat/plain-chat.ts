import { ollamaOptions } from "@/lib/chat/model-options";
import { DEFAULT_SYSTEM_PROMPT } from "@/lib/chat/prompts";
import { runChat } from "@/lib/chat/run-chat";
import type { ChatStreamInput } from "@/lib/chat/schemas";
import { resolveModel } from "@/lib/ollama/models";
import type { StreamFormat } from "@/lib/stream/encoder";

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
  const model = await resolveModel({ requested: input.model });
  return runChat({
    endpoint,
    signal,
    format,
    model,
    message: input.message,
    system: input.system ?? DEFAULT_SYSTEM_PROMPT,
    history: input.history ?? [],
    generation: { options: ollamaOptions({ options: input.options }) },
  });
}
