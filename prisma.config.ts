import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { defineConfig } from "prisma/config";
import { DEFAULT_DATABASE_URL, prepareSqliteFile } from "./lib/db/sqlite-file";

// schema.prisma reads env("DATABASE_URL"); give it the same default the server uses.
process.env.DATABASE_URL ??= DEFAULT_DATABASE_URL;

/**
 * The CLI runs the JavaScript schema engine through the better-sqlite3 adapter: the Rust engines cannot be
 * downloaded here, and this way `migrate deploy` opens the file exactly as lib/db/client.ts does.
 */
export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  async adapter() {
    const url = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
    return new PrismaBetterSQLite3({ url: prepareSqliteFile({ url }) });
  },
});
