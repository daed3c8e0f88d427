/*
 * The domain types lib/db hands out. Plain JSON-ready objects: dates are ISO strings and no Prisma type leaks,
 * so route handlers can return them as-is.
 */

/** Who wrote a message. */
export const MESSAGE_ROLES = ["user", "assistant", "system"] as const;
export type MessageRole = (typeof MESSAGE_ROLES)[number];

/** `streaming` while an answer is being written; one of the other three once it has ended. */
export const MESSAGE_STATUSES = ["streaming", "complete", "interrupted", "error"] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

/** How an assistant message can end. */
export type FinalMessageStatus = Exclude<MessageStatus, "streaming">;

/** `user`: typed in by the user; `extracted`: distilled from a conversation. */
export const MEMORY_SOURCES = ["user", "extracted"] as const;
export type MemorySource = (typeof MEMORY_SOURCES)[number];

/** Timing and token statistics of an answer; their shape belongs to lib/stream. */
export type MessageStats = Record<string, unknown>;

/** Who named a thread: its first message (auto), the model after the first answer, or the user. */
export const TITLE_SOURCES = ["auto", "generated", "user"] as const;
export type TitleSource = (typeof TITLE_SOURCES)[number];

/** A thread as the sidebar lists it. */
export interface ThreadSummary {
  id: string;
  title: string;
  titleSource: TitleSource;
  createdAt: string;
  updatedAt: string;
}

/** What a thread asks of every answer in it; null leaves it to Lumia's defaults. */
export interface ThreadSettings {
  model: string | null;
  systemPrompt: string | null;
  /** Ollama model options (temperature, num_ctx, ...), merged under a request's own. */
  options: Record<string, unknown> | null;
}

/** A thread with its settings and its messages in conversation order. */
export interface Thread extends ThreadSummary, ThreadSettings {
  messages: Message[];
}

/** One message; `seq` is its position in the thread (1, 2, 3, ...). */
export interface Message {
  id: string;
  threadId: string;
  seq: number;
  role: MessageRole;
  content: string;
  status: MessageStatus;
  model: string | null;
  stats: MessageStats | null;
  createdAt: string;
  updatedAt: string;
}

/** A message as sent to the model. */
export interface HistoryMessage {
  role: MessageRole;
  content: string;
}

/** A long-term memory as the memory page shows it (the vector stays in the database). */
export interface Memory {
  id: string;
  content: string;
  source: MemorySource;
  /** The model that embedded `content`, or null when it has no embedding yet. */
  embeddingModel: string | null;
  createdAt: string;
  updatedAt: string;
}

/** A memory as retrieval needs it. */
export interface RetrievableMemory {
  id: string;
  content: string;
  embedding: Float32Array | null;
  embeddingModel: string | null;
}
