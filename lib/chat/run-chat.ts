import { generateTitleInBackground } from "@/lib/chat/generate-title";
import { systemPromptWithMemories } from "@/lib/chat/prompts";
import type { Owner } from "@/lib/db/ownership";
import type { FinalMessageStatus } from "@/lib/db/types";
import { getEnv } from "@/lib/env";
import { writeAnswerEnd } from "@/lib/generation/answer-writer";
import { Generation } from "@/lib/generation/generation";
import { queuePartialSave } from "@/lib/generation/partial-saves";
import { generations } from "@/lib/generation/registry";
import { extractMemoriesInBackground } from "@/lib/memory/extract";
import { retrieveMemories } from "@/lib/memory/retrieve";
import { ollamaChatSource } from "@/lib/ollama/chat-source";
import type { ChatMessage, OllamaGenerationOptions } from "@/lib/ollama/wire-types";
import type { StreamFormat } from "@/lib/stream/encoder";
import type { Source, StartMeta } from "@/lib/stream/events";
import type { StreamResult } from "@/lib/stream/observers";
import { streamResponse } from "@/lib/stream/pipeline";
import { generationResponse } from "@/lib/stream/stream-response";

/** Everything one chat answer needs, prepared by the endpoint's module. */
export interface ChatPlan {
  endpoint: string;
  /** Under Next, the request's signal (the lean routes watch the socket themselves). */
  signal?: AbortSignal;
  format: StreamFormat;
  model: string;
  message: string;
  system: string;
  /** The conversation before `message`; a function when it must be read first (after the stream opened). */
  history: ChatMessage[] | (() => Promise<ChatMessage[]>);
  /**
   * Whose long-term memory the answer uses: their relevant memories go into the system prompt (and the
   * client is told which), and after a finished answer the facts the user stated are stored (never
   * delaying the stream). None for stateless chat.
   */
  memoryOf?: Owner;
  keepAlive?: string;
  /** Model options, output format and tools, passed to Ollama as they are. */
  generation?: OllamaGenerationOptions;
  /**
   * A thread answer, stored as the assistant message `assistantMessageId`: it becomes a durable
   * generation (resumable, saved as it grows, ended by stop or when nobody comes back).
   */
  persist?: { assistantMessageId: string; firstExchange?: boolean } & StartMeta;
}

/** The stats persisted with an answer: the done-event stats plus the memories used and any error. */
function storedStats(result: StreamResult): Record<string, unknown> {
  return {
    ...result.stats,
    ...(result.memories ? { memories: result.memories } : {}),
    ...(result.toolCalls ? { toolCalls: result.toolCalls } : {}),
    ...(result.error ? { error: result.error } : {}),
  };
}

/** A stopped, abandoned or shut-down answer keeps its text as interrupted; only a failure is an error. */
function storedStatus(result: StreamResult): FinalMessageStatus {
  if (result.endReason === "done") return "complete";
  return result.endReason === "error" ? "error" : "interrupted";
}

function chatSource(plan: ChatPlan): Source {
  return async (signal, emit) => {
    const history = typeof plan.history === "function" ? await plan.history() : plan.history;
    let system = plan.system;
    if (plan.memoryOf) {
      const found = await retrieveMemories({ owner: plan.memoryOf, query: plan.message, signal });
      emit({ type: "memory", memories: found.memories, method: found.method });
      system = systemPromptWithMemories({ base: plan.system, memories: found.memories });
    }
    await ollamaChatSource({
      model: plan.model,
      messages: [
        ...(system ? [{ role: "system" as const, content: system }] : []),
        ...history,
        { role: "user", content: plan.message },
      ],
      keepAlive: plan.keepAlive,
      ...plan.generation,
    })(signal, emit);
  };
}

/**
 * Runs one chat answer through the pipeline and returns the Response that reads it. Persistence and
 * memory extraction listen to the answer (partial saves once a second, the end once): nothing touches
 * the database between two chunks.
 */
export function runChat(plan: ChatPlan): Response {
  const extract = (result: StreamResult) => {
    if (plan.memoryOf && result.outcome === "done") {
      extractMemoriesInBackground({ owner: plan.memoryOf, message: plan.message, model: plan.model });
    }
  };
  const { persist } = plan;
  if (!persist) {
    return streamResponse({
      endpoint: plan.endpoint,
      model: plan.model,
      format: plan.format,
      signal: plan.signal,
      source: chatSource(plan),
      onFinish: extract,
    });
  }
  const generation = new Generation({
    id: persist.assistantMessageId,
    endpoint: plan.endpoint,
    model: plan.model,
    meta: { threadId: persist.threadId, userMessageId: persist.userMessageId },
    thread: { threadId: persist.threadId, graceMs: getEnv().LUMIA_RESUME_GRACE_MS },
    source: chatSource(plan),
    onUnsavedText: queuePartialSave,
    persist: (result) =>
      writeAnswerEnd({
        id: persist.assistantMessageId,
        content: result.text,
        status: storedStatus(result),
        stats: storedStats(result),
      }),
    onFinish: (result) => {
      extract(result);
      if (persist.firstExchange && result.outcome === "done") {
        generateTitleInBackground({
          threadId: persist.threadId,
          model: plan.model,
          question: plan.message,
          answer: result.text,
        });
      }
    },
  });
  generations().add(generation);
  return generationResponse({ generation, format: plan.format, signal: plan.signal });
}
