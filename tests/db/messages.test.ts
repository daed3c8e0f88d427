import { describe, expect, it } from "vitest";
import {
  beginExchange,
  deleteMessagesAfter,
  finishAssistantMessage,
  getHistory,
  interruptOrphanedAnswers,
  markInstanceAlive,
} from "@/lib/db/messages";
import { createThread, getThread, listThreads } from "@/lib/db/threads";
import { withTestDatabase } from "../helpers/test-database";

withTestDatabase();

async function exchange(threadId: string, userContent: string) {
  const result = await beginExchange({ writer: "test", threadId, userContent, model: "llama3.2" });
  if (!result) throw new Error("thread vanished");
  return result;
}

describe("beginExchange", () => {
  it("stores the question and a streaming placeholder at consecutive seq numbers", async () => {
    const thread = await createThread({ owner: "local" });
    const { userMessage, assistantMessage } = await exchange(thread.id, "What is WAL mode?");

    expect(userMessage).toMatchObject({
      seq: 1,
      role: "user",
      status: "complete",
      content: "What is WAL mode?",
    });
    expect(assistantMessage).toMatchObject({
      seq: 2,
      role: "assistant",
      status: "streaming",
      content: "",
      model: "llama3.2",
      stats: null,
    });
    const second = await exchange(thread.id, "And journaling?");
    expect([second.userMessage.seq, second.assistantMessage.seq]).toEqual([3, 4]);
  });

  it("titles an untitled thread from its first message and leaves named threads alone", async () => {
    const untitled = await createThread({ owner: "local" });
    await exchange(untitled.id, "Explain the borrow checker\nwith examples please");
    await exchange(untitled.id, "Something else entirely");
    expect((await getThread({ owner: "local", id: untitled.id }))?.title).toBe("Explain the borrow checker");

    const named = await createThread({ owner: "local", title: "Rust" });
    await exchange(named.id, "Explain lifetimes");
    expect((await getThread({ owner: "local", id: named.id }))?.title).toBe("Rust");
  });

  it("moves the thread to the top of the list", async () => {
    const thread = await createThread({ owner: "local" });
    await createThread({ owner: "local" });
    // updatedAt has millisecond resolution: a bump in the same millisecond would tie (ties go by id).
    await new Promise((resolve) => setTimeout(resolve, 2));
    await exchange(thread.id, "bump");
    expect((await listThreads({ owner: "local", limit: 1 })).threads[0]?.id).toBe(thread.id);
  });

  it("gives concurrent exchanges on one thread disjoint, adjacent seq pairs", async () => {
    const thread = await createThread({ owner: "local" });
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => exchange(thread.id, `question ${i}`)),
    );

    for (const { userMessage, assistantMessage } of results) {
      expect(assistantMessage.seq).toBe(userMessage.seq + 1);
    }
    const stored = (await getThread({ owner: "local", id: thread.id }))?.messages ?? [];
    expect(stored.map((m) => m.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    // Every question is directly followed by its own answer placeholder.
    for (const { userMessage, assistantMessage } of results) {
      expect(stored[userMessage.seq - 1]?.id).toBe(userMessage.id);
      expect(stored[userMessage.seq]?.id).toBe(assistantMessage.id);
    }
  });

  it("keeps threads independent under concurrency", async () => {
    const [a, b] = await Promise.all([createThread({ owner: "local" }), createThread({ owner: "local" })]);
    if (!a || !b) throw new Error("no threads");
    await Promise.all(Array.from({ length: 10 }, (_, i) => exchange(i % 2 ? a.id : b.id, `q${i}`)));
    for (const thread of [a, b]) {
      const seqs = (await getThread({ owner: "local", id: thread.id }))?.messages.map((m) => m.seq);
      expect(seqs).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
    }
  });

  it("returns null for a thread that does not exist", async () => {
    expect(
      await beginExchange({ writer: "test", threadId: "missing", userContent: "hi", model: "m" }),
    ).toBeNull();
  });
});

describe("finishAssistantMessage", () => {
  it.each(["complete", "interrupted", "error"] as const)(
    "stores the %s status with content",
    async (status) => {
      const thread = await createThread({ owner: "local" });
      const { assistantMessage } = await exchange(thread.id, "hi");
      const finished = await finishAssistantMessage({ id: assistantMessage.id, content: "Hello!", status });
      expect(finished).toMatchObject({ id: assistantMessage.id, status, content: "Hello!", stats: null });
      expect((await getThread({ owner: "local", id: thread.id }))?.messages[1]).toEqual(finished);
    },
  );

  it("round-trips stats as JSON", async () => {
    const thread = await createThread({ owner: "local" });
    const { assistantMessage } = await exchange(thread.id, "hi");
    const stats = {
      ttftMs: 212.5,
      tokens: 42,
      tokensPerSecond: 37.1,
      phases: { load: 3 },
      model: "llama3.2",
    };
    await finishAssistantMessage({ id: assistantMessage.id, content: "Hey", status: "complete", stats });
    expect((await getThread({ owner: "local", id: thread.id }))?.messages[1]?.stats).toEqual(stats);
  });

  it("returns null when the message was deleted while it streamed", async () => {
    const thread = await createThread({ owner: "local" });
    const { assistantMessage } = await exchange(thread.id, "hi");
    await deleteMessagesAfter({ threadId: thread.id, seq: 1 });
    expect(
      await finishAssistantMessage({ id: assistantMessage.id, content: "late", status: "complete" }),
    ).toBeNull();
  });
});

describe("getHistory", () => {
  it("returns finished messages with text in order, leaving out streaming and failed answers", async () => {
    const thread = await createThread({ owner: "local" });
    const first = await exchange(thread.id, "one");
    await finishAssistantMessage({ id: first.assistantMessage.id, content: "uno", status: "complete" });
    const second = await exchange(thread.id, "two");
    await finishAssistantMessage({ id: second.assistantMessage.id, content: "do", status: "interrupted" });
    const third = await exchange(thread.id, "three");
    await finishAssistantMessage({ id: third.assistantMessage.id, content: "", status: "error" });
    const fourth = await exchange(thread.id, "four");

    expect(await getHistory({ threadId: thread.id })).toEqual([
      { role: "user", content: "one" },
      { role: "assistant", content: "uno" },
      { role: "user", content: "two" },
      { role: "assistant", content: "do" },
      { role: "user", content: "three" },
      { role: "user", content: "four" },
    ]);
    expect(await getHistory({ threadId: thread.id, beforeSeq: fourth.userMessage.seq })).toHaveLength(5);
  });
});

describe("interruptOrphanedAnswers", () => {
  const inThread = async (threadId: string) =>
    Object.fromEntries(
      ((await getThread({ owner: "local", id: threadId }))?.messages ?? []).map((m) => [m.id, m.status]),
    );

  it("marks interrupted what this instance's last run or a gone process left streaming, never a live process's", async () => {
    const thread = await createThread({ owner: "local" });
    const at = (writer: string, text: string) =>
      beginExchange({ writer, threadId: thread.id, userContent: text, model: "llama3.2" }).then(
        (result) => result?.assistantMessage.id as string,
      );
    const done = await at("host:3000#0", "done");
    await finishAssistantMessage({ id: done, content: "ok", status: "complete" });
    const mine = await at("host:3000#2", "mine");
    const mineToo = await at("host:3000#0", "mine too");
    const alive = await at("other:3000#0", "alive elsewhere");
    const gone = await at("dead:3000#0", "gone");
    await markInstanceAlive({ id: "other:3000#0" });
    await markInstanceAlive({ id: "host:3000#2" });
    await markInstanceAlive({ id: "host:3000#0" });
    const aliveSince = new Date(Date.now() - 15_000);

    // At a restart of host:3000: its own answers go, even though its worker said it was up a moment ago.
    // (Other tests of this file left answers of a writer "test" that never said it was up: gone too.)
    expect(await interruptOrphanedAnswers({ ownPrefix: "host:3000#", aliveSince })).toBeGreaterThanOrEqual(3);
    expect(await inThread(thread.id)).toMatchObject({
      [done]: "complete",
      [mine]: "interrupted",
      [mineToo]: "interrupted",
      [alive]: "streaming",
      [gone]: "interrupted",
    });
    // The periodic sweep leaves the live one alone until it stops saying it is up.
    expect(await interruptOrphanedAnswers({ aliveSince })).toBe(0);
    expect(await interruptOrphanedAnswers({ aliveSince: new Date(Date.now() + 1_000) })).toBe(1);
    expect((await inThread(thread.id))[alive]).toBe("interrupted");
  });
});

describe("deleteMessagesAfter", () => {
  it("deletes the given seq and everything after it, then numbering continues", async () => {
    const thread = await createThread({ owner: "local" });
    await exchange(thread.id, "one");
    await exchange(thread.id, "two");
    expect(await deleteMessagesAfter({ threadId: thread.id, seq: 3 })).toBe(2);
    expect((await getThread({ owner: "local", id: thread.id }))?.messages.map((m) => m.seq)).toEqual([1, 2]);
    expect((await exchange(thread.id, "two again")).userMessage.seq).toBe(3);
  });
});
