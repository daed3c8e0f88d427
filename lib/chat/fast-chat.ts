import { ollamaOptions } from "@/lib/chat/model-options";
import { FAST_SYSTEM_PROMPT } from "@/lib/chat/prompts";
import { runChat } from "@/lib/chat/run-chat";
import type { MessageOnlyInput } from "@/lib/chat/schemas";
import { getEnv } from "@/lib/env";
import { resolveModel } from "@/lib/ollama/models";
import type { StreamFormat } from "@/lib/stream/encoder";

/**
 * Lowest latency on purpose: no memory lookup, no history, no database write, a short system prompt,
 * and a long keep-alive so the model stays loaded between questions. The only wait before Ollama is the
 * cached model check.
 */
export async function startFastChat({
  input,
  endpoint,
  signal,
  format,
}: {
  input: MessageOnlyInput;
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
    system: FAST_SYSTEM_PROMPT,
    history: [],
    keepAlive: getEnv().LUMIA_FAST_KEEP_ALIVE,
    generation: { options: ollamaOptions({ options: input.options }) },
  });
}
