import { request } from "node:http";
import { Ollama } from "ollama";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../../emulator/server";
import { chatBody, chunksOf, contentOf, timedPost } from "./timed-fetch";

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ config: { tokenIntervalMs: 5, firstTokenDelayMs: 10, replyTokens: 20 } });
});
afterAll(() => emulator.close());
beforeEach(() => emulator.reset());

/** Reads the stream until `tokens` token lines arrived, then aborts; returns when the abort happened. */
async function abortAfter({ body, tokens }: { body: unknown; tokens: number }): Promise<number> {
  const controller = new AbortController();
  const response = await fetch(`${emulator.url}/api/chat`, {
    method: "POST",
    body: JSON.stringify(body),
    signal: controller.signal,
  });
  let seen = 0;
  const decoder = new TextDecoder();
  for await (const chunk of chunksOf({ response })) {
    seen += decoder.decode(chunk, { stream: true }).split("\n").length - 1;
    if (seen >= tokens) break;
  }
  controller.abort();
  return performance.now();
}

async function waitFor(condition: () => boolean, timeoutMs: number) {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

describe("faults", () => {
  it("error-before answers faultStatus with an error body before any byte", async () => {
    emulator.configure({ fault: "error-before", faultStatus: 503, faultMessage: "boom" });
    const res = await timedPost({ url: `${emulator.url}/api/chat`, body: chatBody({ content: "Hi" }) });
    expect(res.status).toBe(503);
    expect(res.lines.map((line) => line.json)).toEqual([{ error: "boom" }]);
    expect(emulator.stats()).toMatchObject({ generationsStarted: 1, generationsFaulted: 1, active: 0 });
  });

  it("error-mid writes an error line after faultAfterTokens tokens, status still 200", async () => {
    emulator.configure({ fault: "error-mid", faultAfterTokens: 3, faultMessage: "boom" });
    const res = await timedPost({ url: `${emulator.url}/api/chat`, body: chatBody({ content: "Hi" }) });
    expect(res.status).toBe(200);
    expect(res.lines).toHaveLength(4);
    expect(res.lines.slice(0, 3).every((line) => line.json.done === false)).toBe(true);
    expect(res.lines[3]?.json).toEqual({ error: "boom" });
  });

  it("error-mid before the first token becomes a status error, as in Ollama", async () => {
    emulator.configure({ fault: "error-mid", faultAfterTokens: 0 });
    const res = await timedPost({ url: `${emulator.url}/api/chat`, body: chatBody({ content: "Hi" }) });
    expect(res.status).toBe(500);
    expect(res.lines[0]?.json.error).toMatch(/error/);
  });

  it("ollama-js turns an error line into a thrown Error", async () => {
    emulator.configure({ fault: "error-mid", faultAfterTokens: 2, faultMessage: "model crashed" });
    const stream = await new Ollama({ host: emulator.url }).chat({
      model: "llama3.2",
      messages: [{ role: "user", content: "Hi" }],
      stream: true,
    });
    const received: string[] = [];
    await expect(async () => {
      for await (const part of stream) received.push(part.message.content);
    }).rejects.toThrow("model crashed");
    expect(received).toHaveLength(2);
  });

  it("drop destroys the socket without a final line", async () => {
    emulator.configure({ fault: "drop", faultAfterTokens: 4 });
    const lines: string[] = [];
    const error = await new Promise<Error>((resolve) => {
      const req = request(`${emulator.url}/api/chat`, { method: "POST" }, (res) => {
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => lines.push(...chunk.split("\n").filter(Boolean)));
        res.on("error", resolve);
        res.on("end", () => resolve(new Error("ended cleanly")));
      });
      req.end(JSON.stringify(chatBody({ content: "Hi" })));
    });
    expect(error.message).toMatch(/aborted/);
    expect(lines).toHaveLength(4);
    expect(emulator.stats()).toMatchObject({ generationsFaulted: 1, active: 0 });
  });

  it("stall stops writing but holds the connection until the client leaves", async () => {
    emulator.configure({ fault: "stall", faultAfterTokens: 2 });
    await abortAfter({ body: chatBody({ content: "Hi" }), tokens: 2 });
    await waitFor(() => emulator.stats().active === 0, 500);
    const stats = emulator.stats();
    expect(stats.generationsAbandoned).toBe(1);
    expect(stats.abandoned[0]?.tokensSent).toBe(2);
  });

  it("a stall with no token sends no headers at all", async () => {
    emulator.configure({ fault: "stall", faultAfterTokens: 0 });
    const controller = new AbortController();
    const pending = fetch(`${emulator.url}/api/chat`, {
      method: "POST",
      body: JSON.stringify(chatBody({ content: "Hi" })),
      signal: controller.signal,
    });
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(emulator.stats().active).toBe(1);
    controller.abort();
    await expect(pending).rejects.toThrow();
    await waitFor(() => emulator.stats().active === 0, 500);
    expect(emulator.stats().abandoned[0]?.tokensSent).toBe(0);
  });
});

describe("client disconnects", () => {
  it("a client that aborts mid-stream stops the generation at once and counts as abandoned", async () => {
    emulator.configure({ replyTokens: 200 });
    const abortedAt = await abortAfter({ body: chatBody({ content: "Hi" }), tokens: 5 });
    await waitFor(() => emulator.stats().active === 0, 50);
    expect(performance.now() - abortedAt).toBeLessThan(50);
    const stats = emulator.stats();
    expect(stats).toMatchObject({ generationsStarted: 1, generationsAbandoned: 1, generationsCompleted: 0 });
    expect(stats.abandoned[0]?.tokensSent).toBeGreaterThanOrEqual(5);
    expect(stats.abandoned[0]?.tokensSent).toBeLessThan(20);
  });

  it("a client that aborts during the first-token delay counts as abandoned with 0 tokens", async () => {
    emulator.configure({ firstTokenDelayMs: 500 });
    const controller = new AbortController();
    const pending = fetch(`${emulator.url}/api/chat`, {
      method: "POST",
      body: JSON.stringify(chatBody({ content: "Hi" })),
      signal: controller.signal,
    }).catch(() => undefined);
    await waitFor(() => emulator.stats().active === 1, 500);
    controller.abort();
    await pending;
    await waitFor(() => emulator.stats().active === 0, 50);
    expect(emulator.stats().abandoned).toEqual([{ at: expect.any(Number), tokensSent: 0 }]);
  });
});

describe("directives", () => {
  it("override the config for one request and are not echoed", async () => {
    const directed = await timedPost({
      url: `${emulator.url}/api/chat`,
      body: chatBody({ content: 'Hello [[emu {"replyTokens":3,"fault":"error-mid","faultAfterTokens":2}]]' }),
    });
    expect(directed.lines.map((line) => line.json.error ?? contentOf({ line }))).toHaveLength(3);
    expect(directed.lines[2]?.json.error).toBeDefined();
    expect(directed.text).not.toContain("emu");

    const plain = await timedPost({ url: `${emulator.url}/api/chat`, body: chatBody({ content: "Hello" }) });
    expect(plain.lines).toHaveLength(21);
  });

  it("are read from the last user message only", async () => {
    const res = await timedPost({
      url: `${emulator.url}/api/chat`,
      body: {
        model: "llama3.2",
        messages: [
          { role: "user", content: 'Old [[emu {"fault":"error-before"}]]' },
          { role: "assistant", content: "Sure." },
          { role: "user", content: 'say exactly: fine [[emu {"tokenIntervalMs":1}]]' },
        ],
      },
    });
    expect(res.status).toBe(200);
    expect(res.lines.map((line) => contentOf({ line }))).toEqual(["fine", ""]);
  });

  it("an invalid directive is a 400 that names the problem", async () => {
    const res = await timedPost({
      url: `${emulator.url}/api/chat`,
      body: chatBody({ content: 'Hi [[emu {"replyTokenz":3}]]' }),
    });
    expect(res.status).toBe(400);
    expect(res.lines[0]?.json.error).toMatch(/invalid emulator directive/);
  });
});

describe("queue", () => {
  it("answers 503 when more generations than maxQueue run at once", async () => {
    emulator.configure({ maxQueue: 1, firstTokenDelayMs: 100, replyTokens: 1 });
    const body = chatBody({ content: "Hi" });
    const [first, second] = await Promise.all([
      timedPost({ url: `${emulator.url}/api/chat`, body }),
      new Promise((resolve) => setTimeout(resolve, 30)).then(() =>
        timedPost({ url: `${emulator.url}/api/chat`, body }),
      ),
    ]);
    expect(first.status).toBe(200);
    expect(second.status).toBe(503);
    expect(second.lines[0]?.json).toEqual({
      error: "server busy, please try again. maximum pending requests exceeded",
    });
  });
});
