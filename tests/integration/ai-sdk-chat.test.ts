import { DefaultChatTransport, readUIMessageStream, type UIMessage } from "ai";
import { describe, expect, it } from "vitest";
import type { AppServer } from "../helpers/app-server";
import type { EmulatorProcess } from "../helpers/emulator-process";
import { withLumiaStack } from "../helpers/lumia-stack";

let emulator: EmulatorProcess;
let app: AppServer;

withLumiaStack({
  emulator: { tokenIntervalMs: 10, firstTokenDelayMs: 20, replyTokens: 12 },
  ready: (stack) => ({ emulator, app } = stack),
});

type Meta = { model?: string; threadId?: string; userMessageId?: string; stats?: Record<string, number> };

/** Sends like a stock `useChat` client does, and reads the answer with the AI SDK's own parser. */
async function sendAsAiSdkClient({ chatId, text }: { chatId: string; text: string }) {
  const transport = new DefaultChatTransport<UIMessage<Meta>>({ api: `${app.url}/api/chat` });
  const stream = await transport.sendMessages({
    chatId,
    trigger: "submit-message",
    messageId: undefined,
    abortSignal: undefined,
    messages: [{ id: "u1", role: "user", parts: [{ type: "text", text }] }],
  });
  let last: UIMessage<Meta> | undefined;
  for await (const message of readUIMessageStream<UIMessage<Meta>>({ stream, terminateOnError: true }))
    last = message;
  return last as UIMessage<Meta>;
}

describe("POST /api/chat speaks the AI SDK UI message stream", () => {
  it("a stock AI SDK client gets the text, the stats as metadata and the memories used", async () => {
    await fetch(`${app.url}/api/memory`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ content: "The user's cat is called Sixten" }),
    });
    const chatId = `sdk-${Date.now()}`;
    const message = await sendAsAiSdkClient({ chatId, text: "What is my cat called?" });
    const text = message.parts
      .filter((p) => p.type === "text")
      .map((p) => (p as { text: string }).text)
      .join("");
    expect(text.length).toBeGreaterThan(0);
    expect(message.metadata).toMatchObject({
      model: "llama3.2",
      threadId: chatId,
      stats: { total_chunks: 12 },
    });
    const memories = message.parts.find((p) => p.type === "data-memories") as {
      data: { memories: { content: string }[] };
    };
    expect(memories.data.memories.map((m) => m.content)).toEqual(["The user's cat is called Sixten"]);

    const thread = await (await fetch(`${app.url}/api/threads/${chatId}`)).json();
    expect(thread.messages.map((m: { role: string; status: string }) => `${m.role}:${m.status}`)).toEqual([
      "user:complete",
      "assistant:complete",
    ]);
    expect(thread.messages[1].id).toBe(message.id);
    expect(thread.messages[1].content).toBe(text);
  });

  it("regenerates the last answer and edits the last question with Lumia's own body", async () => {
    const { id } = await (
      await fetch(`${app.url}/api/threads`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: "{}",
      })
    ).json();
    const post = (body: object) =>
      fetch(`${app.url}/api/chat`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ threadId: id, ...body }),
      }).then((r) => r.text());
    const first = await post({ text: "say exactly: one" });
    expect(first).toContain('"type":"text-delta"');
    expect(first.trimEnd().endsWith("data: [DONE]")).toBe(true);
    await post({ trigger: "regenerate" });
    let messages = (await (await fetch(`${app.url}/api/threads/${id}`)).json()).messages;
    expect(messages.map((m: { role: string }) => m.role)).toEqual(["user", "assistant"]);
    expect(messages[0].content).toBe("say exactly: one");
    await post({ text: "say exactly: two", editMessageId: messages[0].id });
    messages = (await (await fetch(`${app.url}/api/threads/${id}`)).json()).messages;
    expect(messages.map((m: { content: string }) => m.content)).toEqual(["say exactly: two", "two"]);
  });

  it("errors before the stream are JSON; after it started, an error chunk keeps the partial answer", async () => {
    const missing = await fetch(`${app.url}/api/chat`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ threadId: "nope", text: "hi" }),
    });
    expect(missing.status).toBe(404);
    expect((await missing.json()).code).toBe("thread_not_found");

    const { id } = await (
      await fetch(`${app.url}/api/threads`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: "{}",
      })
    ).json();
    const body = await (
      await fetch(`${app.url}/api/chat`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ threadId: id, text: 'Go [[emu {"fault":"error-mid","faultAfterTokens":3}]]' }),
      })
    ).text();
    expect(body).toContain('"type":"text-end"');
    expect(body).toMatch(/"type":"error","errorText":"Ollama failed/);
    const { messages } = await (await fetch(`${app.url}/api/threads/${id}`)).json();
    expect(messages[1]).toMatchObject({ status: "error" });
    expect(messages[1].content.length).toBeGreaterThan(0);
  });
});

describe("POST /v1/chat/completions speaks OpenAI's format", () => {
  it("streams chat.completion.chunk events with the role first, the finish reason and usage last, then [DONE]", async () => {
    const response = await fetch(`${app.url}/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        model: "llama3.2",
        stream: true,
        stream_options: { include_usage: true },
        messages: [
          { role: "system", content: "Be brief." },
          { role: "user", content: "say exactly: Hello from Lumia" },
        ],
      }),
    });
    expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const frames = (await response.text()).split("\n\n").filter(Boolean);
    expect(frames.at(-1)).toBe("data: [DONE]");
    const chunks = frames.slice(0, -1).map((f) => JSON.parse(f.slice("data: ".length)));
    expect(chunks[0]).toMatchObject({
      object: "chat.completion.chunk",
      model: "llama3.2",
      choices: [{ delta: { role: "assistant" } }],
    });
    const text = chunks.map((c) => c.choices[0]?.delta.content ?? "").join("");
    expect(text).toBe("Hello from Lumia");
    expect(chunks.at(-2)).toMatchObject({ choices: [{ finish_reason: "stop" }] });
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { completion_tokens: expect.any(Number) } });
    const [request] = (await emulator.stats()).requests.filter((r) => r.path === "/api/chat").slice(-1);
    const sent = request?.body as { messages: unknown[] } | undefined;
    expect(sent?.messages[0]).toEqual({
      role: "system",
      content: "Be brief.",
    });
  });

  it("answers one chat.completion object without stream: true, and lists models", async () => {
    const response = await fetch(`${app.url}/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ messages: [{ role: "user", content: "say exactly: Whole answer" }] }),
    });
    expect(await response.json()).toMatchObject({
      object: "chat.completion",
      choices: [{ message: { role: "assistant", content: "Whole answer" }, finish_reason: "stop" }],
    });
    const models = await (await fetch(`${app.url}/v1/models`)).json();
    expect(models.data.map((m: { id: string }) => m.id)).toContain("llama3.2:latest");
  });
});
