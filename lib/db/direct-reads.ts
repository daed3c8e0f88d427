import type Database from "better-sqlite3";
import { getDirectSqlite } from "./client";
import type { Owner } from "./ownership";

/*
 * The reads every thread answer makes before its first token (the thread's settings; for memory chat,
 * the owner's memories; with accounts on, the API key of the request), on cached better-sqlite3 statements over the direct connection: Prisma would
 * compile each query and prepare its statement anew, several hundred µs of CPU per request that queue
 * in front of the first token under load. Reads never wait for SQLite's write lock (WAL). Callers fall
 * back to Prisma when there is no direct connection (PostgreSQL, `:memory:`).
 */

export interface ThreadSettingsRow {
  model: string | null;
  systemPrompt: string | null;
  options: string | null;
}

export interface MemoryRow {
  id: string;
  content: string;
  embedding: Uint8Array | null;
  embeddingModel: string | null;
}

const SETTINGS = `SELECT "model", "systemPrompt", "options" FROM "Thread" WHERE "id" = ?`;
const MEMORIES = `SELECT "id", "content", "embedding", "embeddingModel" FROM "Memory"`;

export interface AnswerWriterRow {
  writer: string;
  address: string | null;
  lastSeen: string | number;
}

/** An API key by its hash, with what decides whether it may act: the key's state and its owner's. */
export interface ApiKeyRow {
  id: string;
  enabled: number | boolean | null;
  expiresAt: string | number | null;
  remaining: number | null;
  lastRequest: string | number | null;
  userId: string;
  role: string | null;
  status: string;
  banned: number | boolean | null;
}

const API_KEY = `SELECT k."id", k."enabled", k."expiresAt", k."remaining", k."lastRequest",
  u."id" AS "userId", u."role", u."status", u."banned"
  FROM "ApiKey" k JOIN "User" u ON u."id" = k."referenceId" WHERE k."key" = ?`;

function prepare(db: Database.Database) {
  return {
    writer: db.prepare<[string], AnswerWriterRow>(
      `SELECT i."id" AS "writer", i."address", i."lastSeen" FROM "Message" m
       JOIN "Instance" i ON i."id" = m."writer" WHERE m."id" = ?`,
    ),
    settings: db.prepare<[string], ThreadSettingsRow>(SETTINGS),
    settingsOf: db.prepare<[string, string], ThreadSettingsRow>(`${SETTINGS} AND "userId" = ?`),
    memories: db.prepare<[], MemoryRow>(`${MEMORIES} ORDER BY "createdAt" ASC`),
    memoriesOf: db.prepare<[string], MemoryRow>(`${MEMORIES} WHERE "userId" = ? ORDER BY "createdAt" ASC`),
    apiKey: db.prepare<[string], ApiKeyRow>(API_KEY),
  };
}

const prepared = new WeakMap<Database.Database, ReturnType<typeof prepare>>();

async function statements(): Promise<ReturnType<typeof prepare> | null> {
  const db = await getDirectSqlite();
  if (!db) return null;
  let found = prepared.get(db);
  if (!found) {
    found = prepare(db);
    prepared.set(db, found);
  }
  return found;
}

/**
 * A thread's settings row when `owner` may see it: null when it does not exist (or is another's);
 * undefined when there is no direct connection (ask Prisma).
 */
export async function threadSettingsDirect({
  owner,
  id,
}: {
  owner: Owner;
  id: string;
}): Promise<ThreadSettingsRow | null | undefined> {
  const found = await statements();
  if (!found) return undefined;
  const row = owner === "local" ? found.settings.get(id) : found.settingsOf.get(id, owner.userId);
  return row ?? null;
}

/** `owner`'s memories, oldest first; undefined when there is no direct connection (ask Prisma). */
export async function memoriesDirect({ owner }: { owner: Owner }): Promise<MemoryRow[] | undefined> {
  const found = await statements();
  if (!found) return undefined;
  return owner === "local" ? found.memories.all() : found.memoriesOf.all(owner.userId);
}

/**
 * The process writing answer `id`, its private address and when it last said it was up (as stored:
 * Prisma's ISO text, or epoch ms); null when the answer has no known writer, undefined when there is no
 * direct connection (ask Prisma). A resume or a stop that reaches another worker asks this first.
 */
export async function answerWriterDirect({
  id,
}: {
  id: string;
}): Promise<AnswerWriterRow | null | undefined> {
  const found = await statements();
  if (!found) return undefined;
  return found.writer.get(id) ?? null;
}

/**
 * The key stored under `hash` and its owner: null when there is none, undefined when there is no direct
 * connection (ask Prisma). Every request with an API key asks this first.
 */
export async function apiKeyDirect({ hash }: { hash: string }): Promise<ApiKeyRow | null | undefined> {
  const found = await statements();
  if (!found) return undefined;
  return found.apiKey.get(hash) ?? null;
}
