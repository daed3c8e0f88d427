import type {
  Memory as MemoryRow,
  Message as MessageRow,
  Thread as ThreadRow,
} from "../generated/prisma/client";
import type { Memory, Message, MessageStats, ThreadSettings, ThreadSummary } from "./types";

/*
 * Prisma rows -> domain types. Internal to lib/db: everything outside it sees only ./types.
 */

/** Converts a thread row. */
export function toThreadSummary(
  row: Pick<ThreadRow, "id" | "title" | "titleSource" | "createdAt" | "updatedAt">,
): ThreadSummary {
  return {
    id: row.id,
    title: row.title,
    titleSource: row.titleSource,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** A thread row's settings, its options parsed (unreadable options read as none). */
export function toThreadSettings(row: Pick<ThreadRow, "model" | "systemPrompt" | "options">): ThreadSettings {
  return { model: row.model, systemPrompt: row.systemPrompt, options: parseJsonObject(row.options) };
}

/** Converts a message row, parsing its stats. */
export function toMessage(row: Omit<MessageRow, "writer">): Message {
  return {
    id: row.id,
    threadId: row.threadId,
    seq: row.seq,
    role: row.role,
    content: row.content,
    status: row.status,
    model: row.model,
    stats: parseJsonObject(row.stats),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Converts a memory row, leaving the vector behind. */
export function toMemory(row: Omit<MemoryRow, "embedding">): Memory {
  return {
    id: row.id,
    content: row.content,
    source: row.source,
    embeddingModel: row.embeddingModel,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

// Stats and options are decoration: an unreadable blob must not stop a thread from loading, so it reads
// as none.
function parseJsonObject(text: string | null): MessageStats | null {
  if (text === null) return null;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as MessageStats)
      : null;
  } catch {
    return null;
  }
}
