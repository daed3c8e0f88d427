import { PrismaPg } from "@prisma/adapter-pg";
import { defineConfig } from "prisma/config";

// The schema reads env("DATABASE_URL"): without one the CLI cannot read it at all.
process.env.DATABASE_URL ??= "postgresql://postgres@127.0.0.1:5432/test";

/**
 * The Prisma CLI on PostgreSQL (`prisma generate`, `migrate diff`): the JavaScript schema engine through
 * the pg adapter, as prisma.config.ts does for SQLite, since the Rust engines cannot be downloaded here.
 * Migrations are applied by Lumia itself (lib/db/postgres-migrations.ts).
 */
export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "prisma/postgres/schema.prisma",
  migrations: { path: "prisma/postgres/migrations" },
  async adapter() {
    return new PrismaPg({ connectionString: process.env.DATABASE_URL });
  },
});
