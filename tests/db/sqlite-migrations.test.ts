import { existsSync } from "node:fs";
import { copyFile, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sqliteMigrationsApplied } from "@/server/sqlite-migrations";
import { startApp } from "../helpers/app-server";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";

/* When a start may skip `prisma migrate deploy` (server/prepare-database.ts): only when nothing is left. */

const migrations = path.resolve(import.meta.dirname, "../../prisma/migrations");
let migrated: TestDatabase;
let scratch: string;

beforeAll(async () => {
  migrated = await createTestDatabase();
  scratch = await mkdtemp(path.join(tmpdir(), "lumia-migrations-"));
});
afterAll(async () => {
  await migrated?.cleanup();
  await rm(scratch, { recursive: true, force: true });
});

/** A copy of the migrated file, changed by `change`. */
async function migratedCopy(name: string, change: (db: Database.Database) => void): Promise<string> {
  const file = path.join(scratch, `${name}.db`);
  await copyFile(migrated.file as string, file);
  const db = new Database(file);
  change(db);
  db.close();
  return file;
}

describe("a SQLite file's migrations", () => {
  it("are all applied in a file the CLI migrated", () => {
    expect(sqliteMigrationsApplied({ file: migrated.file as string, dir: migrations })).toBe(true);
  });

  it("are not, for a file that does not exist (which is not created) or has no migration table", async () => {
    const missing = path.join(scratch, "missing.db");
    expect(sqliteMigrationsApplied({ file: missing, dir: migrations })).toBe(false);
    expect(existsSync(missing)).toBe(false);
    const empty = path.join(scratch, "empty.db");
    await writeFile(empty, "");
    expect(sqliteMigrationsApplied({ file: empty, dir: migrations })).toBe(false);
  });

  it("are not when one is missing, was edited since, failed half-way or was rolled back", async () => {
    const last = (db: Database.Database) =>
      (
        db.prepare("SELECT id FROM _prisma_migrations ORDER BY migration_name DESC LIMIT 1").get() as {
          id: string;
        }
      ).id;
    const cases = {
      missing: (db: Database.Database) =>
        db.prepare("DELETE FROM _prisma_migrations WHERE id = ?").run(last(db)),
      edited: (db: Database.Database) =>
        db.prepare("UPDATE _prisma_migrations SET checksum = 'x' WHERE id = ?").run(last(db)),
      failed: (db: Database.Database) =>
        db.prepare("UPDATE _prisma_migrations SET finished_at = NULL WHERE id = ?").run(last(db)),
      rolledBack: (db: Database.Database) =>
        db.prepare("UPDATE _prisma_migrations SET rolled_back_at = finished_at WHERE id = ?").run(last(db)),
    };
    for (const [name, change] of Object.entries(cases)) {
      const file = await migratedCopy(name, change);
      expect(sqliteMigrationsApplied({ file, dir: migrations }), name).toBe(false);
    }
  });
});

describe("npm start on SQLite", () => {
  it("migrates a new file with the CLI at its first start, and skips the CLI at the next", async () => {
    const file = path.join(scratch, "new", "lumia.db");
    const applied = /Applied the database migrations \(prisma migrate deploy\)/;
    // Ollama is a closed port: the start warns and serves; no answer is asked for.
    const first = await startApp({ ollamaHost: "http://127.0.0.1:9", databaseFile: file });
    await first.stop();
    expect(first.logs()).toMatch(applied);
    expect(sqliteMigrationsApplied({ file, dir: migrations })).toBe(true);
    const second = await startApp({ ollamaHost: "http://127.0.0.1:9", databaseFile: file });
    try {
      expect(second.logs()).toMatch(/Lumia is listening/);
      expect(second.logs()).not.toMatch(applied);
      expect((await fetch(`${second.url}/api/threads`)).status).toBe(200);
    } finally {
      await second.stop();
    }
  }, 60_000);
});
