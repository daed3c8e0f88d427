import { DEFAULT_SYSTEM_PROMPT } from "@/lib/chat/prompts";
import { runChat } from "@/lib/chat/run-chat";
import { beginExchange, getHistory } from "@/lib/db/messages";
import { LumiaError } from "@/lib/errors";
import { resolveModel } from "@/lib/ollama/models";
import type { StreamFormat } from "@/lib/stream/encoder";

/** How much of a long thread goes to the model; Ollama would cut the rest to its context window anyway. */
const HISTORY_LIMIT = 100;

export function threadNotFound(threadId: string): LumiaError {
  return new LumiaError("thread_not_found", `Thread '${threadId}' does not exist.`);
}

/**
 * Chat within a persisted thread. The user message is committed (with the answer's placeholder) before
 * the first byte of the answer; the thread's history goes to the model. The answer is a durable
 * generation: saved as it grows, resumable by any client, and stored when it ends: complete, interrupted
 * (stopped, or nobody came back for it) or error, with whatever text was produced.
 */
export async function startThreadChat({
  threadId,
  message,
  model: requested,
  useMemory,
  endpoint,
  signal,
  format,
}: {
  threadId: string;
  message: string;
  model?: string;
  useMemory: boolean;
  endpoint: string;
  signal?: AbortSignal;
  format: StreamFormat;
}): Promise<Response> {
  const model = await resolveModel({ requested });
  const exchange = await beginExchange({ threadId, userContent: message, model });
  if (!exchange) throw threadNotFound(threadId);
  return runChat({
    endpoint,
    signal,
    format,
    model,
    message,
    system: DEFAULT_SYSTEM_PROMPT,
    // Read once the stream is open: the client sees `start` while it loads.
    history: async () =>
      (await getHistory({ threadId, beforeSeq: exchange.userMessage.seq })).slice(-HISTORY_LIMIT),
    useMemory,
    extractMemories: useMemory,
    persist: {
      assistantMessageId: exchange.assistantMessage.id,
      threadId,
      userMessageId: exchange.userMessage.id,
    },
  });
}
