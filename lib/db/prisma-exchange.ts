import { getDb } from "./client";
import { databaseProvider } from "./provider";
import { DEFAULT_THREAD_TITLE, titleFromMessage } from "./threads";
import { toMessage } from "./to-domain";
import type { FinalMessageStatus, HistoryMessage, Message, MessageStats } from "./types";

/*
 * beginExchange, finishAssistantMessage and getHistory through Prisma: what messages.ts falls back to when
 * the direct connection finds SQLite busy (or cannot exist, for `:memory:`). Same semantics; see the doc
 * comments in messages.ts.
 */

// Interactive transactions queue on the adapter's single connection; under a burst of sends the default
// 2 s wait for a turn is too short.
const EXCHANGE_TRANSACTION = { maxWait: 10_000, timeout: 10_000 };

export async function beginExchangeWithPrisma({
  threadId,
  userContent,
  model,
  writer,
}: {
  threadId: string;
  userContent: string;
  model: string;
  writer: string;
}): Promise<{ userMessage: Message; assistantMessage: Message } | null> {
  const db = await getDb();
  return db.$transaction(async (tx) => {
    // Write before reading MAX(seq): the UPDATE takes SQLite's write lock, so another connection cannot read
    // the same maximum in between. The adapter runs its own transactions one by one.
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
      data: { threadId, seq: seq + 1, role: "assistant", content: "", status: "streaming", model, writer },
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

export async function finishAssistantMessageWithPrisma({
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

export async function getHistoryWithPrisma({
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

export async function appendAssistantTextWithPrisma({
  items,
}: {
  items: { id: string; text: string }[];
}): Promise<void> {
  const db = await getDb();
  const now = new Date();
  if (databaseProvider() === "postgresql") {
    // One statement for every running answer: hundreds of answers must not mean hundreds of round trips
    // inside one transaction (which then outlives its timeout under load).
    await db.$executeRaw`UPDATE "Message" AS m SET "content" = m."content" || v."text", "updatedAt" = ${now}
      FROM unnest(${items.map((item) => item.id)}::text[], ${items.map((item) => item.text)}::text[])
        AS v("id", "text")
      WHERE m."id" = v."id" AND m."status" = 'streaming'`;
    return;
  }
  await db.$transaction(
    items.map(
      ({ id, text }) =>
        db.$executeRaw`UPDATE "Message" SET "content" = "content" || ${text}, "updatedAt" = ${now}
          WHERE "id" = ${id} AND "status" = 'streaming'`,
    ),
  );
}
