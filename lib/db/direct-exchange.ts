import type Database from "better-sqlite3";
import { createCuid } from "./cuid";
import { fromSqliteDateTime, toSqliteDateTime } from "./direct-connection";
import { DEFAULT_THREAD_TITLE, titleFromMessage } from "./threads";
import { toMessage } from "./to-domain";
import type {
  FinalMessageStatus,
  HistoryMessage,
  Message,
  MessageRole,
  MessageStats,
  MessageStatus,
} from "./types";

/*
 * The three statements of every answer (beginExchange, getHistory, finishAssistantMessage) on cached
 * better-sqlite3 prepared statements over getDirectSqlite()'s connection: no query compiler, no adapter
 * mutex, no statement prepared twice. Each call is synchronous, so no lock is ever held across an await.
 * Rows are encoded exactly as Prisma writes them (see toSqliteDateTime), so Prisma reads them back alike.
 * messages.ts owns the semantics (see its doc comments) and falls back to Prisma when SQLite is busy.
 */

/** A message as SQLite returns it: stats as JSON text, dates as stored (see fromSqliteDateTime). */
type MessageRow = Omit<Message, "stats" | "createdAt" | "updatedAt"> & {
  stats: string | null;
  createdAt: string | number;
  updatedAt: string | number;
};

const MESSAGE_COLUMNS = `"id", "threadId", "seq", "role", "content", "status", "model", "stats", "createdAt", "updatedAt"`;
const HISTORY = `SELECT "role", "content" FROM "Message"
  WHERE "threadId" = ? AND "status" IN ('complete', 'interrupted') AND "content" <> ''`;

function prepare(db: Database.Database) {
  const insertMessage = db.prepare<
    [string, string, number, MessageRole, string, MessageStatus, string | null, string | null, string, string]
  >(
    `INSERT INTO "Message" ("id", "threadId", "seq", "role", "content", "status", "model", "writer", "createdAt", "updatedAt")
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const threadTitle = db.prepare<[string], string>(`SELECT "title" FROM "Thread" WHERE "id" = ?`).pluck();
  const lastSeq = db
    .prepare<[string], number>(`SELECT "seq" FROM "Message" WHERE "threadId" = ? ORDER BY "seq" DESC LIMIT 1`)
    .pluck();
  const touchThread = db.prepare<[string, string, string]>(
    `UPDATE "Thread" SET "title" = ?, "updatedAt" = ? WHERE "id" = ?`,
  );
  const finish = db.prepare<[string, FinalMessageStatus, string | null, string, string], MessageRow>(
    `UPDATE "Message" SET "content" = ?, "status" = ?, "stats" = ?, "updatedAt" = ? WHERE "id" = ?
     RETURNING ${MESSAGE_COLUMNS}`,
  );
  const append = db.prepare<[string, string, string]>(
    `UPDATE "Message" SET "content" = "content" || ?, "updatedAt" = ? WHERE "id" = ? AND "status" = 'streaming'`,
  );
  const appendAll = db.transaction((items: { id: string; text: string }[], stamp: string) => {
    for (const item of items) append.run(item.text, stamp, item.id);
  });
  const history = db.prepare<[string], HistoryMessage>(`${HISTORY} ORDER BY "seq" ASC`);
  const historyBefore = db.prepare<[string, number], HistoryMessage>(
    `${HISTORY} AND "seq" < ? ORDER BY "seq" ASC`,
  );

  const insert = (message: Message, stamp: string, writer: string | null) =>
    insertMessage.run(
      message.id,
      message.threadId,
      message.seq,
      message.role,
      message.content,
      message.status,
      message.model,
      writer,
      stamp,
      stamp,
    );

  const begin = db.transaction(
    ({
      threadId,
      userContent,
      model,
      writer,
    }: {
      threadId: string;
      userContent: string;
      model: string;
      writer: string;
    }) => {
      // BEGIN IMMEDIATE took the write lock before these reads, so no other writer can hand out the same
      // seq numbers in between.
      const title = threadTitle.get(threadId);
      if (title === undefined) return null;
      const seq = (lastSeq.get(threadId) ?? 0) + 1;
      const now = new Date();
      const stamp = toSqliteDateTime(now);
      const at = now.toISOString();
      const userMessage: Message = {
        id: createCuid(),
        threadId,
        seq,
        role: "user",
        content: userContent,
        status: "complete",
        model: null,
        stats: null,
        createdAt: at,
        updatedAt: at,
      };
      const assistantMessage: Message = {
        ...userMessage,
        id: createCuid(),
        seq: seq + 1,
        role: "assistant",
        content: "",
        status: "streaming",
        model,
      };
      insert(userMessage, stamp, null);
      insert(assistantMessage, stamp, writer);
      const untitled = title === DEFAULT_THREAD_TITLE || title.trim() === "";
      touchThread.run(untitled ? titleFromMessage({ content: userContent }) : title, stamp, threadId);
      return { userMessage, assistantMessage };
    },
  );

  return { begin, finish, appendAll, history, historyBefore };
}

type Statements = ReturnType<typeof prepare>;

// Prepared once per connection; a closed connection's entry goes with it.
const prepared = new WeakMap<Database.Database, Statements>();

function statements(db: Database.Database): Statements {
  let found = prepared.get(db);
  if (!found) {
    found = prepare(db);
    prepared.set(db, found);
  }
  return found;
}

/** beginExchange on the direct connection, in one `BEGIN IMMEDIATE` transaction. */
export function beginExchangeDirect({
  db,
  ...input
}: {
  db: Database.Database;
  threadId: string;
  userContent: string;
  model: string;
  writer: string;
}): { userMessage: Message; assistantMessage: Message } | null {
  return statements(db).begin.immediate(input);
}

/** finishAssistantMessage on the direct connection: one UPDATE ... RETURNING. */
export function finishAssistantMessageDirect({
  db,
  id,
  content,
  status,
  stats,
}: {
  db: Database.Database;
  id: string;
  content: string;
  status: FinalMessageStatus;
  stats?: MessageStats | null;
}): Message | null {
  const stamp = toSqliteDateTime(new Date());
  const row = statements(db).finish.get(content, status, stats ? JSON.stringify(stats) : null, stamp, id);
  if (!row) return null;
  return toMessage({
    ...row,
    createdAt: fromSqliteDateTime(row.createdAt),
    updatedAt: fromSqliteDateTime(row.updatedAt),
  });
}

/** appendAssistantText on the direct connection: one transaction for the whole batch. */
export function appendAssistantTextDirect({
  db,
  items,
}: {
  db: Database.Database;
  items: { id: string; text: string }[];
}): void {
  statements(db).appendAll.immediate(items, toSqliteDateTime(new Date()));
}

/** getHistory on the direct connection. */
export function getHistoryDirect({
  db,
  threadId,
  beforeSeq,
}: {
  db: Database.Database;
  threadId: string;
  beforeSeq?: number;
}): HistoryMessage[] {
  const { history, historyBefore } = statements(db);
  return beforeSeq === undefined ? history.all(threadId) : historyBefore.all(threadId, beforeSeq);
}
