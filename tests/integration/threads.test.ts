import { beforeEach, describe, expect, it } from "vitest";
import { measureStream } from "@/lib/stream-check/measure-stream";
import type { AppServer } from "../helpers/app-server";
import type { EmulatorProcess } from "../helpers/emulator-process";
import { withLumiaStack } from "../helpers/lumia-stack";

let emulator: EmulatorProcess;
let app: AppServer;

withLumiaStack({
  emulator: { tokenIntervalMs: 5, firstTokenDelayMs: 10, replyTokens: 6 },
  ready: (stack) => ({ emulator, app } = stack),
});

beforeEach(async () => {
  await emulator.reset();
});

const api = async (path: string, init?: RequestInit & { json?: unknown }) => {
  const response = await fetch(`${app.url}${path}`, {
    ...init,
    ...(init?.json !== undefined ? { body: JSON.stringify(init.json) } : {}),
    headers: { "content-type": "application/json" },
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
};

const chat = (threadId: string, message: string, prefix = "") =>
  measureStream({ url: `${app.url}${prefix}/threads/${threadId}/chat/stream`, body: { message } });

describe("threads REST API", () => {
  it("creates, lists newest first, renames, searches and deletes threads", async () => {
    const first = await api("/api/threads", { method: "POST", json: { title: "Gardening plans" } });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ id: expect.any(String), title: "Gardening plans" });
    const second = await api("/api/threads", { method: "POST", json: {} });
    expect(second.body.title).toBe("New chat");

    const list = await api("/api/threads");
    expect(list.body.threads[0].id).toBe(second.body.id);

    const renamed = await api(`/api/threads/${second.body.id}`, {
      method: "PATCH",
      json: { title: "Holiday" },
    });
    expect(renamed.body.title).toBe("Holiday");

    expect((await api("/api/threads?q=garden")).body.threads.map((t: { id: string }) => t.id)).toEqual([
      first.body.id,
    ]);

    expect((await api(`/api/threads/${first.body.id}`, { method: "DELETE" })).status).toBe(204);
    expect((await api(`/api/threads/${first.body.id}`)).status).toBe(404);
    expect((await api(`/api/threads/${first.body.id}`)).body.code).toBe("thread_not_found");
  });

  it("pages with a cursor", async () => {
    for (let i = 0; i < 5; i++) await api("/api/threads", { method: "POST", json: { title: `Paged ${i}` } });
    const page1 = await api("/api/threads?q=Paged&limit=3");
    expect(page1.body.threads).toHaveLength(3);
    const page2 = await api(
      `/api/threads?q=Paged&limit=3&cursor=${encodeURIComponent(page1.body.nextCursor)}`,
    );
    expect(page2.body.threads).toHaveLength(2);
    expect(page2.body.nextCursor).toBeNull();
  });

  it("refuses bad input with 400/413 and unknown ids with 404", async () => {
    expect((await api("/api/threads/nope", { method: "PATCH", json: { title: "x" } })).status).toBe(404);
    expect((await api("/api/threads/nope", { method: "DELETE" })).status).toBe(404);
    const t = await api("/api/threads", { method: "POST", json: {} });
    expect((await api(`/api/threads/${t.body.id}`, { method: "PATCH", json: { title: "" } })).status).toBe(
      400,
    );
    expect(
      (await api(`/api/threads/${t.body.id}`, { method: "PATCH", json: { title: "x".repeat(201) } })).status,
    ).toBe(413);
  });
});

describe("POST /threads/{id}/chat/stream", () => {
  it("stores the question before the answer, the answer complete with its stats, and titles the thread", async () => {
    const thread = await api("/api/threads", { method: "POST", json: {} });
    const measurement = await chat(thread.body.id, "What is a good name for a cat?");
    const start = measurement.events[0]?.data as { id: string };
    expect(measurement.events.at(-1)?.event).toBe("done");

    const stored = await api(`/api/threads/${thread.body.id}`);
    expect(stored.body.title).toBe("What is a good name for a cat?");
    const [question, answer] = stored.body.messages;
    expect(question).toMatchObject({
      seq: 1,
      role: "user",
      content: "What is a good name for a cat?",
      status: "complete",
    });
    expect(answer).toMatchObject({
      id: start.id,
      seq: 2,
      role: "assistant",
      status: "complete",
      model: "llama3.2",
    });
    expect(answer.content).toBe(measurement.text);
    expect(answer.stats).toMatchObject({
      total_chunks: 6,
      eval_count: 6,
      tokens_per_second: expect.any(Number),
    });
  });

  it("sends the thread's history to Ollama", async () => {
    const thread = await api("/api/threads", { method: "POST", json: {} });
    const firstAnswer = (await chat(thread.body.id, "say exactly: Blue is my colour")).text;
    await emulator.reset();
    await chat(thread.body.id, "What did you just say?", "/api");
    const [request] = (await emulator.stats()).requests.filter((r) => r.path === "/api/chat");
    const messages =
      (request?.body as { messages: { role: string; content: string }[] } | undefined)?.messages ?? [];
    expect(messages[0]?.role).toBe("system");
    expect(messages.slice(1)).toEqual([
      { role: "user", content: "say exactly: Blue is my colour" },
      { role: "assistant", content: firstAnswer },
      { role: "user", content: "What did you just say?" },
    ]);
  });

  it("keeps the partial answer with status error when Ollama fails mid-stream", async () => {
    const thread = await api("/api/threads", { method: "POST", json: {} });
    const measurement = await chat(thread.body.id, 'Go [[emu {"fault":"error-mid","faultAfterTokens":3}]]');
    expect(measurement.events.at(-1)?.event).toBe("error");
    const { messages } = (await api(`/api/threads/${thread.body.id}`)).body;
    expect(messages[1].status).toBe("error");
    expect(messages[1].content).toBe(measurement.text);
    expect(messages[1].content.length).toBeGreaterThan(0);
    expect(messages[1].stats.error.code).toBe("ollama_error");
  });

  it("is a 404 for a thread that does not exist, before streaming", async () => {
    const response = await fetch(`${app.url}/threads/nope/chat/stream`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ message: "hi" }),
    });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ code: "thread_not_found" });
  });

  it("concurrent streams into one thread keep each question next to its own answer", async () => {
    const thread = await api("/api/threads", { method: "POST", json: {} });
    const questions = Array.from({ length: 6 }, (_, i) => `say exactly: answer number ${i}`);
    await Promise.all(questions.map((q) => chat(thread.body.id, q)));
    const { messages } = (await api(`/api/threads/${thread.body.id}`)).body;
    expect(messages).toHaveLength(12);
    expect(messages.map((m: { seq: number }) => m.seq)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    for (let i = 0; i < 12; i += 2) {
      const n = messages[i].content.match(/answer number (\d)/)?.[1];
      expect(messages[i].role).toBe("user");
      expect(messages[i + 1]).toMatchObject({
        role: "assistant",
        status: "complete",
        content: `answer number ${n}`,
      });
    }
  });
});
