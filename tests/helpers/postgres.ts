import { randomBytes } from "node:crypto";
import path from "node:path";
import pg from "pg";
import { migratePostgres } from "@/lib/db/postgres-migrations";

/** The PostgreSQL server tests use (trust auth); each test database is made on it and dropped after. */
export const TEST_POSTGRES_URL =
  process.env.LUMIA_TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/test";

/** Whether this test run is the PostgreSQL pass (`LUMIA_TEST_DATABASE=postgres`, vitest.postgres.config.ts). */
export const onPostgres = process.env.LUMIA_TEST_DATABASE === "postgres";

const root = path.resolve(import.meta.dirname, "../..");

async function admin<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/** A fresh PostgreSQL database with every migration applied; `drop` removes it. */
export async function createPostgresDatabase({ migrate = true }: { migrate?: boolean } = {}): Promise<{
  url: string;
  drop(): Promise<void>;
}> {
  const name = `lumia_test_${randomBytes(6).toString("hex")}`;
  await admin((client) => client.query(`CREATE DATABASE "${name}"`));
  const url = new URL(TEST_POSTGRES_URL);
  url.pathname = `/${name}`;
  if (migrate) await migratePostgres({ url: url.href, dir: path.join(root, "prisma/postgres/migrations") });
  return {
    url: url.href,
    drop: () =>
      admin((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => {}),
  };
}
