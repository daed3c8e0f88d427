import { type ModelOptions, modelOptionsSchema, ollamaOptions } from "@/lib/chat/model-options";
import { DEFAULT_SYSTEM_PROMPT } from "@/lib/chat/prompts";
import { runChat } from "@/lib/chat/run-chat";
import { beginExchange, getHistory } from "@/lib/db/messages";
import type { Owner } from "@/lib/db/ownership";
import { getThreadSettings } from "@/lib/db/threads";
import { LumiaError } from "@/lib/errors";
import { processName } from "@/lib/generation/instances";
import { resolveModel } from "@/lib/ollama/models";
import type { StreamFormat } from "@/lib/stream/encoder";

/** How much of a long thread goes to the model; Ollama would cut the rest to its context window anyway. */
const HISTORY_LIMIT = 100;

export function threadNotFound(threadId: string): LumiaError {
  return new LumiaError("thread_not_found", `Thread '${threadId}' does not exist.`);
}

/**
 * Chat within a persisted thread. The thread's own model, system prompt and options apply (a request's
 * model and options win over them). The user message is committed (with the answer's placeholder)
 * before the first byte of the answer; the thread's history goes to the model. The answer is a durable
 * generation: saved as it grows, resumable by any client, and stored when it ends: complete, interrupted
 * (stopped, or nobody came back for it) or error, with whatever text was produced.
 */
export async function startThreadChat({
  owner,
  threadId,
  message,
  model: requested,
  options,
  useMemory,
  endpoint,
  signal,
  format,
}: {
  /** The thread's owner: another's thread is one that does not exist. */
  owner: Owner;
  threadId: string;
  message: string;
  model?: string;
  /** This answer's own model options, over the thread's. */
  options?: ModelOptions;
  useMemory: boolean;
  endpoint: string;
  signal?: AbortSignal;
  format: StreamFormat;
}): Promise<Response> {
  const settings = await getThreadSettings({ owner, id: threadId });
  if (!settings) throw threadNotFound(threadId);
  const model = await resolveModel({ requested: requested ?? settings.model ?? undefined });
  const exchange = await beginExchange({ threadId, userContent: message, model, writer: processName() });
  if (!exchange) throw threadNotFound(threadId);
  // Stored options were checked when they were set; read again, anything no longer valid is left out.
  const stored = modelOptionsSchema.safeParse(settings.options ?? {});
  return runChat({
    endpoint,
    signal,
    format,
    model,
    message,
    system: settings.systemPrompt ?? DEFAULT_SYSTEM_PROMPT,
    generation: {
      options: ollamaOptions({ options: { ...(stored.success ? stored.data : {}), ...options } }),
    },
    // Read once the stream is open: the client sees `start` while it loads.
    history: async () =>
      (await getHistory({ threadId, beforeSeq: exchange.userMessage.seq })).slice(-HISTORY_LIMIT),
    ...(useMemory ? { memoryOf: owner } : {}),
    persist: {
      assistantMessageId: exchange.assistantMessage.id,
      threadId,
      userMessageId: exchange.userMessage.id,
      firstExchange: exchange.userMessage.seq === 1,
    },
  });
}
