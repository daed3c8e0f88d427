import type Database from "better-sqlite3";
import { Prisma, type Thread as ThreadRow } from "../generated/prisma/client";
import { getDb } from "./client";
import { onDirectConnection, toSqliteDateTime } from "./direct-connection";
import { threadSettingsDirect } from "./direct-reads";
import { type Owner, ownerId, ownerWhere } from "./ownership";
import { databaseProvider } from "./provider";
import { toMessage, toThreadSettings, toThreadSummary } from "./to-domain";
import type { Thread, ThreadSettings, ThreadSummary } from "./types";

/** The title of a thread nobody has named yet; beginExchange replaces it with one made from the first message. */
export const DEFAULT_THREAD_TITLE = "New chat";

const TITLE_MAX_CHARS = 60;
const PAGE_DEFAULT = 30;
const PAGE_MAX = 100;

/** The columns of a thread's settings, as stored (options as JSON text). */
function settingsColumns(settings: Partial<ThreadSettings>) {
  return {
    ...(settings.model !== undefined ? { model: settings.model } : {}),
    ...(settings.systemPrompt !== undefined ? { systemPrompt: settings.systemPrompt } : {}),
    ...(settings.options !== undefined
      ? { options: settings.options ? JSON.stringify(settings.options) : null }
      : {}),
  };
}

/**
 * Creates an empty thread of `owner`'s, titled "New chat" unless a title is given (then the user's),
 * with the settings given. `id` lets an AI SDK client that names its own chats (useChat's `id`) keep it.
 */
export async function createThread({
  owner,
  title,
  id,
  ...settings
}: {
  owner: Owner;
  title?: string;
  id?: string;
} & Partial<ThreadSettings>): Promise<ThreadSummary> {
  const db = await getDb();
  const named = title?.trim();
  const row = await db.thread.create({
    data: {
      ...(id ? { id } : {}),
      userId: ownerId(owner),
      title: named || DEFAULT_THREAD_TITLE,
      titleSource: named ? "user" : "auto",
      ...settingsColumns(settings),
    },
  });
  return toThreadSummary(row);
}

/**
 * Lists `owner`'s threads, most recently active first. `q` matches titles or any message's text, as a plain substring
 * (case-insensitive for ASCII only). Pass the returned `nextCursor` to get the next page; it is null on the
 * last page. The cursor carries the position itself, so deleting or updating threads between two pages
 * never makes paging fail; an unreadable cursor yields an empty page.
 */
export async function listThreads({
  owner,
  q,
  limit = PAGE_DEFAULT,
  cursor,
}: {
  owner: Owner;
  q?: string;
  limit?: number;
  cursor?: string | null;
}): Promise<{ threads: ThreadSummary[]; nextCursor: string | null }> {
  const take = Number.isFinite(limit) ? Math.min(Math.max(Math.trunc(limit), 1), PAGE_MAX) : PAGE_DEFAULT;
  const after = cursor ? decodeCursor(cursor) : null;
  if (cursor && !after) return { threads: [], nextCursor: null };
  const search = q?.trim();

  // Raw SQL because Prisma's `contains` becomes an unescaped LIKE: "%" or "_" in a query would act as
  // wildcards. instr() (SQLite) and strpos() (PostgreSQL) match literally.
  const find = databaseProvider() === "postgresql" ? Prisma.raw("strpos") : Prisma.raw("instr");
  const matches = search
    ? Prisma.sql`AND (${find}(lower(t."title"), lower(${search})) > 0 OR EXISTS (
        SELECT 1 FROM "Message" m WHERE m."threadId" = t."id" AND ${find}(lower(m."content"), lower(${search})) > 0))`
    : Prisma.empty;
  // Keyset paging on (updatedAt, id): ties on updatedAt are broken by id, as in the ORDER BY.
  const afterCursor = after
    ? Prisma.sql`AND (t."updatedAt" < ${after.updatedAt} OR (t."updatedAt" = ${after.updatedAt} AND t."id" < ${after.id}))`
    : Prisma.empty;

  const owned = owner === "local" ? Prisma.empty : Prisma.sql`AND t."userId" = ${owner.userId}`;

  const db = await getDb();
  // One row more than asked tells whether another page exists.
  const rows = await db.$queryRaw<ThreadRow[]>`
    SELECT t."id", t."title", t."titleSource", t."createdAt", t."updatedAt" FROM "Thread" t
    WHERE 1 = 1 ${owned} ${matches} ${afterCursor}
    ORDER BY t."updatedAt" DESC, t."id" DESC
    LIMIT ${take + 1}`;
  const page = rows.slice(0, take);
  const last = page.at(-1);
  return {
    threads: page.map(toThreadSummary),
    nextCursor: rows.length > take && last ? encodeCursor(last) : null,
  };
}

/** One of `owner`'s threads with its messages in order, or null when it has no such thread. */
export async function getThread({ owner, id }: { owner: Owner; id: string }): Promise<Thread | null> {
  const db = await getDb();
  const row = await db.thread.findFirst({
    where: { id, ...ownerWhere(owner) },
    include: { messages: { orderBy: { seq: "asc" } } },
  });
  if (!row) return null;
  return { ...toThreadSummary(row), ...toThreadSettings(row), messages: row.messages.map(toMessage) };
}

/** One of `owner`'s threads' settings alone (what every answer needs first), or null when none. */
export async function getThreadSettings({
  owner,
  id,
}: {
  owner: Owner;
  id: string;
}): Promise<ThreadSettings | null> {
  // Every thread answer reads this before its first token: a prepared statement where there is one.
  const direct = await threadSettingsDirect({ owner, id });
  if (direct !== undefined) return direct && toThreadSettings(direct);
  const db = await getDb();
  const row = await db.thread.findFirst({
    where: { id, ...ownerWhere(owner) },
    select: { model: true, systemPrompt: true, options: true },
  });
  return row && toThreadSettings(row);
}

/**
 * Renames a thread (the user's title from now on: no generated one replaces it) and changes its
 * settings; what is left out stays, null clears a setting. Renaming counts as activity (it moves to the
 * top). Null when the thread does not exist.
 */
export async function updateThread({
  owner,
  id,
  title,
  ...settings
}: {
  owner: Owner;
  id: string;
  title?: string;
} & Partial<ThreadSettings>): Promise<(ThreadSummary & ThreadSettings) | null> {
  const db = await getDb();
  const { count } = await db.thread.updateMany({
    where: { id, ...ownerWhere(owner) },
    data: {
      ...(title !== undefined
        ? { title: title.trim() || DEFAULT_THREAD_TITLE, titleSource: "user" as const }
        : {}),
      ...settingsColumns(settings),
    },
  });
  if (count === 0) return null;
  const row = await db.thread.findUnique({ where: { id } });
  return row && { ...toThreadSummary(row), ...toThreadSettings(row) };
}

const GENERATED_TITLE = `UPDATE "Thread" SET "title" = ?, "titleSource" = 'generated', "updatedAt" = ?
  WHERE "id" = ? AND "titleSource" = 'auto'`;
const titleStatements = new WeakMap<Database.Database, Database.Statement<[string, string, string]>>();

/**
 * Sets the title the model proposed, unless somebody named the thread meanwhile. Whether it was set.
 * One cached statement on the direct connection (every new thread asks this while other answers
 * stream: Prisma would compile the query each time); Prisma when there is none or SQLite stays busy.
 */
export async function setGeneratedTitle({ id, title }: { id: string; title: string }): Promise<boolean> {
  return onDirectConnection(
    (direct) => {
      let statement = titleStatements.get(direct);
      if (!statement) {
        statement = direct.prepare<[string, string, string]>(GENERATED_TITLE);
        titleStatements.set(direct, statement);
      }
      return statement.run(title, toSqliteDateTime(new Date()), id).changes > 0;
    },
    async () => {
      const db = await getDb();
      const { count } = await db.thread.updateMany({
        where: { id, titleSource: "auto" },
        data: { title, titleSource: "generated" },
      });
      return count > 0;
    },
  );
}

/** Deletes one of `owner`'s threads and, by cascade, its messages. False when it has no such thread. */
export async function deleteThread({ owner, id }: { owner: Owner; id: string }): Promise<boolean> {
  const db = await getDb();
  const { count } = await db.thread.deleteMany({ where: { id, ...ownerWhere(owner) } });
  return count > 0;
}

/**
 * A title made from a thread's first message: its first non-blank line, whitespace collapsed, at most
 * 60 characters with an ellipsis when cut. Cuts between code points, never inside an emoji.
 */
export function titleFromMessage({ content }: { content: string }): string {
  const line = content
    .split("\n")
    .map((text) => text.replace(/\s+/g, " ").trim())
    .find((text) => text.length > 0);
  if (!line) return DEFAULT_THREAD_TITLE;
  const chars = Array.from(line);
  if (chars.length <= TITLE_MAX_CHARS) return line;
  return `${chars
    .slice(0, TITLE_MAX_CHARS - 1)
    .join("")
    .trimEnd()}…`;
}

function encodeCursor({ updatedAt, id }: { updatedAt: Date; id: string }): string {
  return Buffer.from(JSON.stringify([updatedAt.toISOString(), id])).toString("base64url");
}

function decodeCursor(cursor: string): { updatedAt: Date; id: string } | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (!Array.isArray(value) || typeof value[0] !== "string" || typeof value[1] !== "string") return null;
    const updatedAt = new Date(value[0]);
    return Number.isNaN(updatedAt.getTime()) ? null : { updatedAt, id: value[1] };
  } catch {
    return null;
  }
}
