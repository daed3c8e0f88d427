import { beforeEach, describe, expect, it } from "vitest";
import { measureStream } from "@/lib/stream-check/measure-stream";
import type { AppServer } from "../helpers/app-server";
import type { EmulatorProcess } from "../helpers/emulator-process";
import { withLumiaStack } from "../helpers/lumia-stack";
import { waitFor } from "../helpers/wait-for";

let emulator: EmulatorProcess;
let app: AppServer;

withLumiaStack({
  emulator: { tokenIntervalMs: 5, firstTokenDelayMs: 10, replyTokens: 6 },
  ready: (stack) => ({ emulator, app } = stack),
});

beforeEach(async () => {
  await emulator.reset();
  const { memories } = await (await fetch(`${app.url}/api/memory`)).json();
  for (const m of memories) await fetch(`${app.url}/api/memory/${m.id}`, { method: "DELETE" });
});

const api = async (path: string, init?: RequestInit & { json?: unknown }) => {
  const response = await fetch(`${app.url}${path}`, {
    ...init,
    ...(init?.json !== undefined
      ? { body: JSON.stringify(init.json), headers: { "content-type": "application/json" } }
      : {}),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
};

const lastChatRequest = async () => {
  const requests = (await emulator.stats()).requests.filter((r) => r.path === "/api/chat");
  return requests.at(-1)?.body as { messages: { role: string; content: string }[]; keep_alive?: unknown };
};

describe("memory REST API", () => {
  it("adds, lists, edits and deletes memories, embedding them in the background", async () => {
    const created = await api("/api/memory", {
      method: "POST",
      json: { content: "The user's dog is called Rex" },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ content: "The user's dog is called Rex", source: "user" });
    const embedded = await waitFor(async () => {
      const { memories } = (await api("/api/memory")).body;
      return memories[0]?.embeddingModel ? memories[0] : undefined;
    });
    expect(embedded.embeddingModel).toBe("nomic-embed-text");
    const edited = await api(`/api/memory/${created.body.id}`, {
      method: "PATCH",
      json: { content: "The dog is Max" },
    });
    expect(edited.body.content).toBe("The dog is Max");
    expect((await api(`/api/memory/${created.body.id}`, { method: "DELETE" })).status).toBe(204);
    expect((await api(`/api/memory/${created.body.id}`, { method: "DELETE" })).status).toBe(404);
    expect((await api("/api/memory", { method: "POST", json: { content: "" } })).status).toBe(400);
    expect((await api("/api/memory", { method: "POST", json: { content: "x".repeat(2001) } })).status).toBe(
      413,
    );
  });
});

describe("POST /memory/chat/stream", () => {
  it("puts the relevant memories in the system prompt and names them in an event: memory first", async () => {
    const dog = await api("/api/memory", {
      method: "POST",
      json: { content: "The user's dog is called Rex" },
    });
    await api("/api/memory", { method: "POST", json: { content: "The user works as a nurse in Malmö" } });
    const measurement = await measureStream({
      url: `${app.url}/memory/chat/stream`,
      body: { message: "What is my dog called?" },
    });
    const names = measurement.events.map((e) => e.event);
    expect(names.slice(0, 2)).toEqual(["start", "memory"]);
    const provenance = measurement.events[1]?.data as {
      memories: { id: string; score: number }[];
      method: string;
    };
    expect(provenance.method).toBe("embedding");
    expect(provenance.memories.map((m) => m.id)).toEqual([dog.body.id]);
    const system = (await lastChatRequest()).messages[0];
    expect(system?.role).toBe("system");
    expect(system?.content).toContain("The user's dog is called Rex");
    expect(system?.content).not.toContain("nurse");
  });

  it("falls back to keywords when no embedding model is installed, and says so", async () => {
    await api("/api/memory", { method: "POST", json: { content: "Favourite colour: green" } });
    await emulator.configure({ models: ["llama3.2:latest"] });
    const measurement = await measureStream({
      url: `${app.url}/api/memory/chat/stream`,
      body: { message: "Which colour is my favourite?" },
    });
    const provenance = measurement.events[1]?.data as { memories: { content: string }[]; method: string };
    expect(provenance.method).toBe("keyword");
    expect(provenance.memories.map((m) => m.content)).toEqual(["Favourite colour: green"]);
  });

  it("with a thread id, persists the exchange and sends the thread's history", async () => {
    const thread = (await api("/api/threads", { method: "POST", json: {} })).body;
    await measureStream({
      url: `${app.url}/memory/chat/stream`,
      body: { message: "First", threadId: thread.id },
    });
    await measureStream({
      url: `${app.url}/memory/chat/stream`,
      body: { message: "Second", threadId: thread.id },
    });
    const { messages } = (await api(`/api/threads/${thread.id}`)).body;
    expect(messages.map((m: { role: string }) => m.role)).toEqual(["user", "assistant", "user", "assistant"]);
    expect(messages[3].stats.memories).toEqual({ memories: [], method: "keyword" });
    const sent = (await lastChatRequest()).messages.map((m) => m.content);
    expect(sent.slice(1)).toEqual(["First", messages[1].content, "Second"]);
  });

  it("stores new facts the user stated after the answer, once", async () => {
    await measureStream({
      url: `${app.url}/memory/chat/stream`,
      body: { message: "Please remember that my favourite fruit is mango." },
    });
    const stored = await waitFor(async () => {
      const { memories } = (await api("/api/memory")).body;
      return memories.length > 0 ? memories : undefined;
    });
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ source: "extracted", content: expect.stringMatching(/mango/i) });
    await measureStream({
      url: `${app.url}/memory/chat/stream`,
      body: { message: "Remember that my favourite fruit is mango." },
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await api("/api/memory")).body.memories).toHaveLength(1);
  });
});

describe("POST /memory/chat/fast", () => {
  it("sends no memory, no history, a short system prompt and a keep-alive", async () => {
    await api("/api/memory", { method: "POST", json: { content: "The user's dog is called Rex" } });
    const measurement = await measureStream({
      url: `${app.url}/memory/chat/fast`,
      body: { message: "What is my dog called?" },
    });
    expect(measurement.events.some((e) => e.event === "memory")).toBe(false);
    const request = await lastChatRequest();
    expect(request.messages).toHaveLength(2);
    expect(request.messages[0]?.content).not.toContain("Rex");
    expect(request.messages[0]?.content.length).toBeLessThan(60);
    expect(request.keep_alive).toBe("30m");
  });

  it("its first text arrives within a few milliseconds of Ollama's first token", async () => {
    const firstTextDelay = async (path: string) => {
      const delays: number[] = [];
      for (let i = 0; i < 5; i++) {
        const measurement = await measureStream({
          url: `${app.url}${path}`,
          body: { message: 'Quick [[emu {"stampTokens":true,"replyTokens":3}]]' },
        });
        const first = measurement.events.find((e) => e.event === "message");
        const chunk = (first?.data as { chunk?: string } | undefined)?.chunk ?? "";
        const emittedAt = Number(chunk.match(/⏱([\d.]+)/)?.[1]);
        delays.push(measurement.startedAt + (first?.at ?? 0) - emittedAt);
      }
      return delays.sort((a, b) => a - b)[2] as number;
    };
    const fast = await firstTextDelay("/memory/chat/fast");
    const plain = await firstTextDelay("/chat/stream");
    console.log(
      `first text after Ollama's first token (median of 5): fast ${fast.toFixed(2)} ms, /chat/stream ${plain.toFixed(2)} ms`,
    );
    expect(fast).toBeLessThan(15);
  });
});
