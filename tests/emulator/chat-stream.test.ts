import { Ollama } from "ollama";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../../emulator/server";
import { chatBody, contentOf, median, timedPost } from "./timed-fetch";

const RFC3339_NANO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?Z$/;

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ config: { tokenIntervalMs: 5, firstTokenDelayMs: 20 } });
});
afterAll(() => emulator.close());
beforeEach(() => emulator.reset());

describe("streamed /api/chat", () => {
  it("writes one NDJSON line per token, then a final line with Ollama's metrics", async () => {
    emulator.configure({ replyTokens: 6 });
    const res = await timedPost({ url: `${emulator.url}/api/chat`, body: chatBody({ content: "Hello" }) });

    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/x-ndjson");
    expect(res.text.endsWith("\n")).toBe(true);
    expect(res.lines).toHaveLength(7);
    for (const { json } of res.lines.slice(0, 6)) {
      expect(Object.keys(json)).toEqual(["model", "created_at", "message", "done"]);
      expect(json).toMatchObject({ model: "llama3.2", message: { role: "assistant" }, done: false });
      expect(json.created_at).toMatch(RFC3339_NANO);
    }
    const final = res.lines.at(-1)?.json ?? {};
    expect(final).toMatchObject({
      model: "llama3.2",
      message: { role: "assistant", content: "" },
      done: true,
    });
    expect(final.done_reason).toBe("stop");
    expect(final.eval_count).toBe(6);
    expect(final.prompt_eval_count).toBeGreaterThan(0);
    for (const key of ["total_duration", "load_duration", "prompt_eval_duration", "eval_duration"]) {
      expect(Number.isInteger(final[key]), key).toBe(true);
    }
    // Durations are real: 20 ms of prompt evaluation, 5 gaps of 5 ms between the tokens.
    expect(final.prompt_eval_duration).toBeGreaterThanOrEqual(18e6);
    expect(final.eval_duration).toBeGreaterThanOrEqual(20e6);
    expect(final.total_duration).toBeGreaterThanOrEqual(
      (final.prompt_eval_duration as number) + (final.eval_duration as number),
    );
  });

  it("sends no headers before the first token", async () => {
    emulator.configure({ firstTokenDelayMs: 150, replyTokens: 2 });
    const res = await timedPost({ url: `${emulator.url}/api/chat`, body: chatBody({ content: "Hi" }) });
    expect(res.headersAt).toBeGreaterThanOrEqual(148);
    expect(res.lines[0]?.at).toBeGreaterThanOrEqual(res.headersAt);
  });

  it("paces tokens tokenIntervalMs apart", async () => {
    emulator.configure({ tokenIntervalMs: 25, replyTokens: 12 });
    const res = await timedPost({ url: `${emulator.url}/api/chat`, body: chatBody({ content: "Pace" }) });
    const arrivals = res.lines.map((line) => line.at);
    const gaps = arrivals.slice(1).map((at, i) => at - (arrivals[i] ?? 0));
    expect(median({ values: gaps })).toBeGreaterThan(18);
    expect(median({ values: gaps })).toBeLessThan(45);
    expect((arrivals.at(-1) ?? 0) - (arrivals[0] ?? 0)).toBeGreaterThanOrEqual(12 * 25 - 5);
  });

  it("echoes the model name as requested and replies the same passage to the same question", async () => {
    emulator.configure({ tokenIntervalMs: 1 });
    const body = chatBody({ content: "Tell me about streaming", model: "LLAMA3.2:latest" });
    const first = await timedPost({ url: `${emulator.url}/api/chat`, body });
    const second = await timedPost({ url: `${emulator.url}/api/chat`, body });
    const text = (res: typeof first) => res.lines.map((line) => contentOf({ line })).join("");
    expect(first.lines[0]?.json.model).toBe("LLAMA3.2:latest");
    expect(text(first)).toBe(text(second));
    expect(text(first).length).toBeGreaterThan(200);
  });

  it("replies verbatim after 'say exactly:', non-ASCII included", async () => {
    const res = await timedPost({
      url: `${emulator.url}/api/chat`,
      body: chatBody({ content: "Please say exactly: Hej då, världen! 👋\nRad två." }),
    });
    const text = res.lines.map((line) => contentOf({ line })).join("");
    expect(text).toBe("Hej då, världen! 👋\nRad två.");
  });

  it("answers a format request with the user's facts as JSON", async () => {
    const res = await timedPost({
      url: `${emulator.url}/api/chat`,
      body: {
        model: "llama3.2",
        stream: false,
        format: { type: "object", properties: { facts: { type: "array" } } },
        messages: [
          { role: "system", content: "Extract facts about the user." },
          { role: "user", content: "Hi, my name is Ada. I work as a nurse." },
          { role: "assistant", content: "Nice to meet you! I like helping." },
          { role: "user", content: "Remember that I prefer tea over coffee." },
        ],
      },
    });
    const content = contentOf({ line: res.lines[0] });
    expect(JSON.parse(content)).toEqual({
      facts: ["The user's name is Ada", "The user works as a nurse", "The user prefers tea over coffee"],
    });
  });

  it("stops at options.num_predict with done_reason length", async () => {
    const res = await timedPost({
      url: `${emulator.url}/api/chat`,
      body: chatBody({ content: "Long answer please", options: { num_predict: 3 } }),
    });
    expect(res.lines).toHaveLength(4);
    expect(res.lines.at(-1)?.json).toMatchObject({ done_reason: "length", eval_count: 3 });
  });
});

describe("stream:false, oneShot and stamps", () => {
  it("answers stream:false with one JSON object after the whole generation time", async () => {
    emulator.configure({ replyTokens: 10, tokenIntervalMs: 10 });
    const res = await timedPost({
      url: `${emulator.url}/api/chat`,
      body: chatBody({ content: "Hello", stream: false }),
    });
    expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(res.headersAt).toBeGreaterThanOrEqual(20 + 10 * 10 - 3);
    expect(res.lines).toHaveLength(1);
    const json = res.lines[0]?.json ?? {};
    expect(json).toMatchObject({ model: "llama3.2", done: true, done_reason: "stop", eval_count: 10 });
    expect((json.message as { content: string }).content.length).toBeGreaterThan(10);
  });

  it("oneShot writes the whole streamed reply in one piece", async () => {
    emulator.configure({ oneShot: true, replyTokens: 8, tokenIntervalMs: 10 });
    const res = await timedPost({ url: `${emulator.url}/api/chat`, body: chatBody({ content: "Hello" }) });
    expect(res.headers.get("content-type")).toBe("application/x-ndjson");
    expect(res.lines).toHaveLength(9);
    expect(new Set(res.lines.map((line) => line.at)).size).toBe(1);
    expect(res.headersAt).toBeGreaterThanOrEqual(20 + 8 * 10 - 3);
  });

  it("stampTokens prefixes each token with its emit time in epoch ms", async () => {
    emulator.configure({ stampTokens: true, replyTokens: 5 });
    const res = await timedPost({ url: `${emulator.url}/api/chat`, body: chatBody({ content: "Hello" }) });
    const receivedAt = performance.timeOrigin + performance.now();
    const stamps = res.lines.slice(0, 5).map((line) => {
      const match = /^⏱(\d+\.\d{3}) /.exec(contentOf({ line }));
      return Number(match?.[1]);
    });
    expect(stamps.every((stamp, i) => i === 0 || stamp > (stamps[i - 1] ?? 0))).toBe(true);
    expect(receivedAt - (stamps[0] ?? 0)).toBeGreaterThan(0);
    expect(receivedAt - (stamps[0] ?? 0)).toBeLessThan(1000);
  });
});

describe("/api/generate", () => {
  it("streams `response` lines and puts `context` on the final line", async () => {
    const res = await timedPost({
      url: `${emulator.url}/api/generate`,
      body: { model: "qwen2.5:0.5b", prompt: "say exactly: Hello there", system: "Be brief." },
    });
    expect(res.lines.map((line) => line.json.response)).toEqual(["Hello", " there", ""]);
    const final = res.lines.at(-1)?.json ?? {};
    expect(final).toMatchObject({ model: "qwen2.5:0.5b", done: true, done_reason: "stop", eval_count: 2 });
    expect(Array.isArray(final.context) && final.context.every(Number.isInteger)).toBe(true);
  });

  it("answers stream:false with the whole response", async () => {
    const res = await timedPost({
      url: `${emulator.url}/api/generate`,
      body: { model: "llama3.2", prompt: "say exactly: one two", stream: false },
    });
    expect(res.lines[0]?.json).toMatchObject({ response: "one two", done: true, eval_count: 2 });
  });
});

describe("model loading", () => {
  it("charges loadMs to the first use of a cold model and lists it in /api/ps", async () => {
    emulator.configure({ loadMs: 60, replyTokens: 1 });
    const cold = await timedPost({ url: `${emulator.url}/api/chat`, body: chatBody({ content: "a" }) });
    const warm = await timedPost({ url: `${emulator.url}/api/chat`, body: chatBody({ content: "b" }) });
    expect(cold.lines.at(-1)?.json.load_duration).toBeGreaterThanOrEqual(55e6);
    expect(cold.headersAt).toBeGreaterThanOrEqual(60 + 20 - 3);
    expect(warm.lines.at(-1)?.json.load_duration).toBe(0);

    const ps = (await (await fetch(`${emulator.url}/api/ps`)).json()) as {
      models: Record<string, unknown>[];
    };
    expect(ps.models).toHaveLength(1);
    expect(ps.models[0]).toMatchObject({
      name: "llama3.2:latest",
      model: "llama3.2:latest",
      context_length: 4096,
    });
    expect(Date.parse(ps.models[0]?.expires_at as string) - Date.now()).toBeGreaterThan(4 * 60_000);
  });

  it("empty messages only load the model, and keep_alive 0 unloads it", async () => {
    const load = await timedPost({
      url: `${emulator.url}/api/chat`,
      body: { model: "llama3.2", messages: [] },
    });
    expect(load.lines[0]?.json).toMatchObject({ done: true, done_reason: "load", message: { content: "" } });
    const unload = await timedPost({
      url: `${emulator.url}/api/chat`,
      body: { model: "llama3.2", messages: [], keep_alive: 0 },
    });
    expect(unload.lines[0]?.json).toMatchObject({ done_reason: "unload" });
    const ps = (await (await fetch(`${emulator.url}/api/ps`)).json()) as { models: unknown[] };
    expect(ps.models).toEqual([]);
  });
});

describe("ollama-js", () => {
  it("consumes the stream and gets the final metrics", async () => {
    const client = new Ollama({ host: emulator.url });
    const stream = await client.chat({
      model: "llama3.2",
      messages: [{ role: "user", content: "say exactly: Streaming works, så klart ✅" }],
      stream: true,
    });
    let text = "";
    let last: { done: boolean; eval_count: number; eval_duration: number } | undefined;
    for await (const part of stream) {
      text += part.message.content;
      last = part;
    }
    expect(text).toBe("Streaming works, så klart ✅");
    expect(last?.done).toBe(true);
    expect(last?.eval_count).toBeGreaterThan(0);
    expect(last?.eval_duration).toBeGreaterThan(0);
  });

  it("gets a whole answer with stream:false", async () => {
    const client = new Ollama({ host: emulator.url });
    const answer = await client.generate({ model: "llama3.2", prompt: "say exactly: ok" });
    expect(answer.response).toBe("ok");
    expect(answer.done).toBe(true);
  });
});
