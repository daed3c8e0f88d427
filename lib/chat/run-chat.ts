import { systemPromptWithMemories } from "@/lib/chat/prompts";
import { finishAssistantMessage } from "@/lib/db/messages";
import { extractMemoriesInBackground } from "@/lib/memory/extract";
import { retrieveMemories } from "@/lib/memory/retrieve";
import { ollamaChatSource } from "@/lib/ollama/chat-source";
import type { ChatMessage, OllamaGenerationOptions } from "@/lib/ollama/wire-types";
import type { StreamFormat } from "@/lib/stream/encoder";
import type { Source, StartMeta } from "@/lib/stream/events";
import type { StreamResult } from "@/lib/stream/observers";
import { streamResponse } from "@/lib/stream/stream-response";

/** Everything one chat answer needs, prepared by the endpoint's module. */
export interface ChatPlan {
  endpoint: string;
  signal: AbortSignal;
  format: StreamFormat;
  model: string;
  message: string;
  system: string;
  history: ChatMessage[];
  /** Put the user's relevant memories into the system prompt (and tell the client which). */
  useMemory: boolean;
  /** After a finished answer, store facts the user stated (never delays the stream). */
  extractMemories: boolean;
  keepAlive?: string;
  /** Model options, output format and tools, passed to Ollama as they are. */
  generation?: OllamaGenerationOptions;
  /** Where the answer is stored; the stream's id is then the assistant message's id. */
  persist?: { assistantMessageId: string };
  /** The thread and user message of a persisted answer, told to clients that can carry it. */
  exchange?: StartMeta;
}

const statusByOutcome = { done: "complete", aborted: "interrupted", error: "error" } as const;

/** The stats persisted with an answer: the done-event stats plus the memories used and any error. */
function storedStats(result: StreamResult): Record<string, unknown> {
  return {
    ...result.stats,
    ...(result.memories ? { memories: result.memories } : {}),
    ...(result.error ? { error: result.error } : {}),
  };
}

function chatSource(plan: ChatPlan): Source {
  const ollama = (system: string) =>
    ollamaChatSource({
      model: plan.model,
      messages: [
        ...(system ? [{ role: "system" as const, content: system }] : []),
        ...plan.history,
        { role: "user", content: plan.message },
      ],
      keepAlive: plan.keepAlive,
      ...plan.generation,
    });
  if (!plan.useMemory) return ollama(plan.system);
  return async (signal, emit) => {
    const found = await retrieveMemories({ query: plan.message, signal });
    emit({ type: "memory", memories: found.memories, method: found.method });
    await ollama(systemPromptWithMemories({ base: plan.system, memories: found.memories }))(signal, emit);
  };
}

/**
 * Runs one chat answer through the pipeline. Persistence and memory extraction listen to the end of the
 * stream: nothing touches the database between two chunks.
 */
export function runChat(plan: ChatPlan): Response {
  return streamResponse({
    endpoint: plan.endpoint,
    model: plan.model,
    format: plan.format,
    signal: plan.signal,
    id: plan.persist?.assistantMessageId,
    meta: plan.exchange,
    source: chatSource(plan),
    onFinish: async (result) => {
      if (plan.persist) {
        await finishAssistantMessage({
          id: plan.persist.assistantMessageId,
          content: result.text,
          status: statusByOutcome[result.outcome],
          stats: storedStats(result),
        });
      }
      if (plan.extractMemories && result.outcome === "done") {
        extractMemoriesInBackground({ message: plan.message, model: plan.model });
      }
    },
  });
}
