import { describe, expect, it } from "vitest";
import { beginExchange } from "@/lib/db/messages";
import {
  createThread,
  DEFAULT_THREAD_TITLE,
  deleteThread,
  getThread,
  listThreads,
  setGeneratedTitle,
  titleFromMessage,
  updateThread,
} from "@/lib/db/threads";
import { withTestDatabase } from "../helpers/test-database";

withTestDatabase();

describe("threads", () => {
  it("creates, reads, renames and deletes a thread", async () => {
    const created = await createThread({ owner: "local" });
    expect(created.title).toBe(DEFAULT_THREAD_TITLE);
    expect(Date.parse(created.createdAt)).not.toBeNaN();

    expect(await getThread({ owner: "local", id: created.id })).toEqual({
      ...created,
      model: null,
      systemPrompt: null,
      options: null,
      messages: [],
    });

    const renamed = await updateThread({ owner: "local", id: created.id, title: "  Trip to Lisbon " });
    expect(renamed?.title).toBe("Trip to Lisbon");
    expect(renamed?.titleSource).toBe("user");
    expect((await getThread({ owner: "local", id: created.id }))?.title).toBe("Trip to Lisbon");

    expect(await deleteThread({ owner: "local", id: created.id })).toBe(true);
    expect(await getThread({ owner: "local", id: created.id })).toBeNull();
    expect(await deleteThread({ owner: "local", id: created.id })).toBe(false);
  });

  it("reports a missing thread as null instead of throwing", async () => {
    expect(await getThread({ owner: "local", id: "missing" })).toBeNull();
    expect(await updateThread({ owner: "local", id: "missing", title: "x" })).toBeNull();
  });

  it("takes a title at creation", async () => {
    expect(await createThread({ owner: "local", title: "Groceries" })).toMatchObject({
      title: "Groceries",
      titleSource: "user",
    });
  });

  it("keeps a thread's own model, system prompt and options; null clears one", async () => {
    const thread = await createThread({
      owner: "local",
      model: "qwen2.5:0.5b",
      options: { temperature: 0.3 },
    });
    expect(await getThread({ owner: "local", id: thread.id })).toMatchObject({
      model: "qwen2.5:0.5b",
      systemPrompt: null,
      options: { temperature: 0.3 },
    });
    await updateThread({
      owner: "local",
      id: thread.id,
      systemPrompt: "Answer like a pirate.",
      options: { num_ctx: 8192 },
    });
    expect(await getThread({ owner: "local", id: thread.id })).toMatchObject({
      model: "qwen2.5:0.5b",
      systemPrompt: "Answer like a pirate.",
      options: { num_ctx: 8192 },
      titleSource: "auto",
    });
    await updateThread({ owner: "local", id: thread.id, model: null, options: null });
    expect(await getThread({ owner: "local", id: thread.id })).toMatchObject({ model: null, options: null });
  });

  it("a generated title never replaces one the user chose", async () => {
    const auto = await createThread({ owner: "local" });
    expect(await setGeneratedTitle({ id: auto.id, title: "Lisbon in spring" })).toBe(true);
    expect(await getThread({ owner: "local", id: auto.id })).toMatchObject({
      title: "Lisbon in spring",
      titleSource: "generated",
    });
    const named = await createThread({ owner: "local", title: "Mine" });
    expect(await setGeneratedTitle({ id: named.id, title: "Theirs" })).toBe(false);
    expect((await getThread({ owner: "local", id: named.id }))?.title).toBe("Mine");
  });

  it("deleting a thread deletes its messages", async () => {
    const thread = await createThread({ owner: "local" });
    const exchange = await beginExchange({
      writer: "test",
      threadId: thread.id,
      userContent: "hello",
      model: "m",
    });
    expect(exchange).not.toBeNull();
    await deleteThread({ owner: "local", id: thread.id });

    // Another exchange on a fresh thread must be able to reuse nothing of the old one.
    const other = await createThread({ owner: "local" });
    await beginExchange({ writer: "test", threadId: other.id, userContent: "hi", model: "m" });
    expect((await getThread({ owner: "local", id: other.id }))?.messages.map((m) => m.seq)).toEqual([1, 2]);
    expect(
      await beginExchange({ writer: "test", threadId: thread.id, userContent: "again", model: "m" }),
    ).toBeNull();
  });

  it("searches titles and message text, case-insensitively", async () => {
    const byTitle = await createThread({ owner: "local", title: "Kubernetes networking" });
    const byMessage = await createThread({ owner: "local" });
    await beginExchange({
      writer: "test",
      threadId: byMessage.id,
      userContent: "How do I feed a SOURDOUGH starter?",
      model: "m",
    });
    await createThread({ owner: "local", title: "Unrelated" });

    const titleHits = await listThreads({ owner: "local", q: "kubernetes" });
    expect(titleHits.threads.map((t) => t.id)).toEqual([byTitle.id]);

    const messageHits = await listThreads({ owner: "local", q: "sourdough starter" });
    expect(messageHits.threads.map((t) => t.id)).toEqual([byMessage.id]);

    // "%" and "_" are plain characters, not LIKE wildcards.
    const literal = await createThread({ owner: "local", title: "100% snake_case" });
    await createThread({ owner: "local", title: "1000 snakeXcase" });
    expect((await listThreads({ owner: "local", q: "100%" })).threads.map((t) => t.id)).toEqual([literal.id]);
    expect((await listThreads({ owner: "local", q: "SNAKE_" })).threads.map((t) => t.id)).toEqual([
      literal.id,
    ]);
  });

  it("lists the most recently active thread first", async () => {
    const older = await createThread({ owner: "local", title: "older" });
    await createThread({ owner: "local", title: "newer" });
    // updatedAt has millisecond resolution: a bump in the same millisecond would tie (ties go by id).
    await new Promise((resolve) => setTimeout(resolve, 2));
    await beginExchange({ writer: "test", threadId: older.id, userContent: "bump", model: "m" });
    const { threads } = await listThreads({ owner: "local", limit: 2 });
    expect(threads[0]?.id).toBe(older.id);
  });

  it("pages through every thread exactly once", async () => {
    for (let i = 0; i < 7; i++) await createThread({ owner: "local", title: `page-${i}` });
    const all = (await listThreads({ owner: "local", limit: 100 })).threads;

    const paged = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: Awaited<ReturnType<typeof listThreads>> = await listThreads({
        owner: "local",
        limit: 3,
        cursor,
      });
      paged.push(...page.threads);
      cursor = page.nextCursor;
      pages++;
    } while (cursor);

    expect(paged.map((t) => t.id)).toEqual(all.map((t) => t.id));
    expect(pages).toBe(Math.ceil(all.length / 3));
    const times = paged.map((t) => t.updatedAt);
    expect([...times].sort().reverse()).toEqual(times);
  });

  it("keeps paging when the thread under the cursor is deleted", async () => {
    const first = await listThreads({ owner: "local", limit: 2 });
    const boundary = first.threads.at(-1);
    if (!boundary || !first.nextCursor) throw new Error("need at least three threads");
    await deleteThread({ owner: "local", id: boundary.id });
    const next = await listThreads({ owner: "local", limit: 2, cursor: first.nextCursor });
    expect(next.threads.length).toBeGreaterThan(0);
    expect(next.threads.map((t) => t.id)).not.toContain(first.threads[0]?.id);
  });

  it("answers an unreadable cursor with an empty page", async () => {
    expect(await listThreads({ owner: "local", cursor: "not-a-cursor" })).toEqual({
      threads: [],
      nextCursor: null,
    });
  });
});

describe("titleFromMessage", () => {
  it("takes the first non-blank line, trimmed", () => {
    expect(titleFromMessage({ content: "\n\n  Plan a   trip \nwith details" })).toBe("Plan a trip");
  });

  it("cuts long lines to 60 characters with an ellipsis", () => {
    const title = titleFromMessage({ content: "a".repeat(100) });
    expect(title).toHaveLength(60);
    expect(title.endsWith("…")).toBe(true);
  });

  it("never splits an emoji", () => {
    const title = titleFromMessage({ content: "😀".repeat(70) });
    expect(Array.from(title)).toHaveLength(60);
    expect(title).toBe(`${"😀".repeat(59)}…`);
  });

  it("falls back to the default title for blank text", () => {
    expect(titleFromMessage({ content: "  \n " })).toBe(DEFAULT_THREAD_TITLE);
  });
});
