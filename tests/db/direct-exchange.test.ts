import { stat } from "node:fs/promises";
import Database from "better-sqlite3";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { disconnectDb, getDb, getDirectSqlite } from "@/lib/db/client";
import { createCuid } from "@/lib/db/cuid";
import { beginExchangeDirect } from "@/lib/db/direct-exchange";
import { beginExchange, finishAssistantMessage, getHistory } from "@/lib/db/messages";
import {
  beginExchangeWithPrisma,
  finishAssistantMessageWithPrisma,
  getHistoryWithPrisma,
} from "@/lib/db/prisma-exchange";
import { createThread, getThread, listThreads } from "@/lib/db/threads";
import { createTestDatabase, withTestDatabase } from "../helpers/test-database";

// Spies that call through: they tell whether messages.ts fell back to Prisma.
vi.mock("@/lib/db/prisma-exchange", { spy: true });

withTestDatabase();

beforeEach(() => {
  vi.clearAllMocks();
});

const SQLITE_DATETIME = "0000-00-00T00:00:00.000+00:00";

function databaseFile(): string {
  return (process.env.DATABASE_URL ?? "").replace(/^file:/, "");
}

/** A row as stored, read on a connection of its own, with each column's SQLite storage class. */
function rawRow(table: "Thread" | "Message", id: string): Record<string, unknown> {
  const db = new Database(databaseFile(), { readonly: true });
  try {
    const columns = db
      .prepare(`SELECT * FROM "${table}" LIMIT 0`)
      .columns()
      .map((column) => column.name);
    const types = columns.map((name) => `typeof("${name}") AS "${name}:type"`).join(", ");
    const row = db.prepare(`SELECT *, ${types} FROM "${table}" WHERE "id" = ?`).get(id);
    if (!row) throw new Error(`no ${table} ${id}`);
    return row as Record<string, unknown>;
  } finally {
    db.close();
  }
}

/** The row with ids as "<cuid>" and every other digit as 0: dates keep their form, varying values go. */
function shape(row: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(row).map(([key, value]) => [
      key,
      typeof value === "string" ? value.replace(/^c[0-9a-z]{24}$/, "<cuid>").replace(/[0-9]/g, "0") : value,
    ]),
  );
}

async function directDb(): Promise<Database.Database> {
  const db = await getDirectSqlite();
  if (!db) throw new Error("no direct connection");
  return db;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Opens a Prisma interactive transaction that writes (so holds SQLite's write lock) until released. */
async function holdWriteLock(threadId: string) {
  const db = await getDb();
  let release = () => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  let locked = () => {};
  const lockTaken = new Promise<void>((resolve) => {
    locked = resolve;
  });
  const transaction = db.$transaction(
    async (tx) => {
      await tx.thread.update({ where: { id: threadId }, data: { title: "Held" } });
      locked();
      await released;
    },
    { timeout: 10_000 },
  );
  await lockTaken;
  return {
    release: async () => {
      release();
      await transaction;
    },
  };
}

function settled(promise: Promise<unknown>): { done: boolean } {
  const state = { done: false };
  promise.then(
    () => {
      state.done = true;
    },
    () => {
      state.done = true;
    },
  );
  return state;
}

describe("the direct path's encoding", () => {
  it("stores rows exactly as Prisma does: storage classes, date text, id form, values", async () => {
    const viaPrisma = await createThread({ owner: "local" });
    const viaDirect = await createThread({ owner: "local" });
    const input = { userContent: "Same question", model: "llama3.2" };
    const prisma = await beginExchangeWithPrisma({ writer: "test", threadId: viaPrisma.id, ...input });
    const direct = beginExchangeDirect({
      writer: "test",
      db: await directDb(),
      threadId: viaDirect.id,
      ...input,
    });
    if (!prisma || !direct) throw new Error("no exchange");

    for (const key of ["userMessage", "assistantMessage"] as const) {
      const prismaRow = rawRow("Message", prisma[key].id);
      const directRow = rawRow("Message", direct[key].id);
      expect(shape(directRow)).toEqual(shape(prismaRow));
      expect(shape(directRow).createdAt).toBe(SQLITE_DATETIME);
      expect(directRow["createdAt:type"]).toBe("text");
      expect(directRow["seq:type"]).toBe("integer");
      expect(direct[key].id).toMatch(/^c[0-9a-z]{24}$/);
    }
    const directThread = rawRow("Thread", viaDirect.id);
    expect(shape(directThread)).toEqual(shape(rawRow("Thread", viaPrisma.id)));
    expect(directThread.title).toBe("Same question");
  });

  it("writes rows that Prisma reads back as the values beginExchange returned, with the thread bumped", async () => {
    const thread = await createThread({ owner: "local" });
    await sleep(5);
    const exchange = await beginExchange({
      writer: "test",
      threadId: thread.id,
      userContent: "Hello",
      model: "m",
    });
    expect(beginExchangeWithPrisma).not.toHaveBeenCalled();
    if (!exchange) throw new Error("no exchange");

    const stored = await getThread({ owner: "local", id: thread.id });
    expect(stored?.messages).toEqual([exchange.userMessage, exchange.assistantMessage]);
    expect(exchange.userMessage.createdAt).toBe(exchange.userMessage.updatedAt);
    expect(stored?.updatedAt).toBe(exchange.userMessage.createdAt);
    expect(Date.parse(stored?.updatedAt ?? "")).toBeGreaterThan(Date.parse(thread.createdAt));
    expect(stored?.createdAt).toBe(thread.createdAt);
    expect(stored?.title).toBe("Hello");
  });

  it("finishes a message with a later updatedAt and reads it back through Prisma", async () => {
    const thread = await createThread({ owner: "local" });
    const exchange = await beginExchange({
      writer: "test",
      threadId: thread.id,
      userContent: "Hi",
      model: "m",
    });
    if (!exchange) throw new Error("no exchange");
    await sleep(5);
    const stats = { tokens: 3, ttftMs: 12.5 };
    const finished = await finishAssistantMessage({
      id: exchange.assistantMessage.id,
      content: "Hello!",
      status: "complete",
      stats,
    });
    expect(finishAssistantMessageWithPrisma).not.toHaveBeenCalled();

    expect(finished).toEqual({
      ...exchange.assistantMessage,
      content: "Hello!",
      status: "complete",
      stats,
      updatedAt: finished?.updatedAt,
    });
    expect(Date.parse(finished?.updatedAt ?? "")).toBeGreaterThan(Date.parse(finished?.createdAt ?? ""));
    expect((await getThread({ owner: "local", id: thread.id }))?.messages[1]).toEqual(finished);
    expect(shape(rawRow("Message", exchange.assistantMessage.id)).updatedAt).toBe(SQLITE_DATETIME);
    expect(await getHistory({ threadId: thread.id })).toEqual(
      await getHistoryWithPrisma({ threadId: thread.id }),
    );
    expect(getHistoryWithPrisma).toHaveBeenCalledTimes(1);
  });

  it("keeps listThreads' order and cursor paging right over dates it wrote", async () => {
    const threads = [
      await createThread({ owner: "local" }),
      await createThread({ owner: "local" }),
      await createThread({ owner: "local" }),
    ];
    await createThread({ owner: "local" });
    // Bump them in reverse creation order, the last one through Prisma, the others directly.
    for (const thread of threads.slice(0, 2).reverse()) {
      await sleep(2);
      await beginExchange({ writer: "test", threadId: thread.id, userContent: "bump", model: "m" });
    }
    await sleep(2);
    await beginExchangeWithPrisma({
      writer: "test",
      threadId: threads[2]?.id ?? "",
      userContent: "bump",
      model: "m",
    });

    const seen: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 3; page++) {
      const result: Awaited<ReturnType<typeof listThreads>> = await listThreads({
        owner: "local",
        limit: 1,
        cursor,
      });
      seen.push(...result.threads.map((t) => t.id));
      cursor = result.nextCursor;
    }
    expect(seen).toEqual([threads[2]?.id, threads[0]?.id, threads[1]?.id]);
  });
});

describe("concurrency and locking", () => {
  it("gives many concurrent exchanges on one thread disjoint consecutive seq pairs", async () => {
    const thread = await createThread({ owner: "local" });
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        beginExchange({ writer: "test", threadId: thread.id, userContent: `q${i}`, model: "m" }),
      ),
    );
    const seqs = results.map((r) => [r?.userMessage.seq, r?.assistantMessage.seq]);
    for (const [user, assistant] of seqs) expect(assistant).toBe((user ?? 0) + 1);
    expect(seqs.flat().sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual(
      Array.from({ length: 200 }, (_, i) => i + 1),
    );
    const stored = (await getThread({ owner: "local", id: thread.id }))?.messages ?? [];
    expect(stored.map((m) => m.id)).toEqual(
      results.flatMap((r) => [r?.userMessage.id, r?.assistantMessage.id]),
    );
  });

  it("falls back to Prisma, and waits its turn, while a Prisma transaction holds the write lock", async () => {
    const thread = await createThread({ owner: "local" });
    const done = await beginExchange({
      writer: "test",
      threadId: thread.id,
      userContent: "first",
      model: "m",
    });
    if (!done) throw new Error("no exchange");

    const lock = await holdWriteLock(thread.id);
    const started = performance.now();
    const exchange = beginExchange({
      writer: "test",
      threadId: thread.id,
      userContent: "second",
      model: "m",
    });
    const finish = finishAssistantMessage({
      id: done.assistantMessage.id,
      content: "one",
      status: "complete",
    });
    const exchangeState = settled(exchange);
    const finishState = settled(finish);
    // Reads still run on the direct connection: WAL lets them see the last commit beside the writer.
    expect(await getHistory({ threadId: thread.id })).toEqual([{ role: "user", content: "first" }]);
    // The direct statements retry for ~100 ms in short sleeps, then hand over to Prisma.
    await vi.waitFor(() => expect(finishAssistantMessageWithPrisma).toHaveBeenCalledTimes(1), {
      timeout: 2_000,
      interval: 10,
    });
    // No busy wait: a blocked event loop could not have let this test go on so soon.
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(exchangeState.done).toBe(false);
    expect(finishState.done).toBe(false);
    expect(beginExchangeWithPrisma).toHaveBeenCalledTimes(1);
    expect(finishAssistantMessageWithPrisma).toHaveBeenCalledTimes(1);
    expect(getHistoryWithPrisma).not.toHaveBeenCalled();

    await lock.release();
    const second = await exchange;
    expect([second?.userMessage.seq, second?.assistantMessage.seq]).toEqual([3, 4]);
    expect(await finish).toMatchObject({ id: done.assistantMessage.id, content: "one", status: "complete" });
    const stored = await getThread({ owner: "local", id: thread.id });
    expect(stored?.title).toBe("Held");
    expect(stored?.messages.map((m) => [m.seq, m.content, m.status])).toEqual([
      [1, "first", "complete"],
      [2, "one", "complete"],
      [3, "second", "complete"],
      [4, "", "streaming"],
    ]);
  });

  it("keeps seq pairs disjoint when exchanges switch between the two paths", async () => {
    const thread = await createThread({ owner: "local" });
    const send = (i: number) =>
      beginExchange({ writer: "test", threadId: thread.id, userContent: `q${i}`, model: "m" });
    const before = Array.from({ length: 10 }, (_, i) => send(i));
    const lock = await holdWriteLock(thread.id);
    const during = Array.from({ length: 10 }, (_, i) => send(10 + i));
    // Held until all ten gave up retrying on the direct connection and went to Prisma.
    await vi.waitFor(
      () => expect(vi.mocked(beginExchangeWithPrisma).mock.calls.length).toBeGreaterThanOrEqual(10),
      { timeout: 2_000, interval: 10 },
    );
    const released = lock.release();
    const after = Array.from({ length: 10 }, (_, i) => send(20 + i));
    await released;
    const results = await Promise.all([...before, ...during, ...after]);

    expect(vi.mocked(beginExchangeWithPrisma).mock.calls.length).toBeGreaterThanOrEqual(10);
    for (const r of results) expect(r?.assistantMessage.seq).toBe((r?.userMessage.seq ?? 0) + 1);
    const stored = (await getThread({ owner: "local", id: thread.id }))?.messages ?? [];
    expect(stored.map((m) => m.seq)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    for (const r of results) {
      expect(stored[(r?.userMessage.seq ?? 0) - 1]?.id).toBe(r?.userMessage.id);
      expect(stored[r?.userMessage.seq ?? 0]?.id).toBe(r?.assistantMessage.id);
    }
  });

  it("returns null for a missing thread or message on the direct path", async () => {
    expect(
      await beginExchange({ writer: "test", threadId: "missing", userContent: "hi", model: "m" }),
    ).toBeNull();
    expect(await finishAssistantMessage({ id: "missing", content: "x", status: "complete" })).toBeNull();
    expect(beginExchangeWithPrisma).not.toHaveBeenCalled();
    expect(finishAssistantMessageWithPrisma).not.toHaveBeenCalled();
  });
});

describe("the direct connection's lifecycle", () => {
  it("is closed by disconnectDb, and the next call opens the new DATABASE_URL", async () => {
    const firstUrl = process.env.DATABASE_URL;
    const first = await createThread({ owner: "local" });
    await beginExchange({ writer: "test", threadId: first.id, userContent: "in the first file", model: "m" });
    const firstDirect = await directDb();
    const firstFile = databaseFile();

    await disconnectDb();
    expect(firstDirect.open).toBe(false);
    // SQLite deletes the write-ahead log when the last connection to the file closes.
    await expect(stat(`${firstFile}-wal`)).rejects.toThrow();

    const second = await createTestDatabase();
    try {
      process.env.DATABASE_URL = second.url;
      const thread = await createThread({ owner: "local" });
      const exchange = await beginExchange({
        writer: "test",
        threadId: thread.id,
        userContent: "in the second",
        model: "m",
      });
      expect(beginExchangeWithPrisma).not.toHaveBeenCalled();
      expect(exchange?.userMessage.seq).toBe(1);
      expect((await directDb()).name).toBe(second.file);
      expect(rawRow("Message", exchange?.userMessage.id ?? "").content).toBe("in the second");
      expect(
        await beginExchange({ writer: "test", threadId: first.id, userContent: "x", model: "m" }),
      ).toBeNull();
    } finally {
      await disconnectDb();
      process.env.DATABASE_URL = firstUrl;
      await second.cleanup();
    }
    expect((await getThread({ owner: "local", id: first.id }))?.messages).toHaveLength(2);
  });

  it("has no direct connection for an in-memory database", async () => {
    const url = process.env.DATABASE_URL;
    await disconnectDb();
    process.env.DATABASE_URL = "file::memory:";
    try {
      expect(await getDirectSqlite()).toBeNull();
    } finally {
      await disconnectDb();
      process.env.DATABASE_URL = url;
    }
  });
});

describe("createCuid", () => {
  it("makes distinct ids in Prisma's cuid form that sort by time", async () => {
    const ids = Array.from({ length: 10_000 }, () => createCuid());
    for (const id of ids.slice(0, 100)) expect(id).toMatch(/^c[0-9a-z]{24}$/);
    expect(new Set(ids).size).toBe(ids.length);
    const earlier = createCuid();
    await sleep(2);
    expect(createCuid().slice(1, 9) > earlier.slice(1, 9)).toBe(true);
  });
});
