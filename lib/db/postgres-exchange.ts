import { getDb } from "./client";
import { createCuid } from "./cuid";
import { DEFAULT_THREAD_TITLE, titleFromMessage } from "./threads";
import type { Message } from "./types";

/**
 * beginExchange on PostgreSQL: one call of `lumia_begin_exchange` (its migration), one round trip instead
 * of an interactive transaction's five, which under load queue for the pool while holding the thread's
 * row lock. Same semantics as the other two paths (see messages.ts).
 */
export async function beginExchangeOnPostgres({
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
  const userId = createCuid();
  const assistantId = createCuid();
  const now = new Date();
  const title = titleFromMessage({ content: userContent });
  const rows = await db.$queryRaw<{ seq: number | null }[]>`SELECT lumia_begin_exchange(
    ${threadId}, ${userId}, ${assistantId}, ${userContent}, ${model}, ${writer}, ${title},
    ${DEFAULT_THREAD_TITLE}, ${now}::timestamp(3)) AS "seq"`;
  const seq = rows[0]?.seq;
  if (seq === null || seq === undefined) return null;
  const stamp = now.toISOString();
  const base = { threadId, stats: null, createdAt: stamp, updatedAt: stamp };
  return {
    userMessage: {
      ...base,
      id: userId,
      seq,
      role: "user",
      content: userContent,
      status: "complete",
      model: null,
    },
    assistantMessage: {
      ...base,
      id: assistantId,
      seq: seq + 1,
      role: "assistant",
      content: "",
      status: "streaming",
      model,
    },
  };
}
