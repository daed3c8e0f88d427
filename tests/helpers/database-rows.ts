import Database from "better-sqlite3";
import pg from "pg";

export interface MessageRow {
  id: string;
  role: string;
  status: string;
  content: string;
}

const SQL = `SELECT "id", "role", "status", "content" FROM "Message" ORDER BY "threadId", "seq"`;

/** Every message as the database holds it, read directly (SQLite file or PostgreSQL), not through Lumia. */
export async function messageRows({ databaseUrl }: { databaseUrl: string }): Promise<MessageRow[]> {
  if (databaseUrl.startsWith("file:")) {
    const db = new Database(databaseUrl.slice("file:".length), { readonly: true, fileMustExist: true });
    try {
      return db.prepare(SQL).all() as MessageRow[];
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query<MessageRow>(SQL)).rows;
  } finally {
    await client.end();
  }
}

/**
 * Takes the database's write lock from another connection, as a long transaction elsewhere would:
 * SQLite's `BEGIN IMMEDIATE` (writers fail with SQLITE_BUSY), PostgreSQL's exclusive table lock on the
 * messages (writers wait). Returns the release.
 */
export async function holdWriteLock({ databaseUrl }: { databaseUrl: string }): Promise<() => Promise<void>> {
  if (databaseUrl.startsWith("file:")) {
    const db = new Database(databaseUrl.slice("file:".length), { fileMustExist: true });
    db.exec("BEGIN IMMEDIATE");
    return async () => {
      db.exec("ROLLBACK");
      db.close();
    };
  }
  const client = new pg.Client({ connectionString: databaseUrl });
  // The test database may be dropped under it (WITH FORCE): that ends the connection, no more.
  client.on("error", () => {});
  await client.connect();
  await client.query(`BEGIN; LOCK TABLE "Message" IN EXCLUSIVE MODE`);
  return async () => {
    await client.query("ROLLBACK");
    await client.end();
  };
}
