import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";

/** Any constant: every Lumia instance takes the same lock, so one migrates while the others wait. */
const MIGRATION_LOCK = 7_461_353;

/**
 * Applies the committed PostgreSQL migrations (prisma/postgres/migrations/<name>/migration.sql) that this
 * database has not had yet, in name order, in one transaction, under an advisory lock: several instances
 * starting at once migrate once. Lumia does this itself because `prisma migrate deploy` through the pg
 * driver adapter fails on Prisma 6.19 (prisma/orm#27403). Returns the names applied.
 */
export async function migratePostgres({ url, dir }: { url: string; dir: string }): Promise<string[]> {
  const names = readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("BEGIN");
    await client.query("SELECT pg_advisory_xact_lock($1)", [MIGRATION_LOCK]);
    await client.query(
      `CREATE TABLE IF NOT EXISTS "_lumia_migrations" ("name" TEXT PRIMARY KEY, "appliedAt" TIMESTAMPTZ NOT NULL DEFAULT now())`,
    );
    const done = new Set(
      (await client.query<{ name: string }>(`SELECT "name" FROM "_lumia_migrations"`)).rows.map(
        (row) => row.name,
      ),
    );
    const applied: string[] = [];
    for (const name of names) {
      if (done.has(name)) continue;
      await client.query(readFileSync(path.join(dir, name, "migration.sql"), "utf8"));
      await client.query(`INSERT INTO "_lumia_migrations" ("name") VALUES ($1)`, [name]);
      applied.push(name);
    }
    await client.query("COMMIT");
    return applied;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    await client.end();
  }
}
