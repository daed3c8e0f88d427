import { getDb } from "./client";
import { DEFAULT_THREAD_TITLE, titleFromMessage } from "./threads";
import { toMessage } from "./to-domain";
import type { FinalMessageStatus, HistoryMessage, Message, MessageStats } from "./types";

// Interactive transactions queue on the adapter's single connection; under a burst of sends the default
// 2 s wait for a turn is too short.
const EXCHANGE_TRANSACTION = { maxWait: 10_000, timeout: 10_000 };

/**
 * Starts one question/answer exchange: in a single transaction, stores the user's message (complete) and an
 * empty assistant placeholder (streaming) at the next two seq numbers, bumps the thread's activity time and,
 * if the thread is still untitled, titles it from the message. Concurrent exchanges on the same thread
 * therefore get disjoint seq pairs and each question stays next to its answer. Null when the thread does
 * not exist.
 */
export async function beginExchange({
  threadId,
  userContent,
  model,
}: {
  threadId: string;
  userContent: string;
  model: string;
}): Promise<{ userMessage: Message; assistantMessage: Message } | null> {
  const db = await getDb();
  return db.$transaction(async (tx) => {
    // Write before reading MAX(seq): the UPDATE takes SQLite's write lock, so another process cannot read
    // the same maximum in between. Within this process the adapter already runs transactions one by one.
    const { count } = await tx.thread.updateMany({
      where: { id: threadId },
      data: { updatedAt: new Date() },
    });
    // Return rather than throw: a rollback would also undo statements other requests ran on the shared
    // connection while this transaction was open.
    if (count === 0) return null;

    const thread = await tx.thread.findUniqueOrThrow({ where: { id: threadId }, select: { title: true } });
    const last = await tx.message.findFirst({
      where: { threadId },
      orderBy: { seq: "desc" },
      select: { seq: true },
    });
    const seq = (last?.seq ?? 0) + 1;
    const userMessage = await tx.message.create({
      data: { threadId, seq, role: "user", content: userContent, status: "complete" },
    });
    const assistantMessage = await tx.message.create({
      data: { threadId, seq: seq + 1, role: "assistant", content: "", status: "streaming", model },
    });
    if (thread.title === DEFAULT_THREAD_TITLE || thread.title.trim() === "") {
      await tx.thread.update({
        where: { id: threadId },
        data: { title: titleFromMessage({ content: userContent }) },
      });
    }
    return { userMessage: toMessage(userMessage), assistantMessage: toMessage(assistantMessage) };
  }, EXCHANGE_TRANSACTION);
}

/**
 * Stores how an assistant answer ended, with its full text and optional stats. Null when the message is
 * gone (its thread was deleted, or a regenerate removed it, while it streamed).
 */
export async function finishAssistantMessage({
  id,
  content,
  status,
  stats,
}: {
  id: string;
  content: string;
  status: FinalMessageStatus;
  stats?: MessageStats | null;
}): Promise<Message | null> {
  const db = await getDb();
  const { count } = await db.message.updateMany({
    where: { id },
    data: { content, status, stats: stats ? JSON.stringify(stats) : null },
  });
  if (count === 0) return null;
  const row = await db.message.findUnique({ where: { id } });
  return row && toMessage(row);
}

/**
 * The conversation to send to the model, oldest first: complete and interrupted messages with text, up to
 * (not including) `beforeSeq` when given. Streaming placeholders, including those of other exchanges still
 * running in the thread, and failed answers are left out.
 */
export async function getHistory({
  threadId,
  beforeSeq,
}: {
  threadId: string;
  beforeSeq?: number;
}): Promise<HistoryMessage[]> {
  const db = await getDb();
  return db.message.findMany({
    where: {
      threadId,
      status: { in: ["complete", "interrupted"] },
      content: { not: "" },
      ...(beforeSeq === undefined ? {} : { seq: { lt: beforeSeq } }),
    },
    orderBy: { seq: "asc" },
    select: { role: true, content: true },
  });
}

/**
 * Marks every `streaming` message `interrupted` and returns how many there were. Run once at server start,
 * before any request: a crash mid-answer must not leave a message streaming forever.
 */
export async function repairStaleStreaming(): Promise<number> {
  const db = await getDb();
  const { count } = await db.message.updateMany({
    where: { status: "streaming" },
    data: { status: "interrupted" },
  });
  return count;
}

/** Deletes the messages at `seq` and after it (regenerate, edit and resend); returns how many went. */
export async function deleteMessagesAfter({
  threadId,
  seq,
}: {
  threadId: string;
  seq: number;
}): Promise<number> {
  const db = await getDb();
  const { count } = await db.message.deleteMany({ where: { threadId, seq: { gte: seq } } });
  return count;
}
