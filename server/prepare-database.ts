import { spawnSync } from "node:child_process";
import path from "node:path";
import { migratePostgres } from "@/lib/db/postgres-migrations";
import { databaseProvider } from "@/lib/db/provider";
import { prepareSqliteFile } from "@/lib/db/sqlite-file";
import { getEnv } from "@/lib/env";
import { sqliteMigrationsApplied } from "@/server/sqlite-migrations";

/**
 * Applies committed migrations (SQLite: `prisma migrate deploy`; PostgreSQL: lib/db/postgres-migrations.ts;
 * both idempotent), writes answers the last run kept in its journal, and marks this instance's answers
 * left streaming by its last run (and those of processes that are gone) as interrupted.
 */
export async function prepareDatabase({ dir }: { dir: string }): Promise<void> {
  const url = getEnv().DATABASE_URL;
  if (databaseProvider(url) === "postgresql") {
    const applied = await migratePostgres({ url, dir: path.join(dir, "prisma", "postgres", "migrations") });
    if (applied.length > 0)
      console.log(`Applied ${applied.length} PostgreSQL migration(s): ${applied.join(", ")}`);
  } else {
    migrateSqlite({ url, dir });
  }
  // Answers a previous run could not write before it exited are written first, then the rest repaired.
  const { applyAnswerJournal } = await import("@/lib/generation/answer-writer");
  const journalled = await applyAnswerJournal();
  if (journalled > 0) console.log(`Wrote ${journalled} answer(s) the last run kept in its journal.`);
  // This instance's own answers from its last run cannot go on; those of other instances that are up can.
  const { interruptOrphanedAnswers } = await import("@/lib/db/messages");
  const { GONE_AFTER_MS, ownProcessPrefix } = await import("@/lib/generation/instances");
  const repaired = await interruptOrphanedAnswers({
    ownPrefix: ownProcessPrefix({ provider: databaseProvider(url) }),
    aliveSince: new Date(Date.now() - GONE_AFTER_MS),
  });
  if (repaired > 0)
    console.log(`Marked ${repaired} answer(s) left streaming by the last run as interrupted.`);
}

/** `prisma migrate deploy`, unless the file already has every migration (most starts after the first). */
function migrateSqlite({ url, dir }: { url: string; dir: string }): void {
  // The file the server will open (resolved and its folder made as lib/db does).
  const file = prepareSqliteFile({ url });
  if (file !== ":memory:" && sqliteMigrationsApplied({ file, dir: path.join(dir, "prisma", "migrations") })) {
    return;
  }
  const result = spawnSync(path.join(dir, "node_modules", ".bin", "prisma"), ["migrate", "deploy"], {
    cwd: dir,
    env: { ...process.env, DATABASE_URL: url },
    encoding: "utf8",
  });
  if (result.status !== 0) {
    process.stderr.write(result.stdout + result.stderr);
    throw new Error("Applying database migrations failed (see above).");
  }
  console.log(`Applied the database migrations (prisma migrate deploy) to ${file}.`);
}
