import { beforeEach, describe, expect, it } from "vitest";
import type { AppServer } from "../helpers/app-server";
import type { EmulatorProcess } from "../helpers/emulator-process";
import { withLumiaStack } from "../helpers/lumia-stack";
import { readSse } from "../helpers/sse-reader";
import { waitFor } from "../helpers/wait-for";

let emulator: EmulatorProcess;
let app: AppServer;

withLumiaStack({
  emulator: { tokenIntervalMs: 5, firstTokenDelayMs: 10, replyTokens: 12 },
  env: { LUMIA_STREAM_LOG: "off", LUMIA_TITLES: "on" },
  ready: (stack) => ({ emulator, app } = stack),
});

beforeEach(async () => {
  await emulator.reset();
});

const json = { "content-type": "application/json" };

async function call(method: string, path: string, body?: unknown) {
  const response = await fetch(`${app.url}${path}`, {
    method,
    headers: json,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: await response.json() };
}

/** The body Lumia last sent to the emulator's /api/chat for a user message containing `marker`. */
async function chatRequestFor(marker: string) {
  const requests = (await emulator.stats()).requests.filter((r) => r.path === "/api/chat");
  return (
    requests
      .map(
        (r) => r.body as { model: string; messages: { role: string; content: string }[]; options?: object },
      )
      // The first: the answer's own request; a title request for the same exchange may follow it.
      .find((body) => body.messages.some((m) => m.role === "user" && m.content.includes(marker)))
  );
}

describe("a thread's own settings", () => {
  it("its model, system prompt and options go with every answer; a request's options win", async () => {
    const created = await call("POST", "/api/threads", {
      model: "qwen2.5:0.5b",
      systemPrompt: "Answer like a pirate.",
      options: { temperature: 0.3, num_ctx: 2048 },
    });
    expect(created.status).toBe(201);
    const threadId = created.body.id as string;
    await readSse({ url: `${app.url}/threads/${threadId}/chat/stream`, body: { message: "first question" } });
    expect(await chatRequestFor("first question")).toMatchObject({
      model: "qwen2.5:0.5b",
      messages: [{ role: "system", content: "Answer like a pirate." }, { role: "user" }],
      options: { temperature: 0.3, num_ctx: 2048 },
    });
    await readSse({
      url: `${app.url}/api/chat`,
      body: { threadId, text: "second question", options: { temperature: 0.9 } },
    });
    const second = await chatRequestFor("second question");
    expect(second?.options).toEqual({ temperature: 0.9, num_ctx: 2048 });
    expect(second?.model).toBe("qwen2.5:0.5b");
  });

  it("PATCH changes and clears them, and refuses what Ollama would not take", async () => {
    const threadId = (await call("POST", "/api/threads", {})).body.id as string;
    const patched = await call("PATCH", `/api/threads/${threadId}`, {
      systemPrompt: "Be brief.",
      options: { temperature: 1.2 },
    });
    expect(patched).toMatchObject({
      status: 200,
      body: { systemPrompt: "Be brief.", options: { temperature: 1.2 } },
    });
    expect(
      (await call("PATCH", `/api/threads/${threadId}`, { options: { temprature: 1 } })).body,
    ).toMatchObject({
      code: "invalid_request",
    });
    expect((await call("PATCH", `/api/threads/${threadId}`, { options: { temperature: 7 } })).status).toBe(
      400,
    );
    expect((await call("PATCH", `/api/threads/${threadId}`, { model: "nope:1b" })).body).toMatchObject({
      code: "model_not_found",
    });
    expect((await call("PATCH", `/api/threads/${threadId}`, {})).status).toBe(400);
    const cleared = await call("PATCH", `/api/threads/${threadId}`, { systemPrompt: null, options: null });
    expect(cleared.body).toMatchObject({ systemPrompt: null, options: null });
    await readSse({ url: `${app.url}/threads/${threadId}/chat/stream`, body: { message: "third question" } });
    const sent = await chatRequestFor("third question");
    expect(sent?.messages[0]?.content).toContain("You are Lumia");
    expect(sent?.options).toBeUndefined();
  });
});

describe("thread titles", () => {
  it("after the first answer the model names the thread; a title the user gave is kept", async () => {
    const threadId = (await call("POST", "/api/threads", {})).body.id as string;
    await readSse({
      url: `${app.url}/threads/${threadId}/chat/stream`,
      body: { message: "How do I plan a picnic?" },
    });
    const titled = await waitFor(async () => {
      const thread = (await call("GET", `/api/threads/${threadId}`)).body;
      return thread.titleSource === "generated" ? thread : undefined;
    });
    expect(titled.title.length).toBeGreaterThan(0);
    expect(titled.title).not.toBe("How do I plan a picnic?");
    const titleRequest = (await emulator.stats()).requests.find((r) =>
      JSON.stringify(r.body).includes("Write a title of 2 to 6 words"),
    );
    expect(titleRequest).toBeDefined();

    const named = (await call("POST", "/api/threads", { title: "My picnic" })).body.id as string;
    await readSse({ url: `${app.url}/threads/${named}/chat/stream`, body: { message: "Sandwich ideas?" } });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await call("GET", `/api/threads/${named}`)).body).toMatchObject({
      title: "My picnic",
      titleSource: "user",
    });
  });
});
