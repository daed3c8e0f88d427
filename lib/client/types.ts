import type { UIMessage } from "ai";
import type { Memory, MessageStatus, ThreadSummary } from "@/lib/db/types";
import type { ErrorBody } from "@/lib/errors";
import type { StreamStats, UsedMemory } from "@/lib/stream/events";

export type { Memory, MessageStatus, ThreadSummary, UsedMemory };

/** The memories that went into an answer's context (the `data-memories` part and `stats.memories`). */
export interface MemoriesUsed {
  memories: UsedMemory[];
  method: "embedding" | "keyword";
}

/** The stats a stored answer carries: the done-event figures, plus what it used and how it failed. */
export type AnswerStats = Partial<StreamStats> & { memories?: MemoriesUsed; error?: ErrorBody };

/** Metadata on a chat message: from the stream's start/finish chunks, or from the stored message. */
export interface LumiaMetadata {
  model?: string | null;
  threadId?: string;
  /** The stored id of the user message this answer replies to (sent in the start chunk). */
  userMessageId?: string;
  stats?: AnswerStats | null;
  error?: ErrorBody;
  status?: MessageStatus;
}

export interface LumiaDataParts {
  memories: MemoriesUsed;
  [key: string]: unknown;
}

export type LumiaUIMessage = UIMessage<LumiaMetadata, LumiaDataParts>;

/** What an assistant message shows as its `data-state`. */
export type AnswerState = "streaming" | "done" | "interrupted" | "error";

export interface ModelInfo {
  name: string;
  size: number;
  family?: string;
  parameterSize?: string;
  quantization?: string;
  modifiedAt?: string;
  loaded: boolean;
  /** Ready to answer without a load (from the server's warm-up tracking, when it reports it). */
  warm?: boolean;
  expiresAt: string | null;
  /** What Ollama says the model can do; empty when it does not say. */
  capabilities?: string[];
}

export interface ModelsResponse {
  defaultModel: string;
  models: ModelInfo[];
}

/** A model pull running on the server (GET /api/models/pulls): the server's own shape, a type only. */
export type { PullJob } from "@/lib/models/pull-jobs";

export interface HealthResponse {
  ok: boolean;
  ollama: {
    reachable: boolean;
    version?: string | null;
    host: string;
    error?: string;
    /** Every host of OLLAMA_HOST, when there are several (to a client on Lumia's machine). */
    hosts?: { url: string; reachable: boolean; version: string | null; loaded: string[]; active: number }[];
  };
  database?: { ok: boolean; error?: string };
}

export type { ThreadSummary as ThreadListItem };
