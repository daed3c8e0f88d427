import { getDb } from "./client";
import { type Owner, ownerId, ownerWhere } from "./ownership";
import { toMemory, toMessage, toThreadSettings, toThreadSummary } from "./to-domain";
import type { Memory, Message, MessageRole, MessageStatus, Thread, TitleSource } from "./types";

/** Lumia's export format: one chat, or all of a user's data (its threads and memories). */
export interface LumiaExport {
  format: "lumia-export";
  version: 1;
  exportedAt: string;
  threads: Thread[];
  memories?: Memory[];
}

/** A thread as an import gives it: only what a new thread needs (ids and owner are made here). */
export interface ImportThread {
  title: string;
  titleSource?: TitleSource;
  model?: string | null;
  systemPrompt?: string | null;
  options?: Record<string, unknown> | null;
  createdAt?: string;
  messages: {
    role: MessageRole;
    content: string;
    status?: MessageStatus;
    model?: string | null;
    stats?: Record<string, unknown> | null;
    createdAt?: string;
  }[];
}

/** `owner`'s threads (all, or those of `ids`) with their messages, and with `memories` their memories. */
export async function exportData({
  owner,
  ids,
  memories,
}: {
  owner: Owner;
  ids?: string[];
  memories: boolean;
}): Promise<LumiaExport> {
  const db = await getDb();
  const rows = await db.thread.findMany({
    where: { ...ownerWhere(owner), ...(ids ? { id: { in: ids } } : {}) },
    include: { messages: { orderBy: { seq: "asc" } } },
    orderBy: [{ updatedAt: "desc" }, { id: "desc" }],
  });
  const threads = rows.map((row) => ({
    ...toThreadSummary(row),
    ...toThreadSettings(row),
    messages: row.messages.map(toMessage),
  }));
  const memoryRows = memories
    ? await db.memory.findMany({
        where: ownerWhere(owner),
        omit: { embedding: true },
        orderBy: [{ createdAt: "asc" }],
      })
    : null;
  return {
    format: "lumia-export",
    version: 1,
    exportedAt: new Date().toISOString(),
    threads,
    ...(memoryRows ? { memories: memoryRows.map(toMemory) } : {}),
  };
}

/**
 * Stores imported threads (new ids, `owner`'s; a message still `streaming` in the export is kept as
 * interrupted) and memories (embedded again later: without a vector, retrieval uses keywords). One
 * transaction: all or nothing. Returns the new threads' ids.
 */
export async function importData({
  owner,
  threads,
  memories = [],
}: {
  owner: Owner;
  threads: ImportThread[];
  memories?: { content: string; source?: "user" | "extracted" }[];
}): Promise<{ threadIds: string[]; memories: number }> {
  const db = await getDb();
  const userId = ownerId(owner);
  return db.$transaction(async (tx) => {
    const threadIds: string[] = [];
    for (const thread of threads) {
      const created = await tx.thread.create({
        data: {
          userId,
          title: thread.title,
          titleSource: thread.titleSource ?? "user",
          model: thread.model ?? null,
          systemPrompt: thread.systemPrompt ?? null,
          options: thread.options ? JSON.stringify(thread.options) : null,
          ...(thread.createdAt ? { createdAt: new Date(thread.createdAt) } : {}),
          messages: {
            create: thread.messages.map((message, index) => ({
              seq: index + 1,
              role: message.role,
              content: message.content,
              status: message.status === "streaming" ? "interrupted" : (message.status ?? "complete"),
              model: message.model ?? null,
              stats: message.stats ? JSON.stringify(message.stats) : null,
              ...(message.createdAt ? { createdAt: new Date(message.createdAt) } : {}),
            })),
          },
        },
        select: { id: true },
      });
      threadIds.push(created.id);
    }
    for (const memory of memories) {
      await tx.memory.create({ data: { userId, content: memory.content, source: memory.source ?? "user" } });
    }
    return { threadIds, memories: memories.length };
  });
}

export type { Message };
