import { copyFile, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, inject } from "vitest";

import { createPostgresDatabase, onPostgres } from "./postgres";
import { migrateWithCli } from "./sqlite-template";

/** A throwaway database with every migration applied: a SQLite file, or a PostgreSQL database. */
export interface TestDatabase {
  /** URL to put in DATABASE_URL (`file:` or `postgresql://`). */
  url: string;
  /** Absolute path of the SQLite file; null on PostgreSQL. */
  file: string | null;
  /** Removes the file and its directory (close the client first). */
  cleanup(): Promise<void>;
}

/**
 * Creates a fresh database and migrates it as production does: a SQLite file in a temporary directory,
 * a copy of the run's template that the real CLI (`prisma migrate deploy`) migrated (or migrated here when
 * there is no template), or on the PostgreSQL pass (tests/helpers/postgres.ts) a new PostgreSQL database
 * with Lumia's own migrator.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  if (onPostgres) {
    const database = await createPostgresDatabase();
    return { url: database.url, file: null, cleanup: database.drop };
  }
  const dir = await mkdtemp(path.join(tmpdir(), "lumia-db-"));
  const file = path.join(dir, "lumia.db");
  const url = `file:${file}`;
  try {
    const template = inject("sqliteTemplate");
    if (template) await copyFile(template, file);
    else await migrateWithCli(file);
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return { url, file, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * For a test file: a fresh migrated SQLite file that lib/db opens (through DATABASE_URL) for the file's
 * tests, closed and removed after them.
 */
export function withTestDatabase(): void {
  let database: TestDatabase | undefined;
  const originalUrl = process.env.DATABASE_URL;
  beforeAll(async () => {
    database = await createTestDatabase();
    process.env.DATABASE_URL = database.url;
  });
  afterAll(async () => {
    const { disconnectDb } = await import("@/lib/db/client");
    await disconnectDb();
    await database?.cleanup();
    process.env.DATABASE_URL = originalUrl;
  });
}
