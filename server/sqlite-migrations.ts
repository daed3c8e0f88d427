import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";

/**
 * True when the SQLite file at `file` has every migration in `dir` applied, as `prisma migrate deploy`
 * records it (a finished, not rolled back row in `_prisma_migrations` whose checksum is the SHA-256 of
 * the migration's SQL). Then the CLI, which takes 1.5–2 s to start and would find nothing to do, is not
 * run. Anything else (no file, no table, a missing, failed or edited migration, a file that cannot be
 * opened) is false: the CLI decides and reports.
 */
export function sqliteMigrationsApplied({ file, dir }: { file: string; dir: string }): boolean {
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const rows = db
      .prepare(
        "SELECT migration_name AS name, checksum, finished_at AS finishedAt, rolled_back_at AS rolledBackAt FROM _prisma_migrations",
      )
      .all() as { name: string; checksum: string; finishedAt: unknown; rolledBackAt: unknown }[];
    // A migration that started and neither finished nor was rolled back: only the CLI may deal with it.
    if (rows.some((row) => row.finishedAt == null && row.rolledBackAt == null)) return false;
    const applied = new Set(
      rows
        .filter((row) => row.finishedAt != null && row.rolledBackAt == null)
        .map((row) => `${row.name}:${row.checksum}`),
    );
    return migrationNames(dir).every((name) => {
      const sql = readFileSync(path.join(dir, name, "migration.sql"));
      return applied.has(`${name}:${createHash("sha256").update(sql).digest("hex")}`);
    });
  } catch {
    return false;
  } finally {
    db?.close();
  }
}

function migrationNames(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name);
}
