import { stat } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disconnectDb, getDb } from "@/lib/db/client";
import { createThread } from "@/lib/db/threads";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";

/* What only the SQLite file does (left out of the PostgreSQL pass). */

let database: TestDatabase;
const originalUrl = process.env.DATABASE_URL;

beforeAll(async () => {
  database = await createTestDatabase();
  process.env.DATABASE_URL = database.url;
});

afterAll(async () => {
  await disconnectDb();
  await database?.cleanup();
  process.env.DATABASE_URL = originalUrl;
});

describe("the SQLite file", () => {
  it("writes through a write-ahead log, folded into the file when the last connection closes", async () => {
    await createThread({ owner: "local" });
    expect((await stat(`${database.file}-wal`)).isFile()).toBe(true);
    await disconnectDb();
    // SQLite deletes the log on the last close: proof the client really closed.
    await expect(stat(`${database.file}-wal`)).rejects.toThrow();
  });

  it("is opened in WAL mode with a busy timeout", async () => {
    const db = await getDb();
    expect(await db.$queryRawUnsafe("PRAGMA journal_mode")).toEqual([{ journal_mode: "wal" }]);
    const [row] = await db.$queryRawUnsafe<{ timeout: bigint }[]>("PRAGMA busy_timeout");
    expect(Number(row?.timeout)).toBeGreaterThan(0);
  });
});
