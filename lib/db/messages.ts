import { getDb } from "./client";
import { fromSqliteDateTime, onDirectConnection } from "./direct-connection";
import {
  appendAssistantTextDirect,
  beginExchangeDirect,
  finishAssistantMessageDirect,
  getHistoryDirect,
} from "./direct-exchange";
import { answerWriterDirect } from "./direct-reads";
import { type Owner, ownerWhere } from "./ownership";
import { beginExchangeOnPostgres } from "./postgres-exchange";
import {
  appendAssistantTextWithPrisma,
  beginExchangeWithPrisma,
  finishAssistantMessageWithPrisma,
  getHistoryWithPrisma,
} from "./prisma-exchange";
import { databaseProvider } from "./provider";
import { toMessage } from "./to-domain";
import type { FinalMessageStatus, HistoryMessage, Message, MessageStats } from "./types";

// beginExchange, finishAssistantMessage and getHistory run on every answer: they use prepared statements on a
// direct connection (direct-exchange.ts), and Prisma (prisma-exchange.ts) only when SQLite stays busy.

/**
 * Starts one question/answer exchange: in a single transaction, stores the user's message (complete) and an
 * empty assistant placeholder (streaming) at the next two seq numbers, bumps the thread's activity time and,
 * if the thread is still untitled, titles it from the message. Concurrent exchanges on the same thread
 * therefore get disjoint seq pairs and each question stays next to its answer. Null when the thread does
 * not exist.
 */
export async function beginExchange(input: {
  threadId: string;
  userContent: string;
  model: string;
  /** The process that will write the answer (lib/generation/instances.ts). */
  writer: string;
}): Promise<{ userMessage: Message; assistantMessage: Message } | null> {
  if (databaseProvider() === "postgresql") return beginExchangeOnPostgres(input);
  return onDirectConnection(
    (db) => beginExchangeDirect({ db, ...input }),
    () => beginExchangeWithPrisma(input),
  );
}

/**
 * Stores how an assistant answer ended, with its full text and optional stats. Null when the message is
 * gone (its thread was deleted, or a regenerate removed it, while it streamed). With `whenBusy: "throw"`
 * it never waits on the event loop: a lock held for longer than ~100 ms is a DatabaseBusyError, for
 * callers that try again later (the answer writer).
 */
export async function finishAssistantMessage(
  input: {
    id: string;
    content: string;
    status: FinalMessageStatus;
    stats?: MessageStats | null;
  },
  { whenBusy = "fallback" }: { whenBusy?: "fallback" | "throw" } = {},
): Promise<Message | null> {
  return onDirectConnection(
    (db) => finishAssistantMessageDirect({ db, ...input }),
    () => finishAssistantMessageWithPrisma(input),
    { whenBusy },
  );
}

/**
 * Appends text to answers still streaming, in one transaction: the partial save that keeps what a
 * crash would lose to about a second. An answer that already ended is left alone (its end wrote all).
 * A DatabaseBusyError when SQLite stays locked.
 */
export async function appendAssistantText(input: { items: { id: string; text: string }[] }): Promise<void> {
  if (input.items.length === 0) return;
  // A second later the next save tries again: never wait for a lock on the event loop for this.
  return onDirectConnection(
    (db) => appendAssistantTextDirect({ db, ...input }),
    () => appendAssistantTextWithPrisma(input),
    { whenBusy: "throw" },
  );
}

/**
 * The conversation to send to the model, oldest first: complete and interrupted messages with text, up to
 * (not including) `beforeSeq` when given. Streaming placeholders, including those of other exchanges still
 * running in the thread, and failed answers are left out.
 */
export async function getHistory(input: { threadId: string; beforeSeq?: number }): Promise<HistoryMessage[]> {
  return onDirectConnection(
    (db) => getHistoryDirect({ db, ...input }),
    () => getHistoryWithPrisma(input),
  );
}

/**
 * Marks `interrupted` every answer still `streaming` whose writer is gone: written by a process whose
 * name starts with `ownPrefix` (this instance's last run, restarting: nothing of it can go on), by no
 * known process, or by one that has not said it is up since `aliveSince`. Returns how many. Run at
 * start, and every few seconds (another instance may have died): no answer stays `streaming` for ever.
 */
export async function interruptOrphanedAnswers({
  ownPrefix,
  aliveSince,
}: {
  ownPrefix?: string;
  aliveSince: Date;
}): Promise<number> {
  const db = await getDb();
  if (ownPrefix === "") {
    const { count } = await db.message.updateMany({
      where: { status: "streaming" },
      data: { status: "interrupted" },
    });
    return count;
  }
  const alive = (
    await db.instance.findMany({ where: { lastSeen: { gte: aliveSince } }, select: { id: true } })
  )
    .map((row) => row.id)
    .filter((id) => !ownPrefix || !id.startsWith(ownPrefix));
  const { count } = await db.message.updateMany({
    where: {
      status: "streaming",
      OR: [
        { writer: null },
        { writer: { notIn: alive } },
        ...(ownPrefix ? [{ writer: { startsWith: ownPrefix } }] : []),
      ],
    },
    data: { status: "interrupted" },
  });
  return count;
}

/**
 * Marks `interrupted` the answers still `streaming` that process `writer` was writing: a worker that
 * restarts under the same name cannot go on with them (and its heartbeat would keep them looking alive).
 */
export async function interruptAnswersOf({ writer }: { writer: string }): Promise<number> {
  const db = await getDb();
  const { count } = await db.message.updateMany({
    where: { status: "streaming", writer },
    data: { status: "interrupted" },
  });
  return count;
}

/**
 * The process writing answer `id` and where its siblings reach it (its private address), if that process
 * said it was up since `aliveSince`; null when the answer has no writer or its writer is gone.
 */
export async function findAnswerWriter({
  id,
  aliveSince,
}: {
  id: string;
  aliveSince: Date;
}): Promise<{ writer: string; address: string | null } | null> {
  const direct = await answerWriterDirect({ id });
  if (direct !== undefined) {
    if (!direct || fromSqliteDateTime(direct.lastSeen) < aliveSince) return null;
    return { writer: direct.writer, address: direct.address };
  }
  const db = await getDb();
  const message = await db.message.findUnique({ where: { id }, select: { writer: true } });
  if (!message?.writer) return null;
  const instance = await db.instance.findUnique({ where: { id: message.writer } });
  if (!instance || instance.lastSeen < aliveSince) return null;
  return { writer: instance.id, address: instance.address };
}

/** Says that process `id` is up (its answers are being written). */
export async function markInstanceAlive({
  id,
  address = null,
}: {
  id: string;
  address?: string | null;
}): Promise<void> {
  const db = await getDb();
  const lastSeen = new Date();
  await db.instance.upsert({
    where: { id },
    create: { id, lastSeen, address },
    update: { lastSeen, address },
  });
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

/** One message of one of `owner`'s threads, or null when there is no such message. */
export async function getMessage({
  owner,
  threadId,
  id,
}: {
  owner: Owner;
  threadId: string;
  id: string;
}): Promise<Message | null> {
  const db = await getDb();
  const row = await db.message.findFirst({ where: { id, threadId, thread: ownerWhere(owner) } });
  return row && toMessage(row);
}
