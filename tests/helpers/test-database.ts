import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll } from "vitest";

const run = promisify(execFile);
const repoRoot = path.resolve(import.meta.dirname, "../..");

/** A throwaway SQLite file with every migration applied. */
export interface TestDatabase {
  /** `file:` URL to put in DATABASE_URL. */
  url: string;
  /** Absolute path of the database file. */
  file: string;
  /** Removes the file and its directory (close the client first). */
  cleanup(): Promise<void>;
}

/**
 * Creates a fresh database in a temporary directory and migrates it with the real CLI
 * (`prisma migrate deploy`), so tests run against exactly the schema production gets.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const dir = await mkdtemp(path.join(tmpdir(), "lumia-db-"));
  const file = path.join(dir, "lumia.db");
  const url = `file:${file}`;
  try {
    await run(path.join(repoRoot, "node_modules/.bin/prisma"), ["migrate", "deploy"], {
      cwd: repoRoot,
      // CHECKPOINT_DISABLE: no update check against the network on every test run.
      env: { ...process.env, DATABASE_URL: url, CHECKPOINT_DISABLE: "1" },
    });
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
