import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "../generated/prisma/client";
import { DEFAULT_DATABASE_URL, prepareSqliteFile } from "./sqlite-file";

interface Connection {
  client: PrismaClient;
  ready: Promise<PrismaClient>;
}

// On globalThis so that Next's hot reloads, which re-evaluate this module, reuse the open database.
const store = globalThis as typeof globalThis & { lumiaDb?: Connection };

/**
 * The shared Prisma client, the only one in the process. Opens `DATABASE_URL` (default `file:./data/lumia.db`,
 * relative to the working directory) on first use, so a caller may set the variable after importing lib/db.
 */
export function getDb(): Promise<PrismaClient> {
  store.lumiaDb ??= connect();
  return store.lumiaDb.ready;
}

/** Closes the shared client; the next getDb() opens `DATABASE_URL` afresh. For shutdown and tests. */
export async function disconnectDb(): Promise<void> {
  const connection = store.lumiaDb;
  store.lumiaDb = undefined;
  await connection?.client.$disconnect();
}

function connect(): Connection {
  const url = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
  // `timeout` is SQLite's busy timeout: while another process writes (a migration, a second server), wait
  // up to 5 s for the lock instead of failing at once with SQLITE_BUSY.
  const adapter = new PrismaBetterSQLite3({ url: prepareSqliteFile({ url }), timeout: 5_000 });
  const client = new PrismaClient({ adapter });
  // WAL lets readers run while a writer commits. The adapter has no option for it; the mode is stored in the
  // file, so this only changes something the first time. journal_mode returns a row, hence queryRaw.
  const ready = client.$queryRawUnsafe("PRAGMA journal_mode = WAL").then(() => client);
  // A failed open is not cached: the next call tries again (e.g. once the directory is writable).
  ready.catch(() => {
    if (store.lumiaDb?.client === client) store.lumiaDb = undefined;
  });
  return { client, ready };
}
