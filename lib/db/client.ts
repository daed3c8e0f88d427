import { existsSync } from "node:fs";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import Database from "better-sqlite3";
import { PrismaClient } from "../generated/prisma/client";
import { PrismaClient as PostgresPrismaClient } from "../generated/prisma-pg/client";
import { databaseProvider } from "./provider";
import { DEFAULT_DATABASE_URL, prepareSqliteFile } from "./sqlite-file";
import { startWalCheckpointer, type WalCheckpointer } from "./wal-checkpointer";

interface Connection {
  client: PrismaClient;
  ready: Promise<PrismaClient>;
  /** The SQLite file both connections open (or `:memory:`); null on PostgreSQL. */
  file: string | null;
  /** The direct connection: undefined until first asked for, null when there can be none. */
  direct?: Database.Database | null;
  /** Checkpoints the WAL off the event loop once the direct connection has turned SQLite's own off. */
  checkpointer?: WalCheckpointer | null;
}

// On globalThis so that Next's hot reloads, which re-evaluate this module, reuse the open database.
const store = globalThis as typeof globalThis & { lumiaDb?: Connection };

/**
 * The shared Prisma client, the only one in the process. Opens `DATABASE_URL` (default `file:./data/lumia.db`,
 * relative to the working directory; a `postgresql://` URL for PostgreSQL) on first use, so a caller may set
 * the variable after importing lib/db.
 */
export function getDb(): Promise<PrismaClient> {
  store.lumiaDb ??= connect();
  return store.lumiaDb.ready;
}

/**
 * A second, plain better-sqlite3 connection to the same file, for the few hot statements that skip Prisma
 * (direct-exchange.ts); the adapter keeps its own connection private. Opened after the Prisma client is
 * ready, so the file exists and is in WAL mode. Null for `:memory:`, where a second connection would be a
 * second, empty database, and when disconnectDb() ran meanwhile: use Prisma then.
 */
export async function getDirectSqlite(): Promise<Database.Database | null> {
  store.lumiaDb ??= connect();
  const connection = store.lumiaDb;
  await connection.ready;
  if (store.lumiaDb !== connection) return null;
  if (connection.direct === undefined) {
    const file = connection.file;
    connection.direct = file === null || file === ":memory:" ? null : openDirect(file);
    connection.checkpointer = file && connection.direct ? startWalCheckpointer({ file }) : null;
    // SQLite's automatic checkpoint copies pages and fsyncs inside a commit, on the event loop: a stall of
    // every open stream. With the worker checkpointing, both connections leave it to the worker.
    if (connection.checkpointer) {
      connection.direct?.pragma("wal_autocheckpoint = 0");
      await connection.client.$queryRawUnsafe("PRAGMA wal_autocheckpoint = 0");
    }
  }
  return connection.direct;
}

/** Closes both connections; the next getDb() opens `DATABASE_URL` afresh. For shutdown and tests. */
export async function disconnectDb(): Promise<void> {
  const connection = store.lumiaDb;
  store.lumiaDb = undefined;
  connection?.direct?.close();
  await connection?.checkpointer?.stop();
  await connection?.client.$disconnect();
}

function connect(): Connection {
  const url = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
  if (databaseProvider(url) === "postgresql") return connectPostgres(url);
  const file = prepareSqliteFile({ url });
  // `timeout` is SQLite's busy timeout: while another process writes (a migration, a second server), wait
  // up to 5 s for the lock instead of failing at once with SQLITE_BUSY.
  const adapter = new PrismaBetterSQLite3({ url: file, timeout: 5_000 });
  const client = new PrismaClient({ adapter });
  // WAL lets readers run while a writer commits. The adapter has no option for it; the mode is stored in the
  // file, so this only changes something the first time. journal_mode returns a row, hence queryRaw.
  const ready = client.$queryRawUnsafe("PRAGMA journal_mode = WAL").then(() => client);
  return withRetryOnFailure({ client, ready, file });
}

/**
 * PostgreSQL through the pg driver adapter, with its own generated client (prisma/postgres/schema.prisma
 * has the same models). Its API is the SQLite client's, so lib/db uses one type for both; the few raw
 * statements that differ ask databaseProvider().
 */
function connectPostgres(url: string): Connection {
  const adapter = new PrismaPg({ connectionString: url, max: 20 });
  const client = new PostgresPrismaClient({ adapter }) as unknown as PrismaClient;
  const ready = client.$queryRawUnsafe("SELECT 1").then(() => client);
  return withRetryOnFailure({ client, ready, file: null });
}

function withRetryOnFailure(connection: Connection): Connection {
  // A failed open is not cached: the next call tries again (e.g. once the directory is writable).
  connection.ready.catch(() => {
    if (store.lumiaDb?.client === connection.client) store.lumiaDb = undefined;
  });
  return connection;
}

function openDirect(file: string): Database.Database {
  // Busy timeout 0: a Prisma interactive transaction can hold the write lock across awaits, and a busy wait
  // here would block the event loop it needs to finish, so a deadlock until the timeout. Failing at once
  // with SQLITE_BUSY lets the caller take the Prisma path, which queues behind that transaction instead.
  return new Database(file, { fileMustExist: true, timeout: 0 });
}

/**
 * Whether the database answers: a trivial query within `timeoutMs`, and for SQLite, the file still
 * being where it was opened (a deleted file keeps working on the open handle until the next start).
 */
export async function checkDatabase({ timeoutMs = 2_000 }: { timeoutMs?: number } = {}): Promise<{
  ok: boolean;
  error?: string;
}> {
  try {
    const db = await getDb();
    const file = store.lumiaDb?.file;
    if (file && file !== ":memory:" && !existsSync(file)) {
      return { ok: false, error: `The database file ${file} is gone; restart Lumia to create it again.` };
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      await Promise.race([db.$queryRawUnsafe("SELECT 1"), timeout]);
    } finally {
      clearTimeout(timer);
    }
    return { ok: true };
  } catch (error) {
    return {
      ok: false,
      error: `The database does not answer: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}
