import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { getEnv } from "@/lib/env";

/** The folder of a `file:` SQLite URL, resolved like Prisma resolves it (against the working directory). */
function sqliteDir(url: string, dir: string): string | null {
  if (!url.startsWith("file:")) return null;
  const file = url.slice("file:".length).split("?")[0] ?? "";
  return path.dirname(path.resolve(dir, file));
}

/**
 * Applies committed migrations (`prisma migrate deploy` is idempotent), then marks answers that were
 * still streaming when the server last stopped as interrupted: their stream cannot resume.
 */
export async function prepareDatabase({ dir }: { dir: string }): Promise<void> {
  const url = getEnv().DATABASE_URL;
  const folder = sqliteDir(url, dir);
  if (folder) mkdirSync(folder, { recursive: true });
  const result = spawnSync(path.join(dir, "node_modules", ".bin", "prisma"), ["migrate", "deploy"], {
    cwd: dir,
    env: { ...process.env, DATABASE_URL: url },
    encoding: "utf8",
  });
  if (result.status !== 0) {
    process.stderr.write(result.stdout + result.stderr);
    throw new Error("Applying database migrations failed (see above).");
  }
  // Answers a previous run could not write before it exited are written first, then the rest repaired.
  const { applyAnswerJournal } = await import("@/lib/generation/answer-writer");
  const journalled = await applyAnswerJournal();
  if (journalled > 0) console.log(`Wrote ${journalled} answer(s) the last run kept in its journal.`);
  const { repairStaleStreaming } = await import("@/lib/db/messages");
  const repaired = await repairStaleStreaming();
  if (repaired > 0)
    console.log(`Marked ${repaired} answer(s) left streaming by the last run as interrupted.`);
}
