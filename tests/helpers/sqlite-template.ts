import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
const repoRoot = path.resolve(import.meta.dirname, "../..");

declare module "vitest" {
  export interface ProvidedContext {
    /** A SQLite file `prisma migrate deploy` migrated once for the whole run; each test database is a copy. */
    sqliteTemplate: string;
  }
}

/** Migrates `file` with the real CLI, as production's first start does. */
export async function migrateWithCli(file: string): Promise<void> {
  await run(path.join(repoRoot, "node_modules/.bin/prisma"), ["migrate", "deploy"], {
    cwd: repoRoot,
    // CHECKPOINT_DISABLE: no update check against the network on every test run.
    env: { ...process.env, DATABASE_URL: `file:${file}`, CHECKPOINT_DISABLE: "1" },
  });
}

/**
 * One migrated SQLite file for a run. The CLI takes 1.5–2 s to start, and the suite makes dozens of
 * databases; a copy of a file it migrated is the same file.
 */
export async function makeSqliteTemplate(): Promise<{ file: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), "lumia-template-"));
  const file = path.join(dir, "template.db");
  await migrateWithCli(file);
  return { file, remove: () => rm(dir, { recursive: true, force: true }) };
}
