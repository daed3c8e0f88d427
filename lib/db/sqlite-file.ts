import { mkdirSync } from "node:fs";
import path from "node:path";

/** Where Lumia keeps its database when DATABASE_URL is unset, relative to the working directory. */
export const DEFAULT_DATABASE_URL = "file:./data/lumia.db";

/**
 * Turns a SQLite `DATABASE_URL` (`file:./data/lumia.db`, `file:/abs/x.db`, `:memory:`) into the absolute path the
 * better-sqlite3 adapter should open, creating the parent directory when it is missing.
 *
 * Relative paths resolve against `process.cwd()` (the repo root under every npm script), so the CLI's
 * `migrate deploy` and the running server open the same file. SQLite creates the file but never its directory.
 */
export function prepareSqliteFile({ url }: { url: string }): string {
  // Prisma-style connection parameters (`?connection_limit=1`) mean nothing to better-sqlite3.
  const location = url.replace(/^file:/, "").replace(/\?.*$/, "");
  if (location === ":memory:") return location;
  const file = path.resolve(/*turbopackIgnore: true*/ process.cwd(), location);
  mkdirSync(path.dirname(file), { recursive: true });
  return file;
}
