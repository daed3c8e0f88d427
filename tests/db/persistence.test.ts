import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disconnectDb } from "@/lib/db/client";
import { createMemory, listMemoriesForRetrieval } from "@/lib/db/memories";
import { beginExchange, finishAssistantMessage, interruptOrphanedAnswers } from "@/lib/db/messages";
import { prepareSqliteFile } from "@/lib/db/sqlite-file";
import { createThread, getThread } from "@/lib/db/threads";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";

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

describe("persistence", () => {
  it("keeps threads, messages and memories after the client is closed and the database reopened", async () => {
    const thread = await createThread({ owner: "local" });
    const first = await beginExchange({
      writer: "test",
      threadId: thread.id,
      userContent: "Remember me",
      model: "m",
    });
    if (!first) throw new Error("no exchange");
    await finishAssistantMessage({
      id: first.assistantMessage.id,
      content: "I will",
      status: "complete",
      stats: { tokens: 3 },
    });
    const crashed = await beginExchange({
      writer: "test",
      threadId: thread.id,
      userContent: "Still there?",
      model: "m",
    });
    const embedding = new Float32Array([0.25, -0.5]);
    const memory = await createMemory({
      owner: "local",
      content: "Name is Ana",
      source: "user",
      embedding,
      embeddingModel: "e",
    });
    const before = await getThread({ owner: "local", id: thread.id });

    await disconnectDb();

    expect(await getThread({ owner: "local", id: thread.id })).toEqual(before);
    const reread = (await listMemoriesForRetrieval({ owner: "local" })).find((m) => m.id === memory.id);
    expect(reread?.embedding).toEqual(embedding);
    // What a restart does: the answer that was streaming when the process died becomes interrupted.
    expect(await interruptOrphanedAnswers({ ownPrefix: "test", aliveSince: new Date() })).toBe(1);
    const messages = (await getThread({ owner: "local", id: thread.id }))?.messages ?? [];
    expect(messages.find((m) => m.id === crashed?.assistantMessage.id)?.status).toBe("interrupted");
  });
});

describe("prepareSqliteFile", () => {
  it("creates missing directories and resolves relative paths against the working directory", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "lumia-path-"));
    try {
      const file = prepareSqliteFile({ url: `file:${dir}/nested/deeper/lumia.db` });
      expect(file).toBe(path.join(dir, "nested/deeper/lumia.db"));
      expect((await stat(path.dirname(file))).isDirectory()).toBe(true);
      expect(prepareSqliteFile({ url: "file:./tmp-lumia-check/../x.db" })).toBe(path.resolve("x.db"));
      expect(prepareSqliteFile({ url: ":memory:" })).toBe(":memory:");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
