/**
 * `npm run db:postgres-schema`: writes prisma/postgres/schema.prisma from prisma/schema.prisma. Prisma
 * takes one database provider per schema, so PostgreSQL has a schema file of its own; its models are
 * SQLite's word for word (a test checks that the committed file is what this makes).
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");

/** The PostgreSQL schema for a SQLite schema: another provider and client output, the same models. */
export function postgresSchemaFrom(sqlite: string): string {
  const models = sqlite.slice(sqlite.indexOf("enum "));
  return `// Generated from prisma/schema.prisma by \`npm run db:postgres-schema\`: edit that file, not this one.
// The same models on PostgreSQL (DATABASE_URL=postgresql://...), through the pg driver adapter.

generator client {
  provider   = "prisma-client"
  engineType = "client"
  output     = "../../lib/generated/prisma-pg"
}

datasource db {
  provider = "postgresql"
  url      = env("DATABASE_URL")
}

${models}`;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const sqlite = readFileSync(path.join(root, "prisma/schema.prisma"), "utf8");
  writeFileSync(path.join(root, "prisma/postgres/schema.prisma"), postgresSchemaFrom(sqlite));
  console.log("Wrote prisma/postgres/schema.prisma");
}
