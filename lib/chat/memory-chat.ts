import { ollamaOptions } from "@/lib/chat/model-options";
import { DEFAULT_SYSTEM_PROMPT } from "@/lib/chat/prompts";
import { runChat } from "@/lib/chat/run-chat";
import type { MemoryChatInput } from "@/lib/chat/schemas";
import { startThreadChat } from "@/lib/chat/thread-chat";
import type { Owner } from "@/lib/db/ownership";
import { resolveModel } from "@/lib/ollama/models";
import type { StreamFormat } from "@/lib/stream/encoder";

/**
 * Chat with the user's long-term memory as context. With a thread id it is thread chat plus memory (and
 * persists like it); without, a single question answered with memories and nothing stored but new facts.
 */
export async function startMemoryChat({
  owner,
  input,
  endpoint,
  signal,
  format,
}: {
  /** Whose memories (and thread) these are. */
  owner: Owner;
  input: MemoryChatInput;
  endpoint: string;
  signal: AbortSignal;
  format: StreamFormat;
}): Promise<Response> {
  if (input.threadId) {
    return startThreadChat({
      ...input,
      owner,
      threadId: input.threadId,
      useMemory: true,
      endpoint,
      signal,
      format,
    });
  }
  const model = await resolveModel({ requested: input.model });
  return runChat({
    endpoint,
    signal,
    format,
    model,
    message: input.message,
    system: DEFAULT_SYSTEM_PROMPT,
    history: [],
    memoryOf: owner,
    generation: { options: ollamaOptions({ options: input.options }) },
  });
}
