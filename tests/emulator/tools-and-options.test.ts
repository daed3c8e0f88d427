import { Ollama } from "ollama";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../../emulator/server";
import { contentOf, timedPost } from "./timed-fetch";

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ config: { tokenIntervalMs: 2, firstTokenDelayMs: 5, pullIntervalMs: 5 } });
});
afterAll(() => emulator.close());
beforeEach(() => emulator.reset());

const weatherTool = {
  type: "function",
  function: {
    name: "get_weather",
    description: "The weather in a city",
    parameters: {
      type: "object",
      properties: { city: { type: "string" }, unit: { type: "string", enum: ["celsius", "fahrenheit"] } },
      required: ["city"],
    },
  },
};

const chat = (body: object) =>
  timedPost({ url: `${emulator.url}/api/chat`, body: { model: "llama3.2", ...body } });
const textOf = (lines: { json: Record<string, unknown> }[]) =>
  lines.map((line) => contentOf({ line })).join("");

describe("the emulator records what it was asked", () => {
  it("keeps options, format and tools of every request in stats.requests[i].body", async () => {
    const options = { temperature: 0.2, top_p: 0.9, seed: 7, num_predict: 4, stop: ["\n\n"] };
    const format = { type: "object", properties: { ok: { type: "boolean" } } };
    await chat({ messages: [{ role: "user", content: "Hi" }], options, format, tools: [weatherTool] });
    const [request] = emulator.stats().requests;
    expect(request?.path).toBe("/api/chat");
    expect(request?.body).toMatchObject({ options, format, tools: [weatherTool] });
  });
});

describe("tool calls", () => {
  it("a directive makes the answer a tool call line (id, index, arguments) before the done line", async () => {
    const directive = '[[emu {"toolCalls":[{"name":"get_weather","arguments":{"city":"Lund"}}]}]]';
    const res = await chat({
      messages: [{ role: "user", content: `Weather in Lund? ${directive}` }],
      tools: [weatherTool],
    });
    expect(res.lines).toHaveLength(2);
    const [callLine, final] = res.lines.map((line) => line.json);
    expect(callLine).toMatchObject({
      message: {
        role: "assistant",
        content: "",
        tool_calls: [
          {
            id: expect.stringMatching(/^call_/),
            function: { index: 0, name: "get_weather", arguments: { city: "Lund" } },
          },
        ],
      },
      done: false,
    });
    expect(final).toMatchObject({ done: true, done_reason: "stop", eval_count: expect.any(Number) });
  });

  it("calls an offered tool the user names, with arguments made from its schema", async () => {
    const res = await chat({
      messages: [{ role: "user", content: "Use get_weather for my city please" }],
      tools: [weatherTool],
    });
    const message = res.lines[0]?.json.message as { tool_calls: { function: object }[] } | undefined;
    const calls = message?.tool_calls ?? [];
    expect(calls.map((c) => c.function)).toEqual([
      { index: 0, name: "get_weather", arguments: { city: "city example", unit: "celsius" } },
    ]);
  });

  it("after a tool result, answers in text that uses it (the directive no longer calls)", async () => {
    const directive = '[[emu {"toolCalls":[{"name":"get_weather","arguments":{"city":"Lund"}}]}]]';
    const res = await chat({
      messages: [
        { role: "user", content: `Weather in Lund? ${directive}` },
        {
          role: "assistant",
          content: "",
          tool_calls: [{ function: { name: "get_weather", arguments: { city: "Lund" } } }],
        },
        { role: "tool", tool_name: "get_weather", content: '{"temperature":18}' },
      ],
      tools: [weatherTool],
    });
    expect(textOf(res.lines)).toBe('The get_weather tool says: {"temperature":18}.');
    expect(res.lines.some((line) => JSON.stringify(line.json).includes("tool_calls"))).toBe(false);
  });

  it("stream:false carries the calls in message.tool_calls", async () => {
    const res = await chat({
      stream: false,
      messages: [{ role: "user", content: 'Go [[emu {"toolCalls":[{"name":"get_weather"}]}]]' }],
      tools: [weatherTool],
    });
    expect(res.lines[0]?.json).toMatchObject({
      message: { tool_calls: [{ function: { name: "get_weather", arguments: {} } }] },
      done: true,
    });
  });

  it("a model without the tools capability refuses tools as Ollama does", async () => {
    emulator.configure({ models: ["tiny"] });
    const res = await timedPost({
      url: `${emulator.url}/api/chat`,
      body: { model: "tiny", messages: [{ role: "user", content: "Hi" }], tools: [weatherTool] },
    });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.text)).toEqual({ error: '"tiny" does not support tools' });
  });
});

describe("options and format", () => {
  it("num_predict cuts the answer with done_reason length", async () => {
    const res = await chat({
      messages: [{ role: "user", content: "Tell me a story" }],
      options: { num_predict: 5 },
    });
    expect(res.lines).toHaveLength(6);
    expect(res.lines.at(-1)?.json).toMatchObject({ done_reason: "length", eval_count: 5 });
  });

  it("options.stop ends the answer before the stop string, with done_reason stop", async () => {
    const res = await chat({
      messages: [{ role: "user", content: "say exactly: one, two, three, four" }],
      options: { stop: [", three", "four"] },
    });
    expect(textOf(res.lines)).toBe("one, two");
    expect(res.lines.at(-1)?.json).toMatchObject({ done_reason: "stop" });
  });

  it("format json answers a JSON object; a schema format a value valid against the schema", async () => {
    const json = await chat({ messages: [{ role: "user", content: "Hi" }], format: "json" });
    expect(typeof JSON.parse(textOf(json.lines))).toBe("object");
    const schema = {
      type: "object",
      properties: {
        title: { type: "string", minLength: 3 },
        year: { type: "integer", minimum: 1900, maximum: 2100 },
        genre: { enum: ["drama", "comedy"] },
        cast: {
          type: "array",
          minItems: 2,
          items: { $ref: "#/$defs/person" },
        },
        sequel: { anyOf: [{ type: "null" }, { type: "boolean" }] },
      },
      required: ["title", "year", "genre", "cast", "sequel"],
      $defs: { person: { type: "object", properties: { name: { type: "string" } }, required: ["name"] } },
    };
    const structured = await chat({ messages: [{ role: "user", content: "A film" }], format: schema });
    expect(JSON.parse(textOf(structured.lines))).toEqual({
      title: "title example",
      year: 1900,
      genre: "drama",
      cast: [{ name: "name example" }, { name: "name example" }],
      sequel: true,
    });
  });

  it("/api/generate honours num_predict and stop too", async () => {
    const res = await timedPost({
      url: `${emulator.url}/api/generate`,
      body: { model: "llama3.2", prompt: "say exactly: alpha beta gamma delta", options: { num_predict: 2 } },
    });
    expect(res.lines.map((line) => line.json.response).join("")).toBe("alpha beta");
    expect(res.lines.at(-1)?.json).toMatchObject({ done_reason: "length" });
  });
});

describe("pulling, deleting and unloading models", () => {
  it("streams the pull's progress as Ollama does, then lists the model", async () => {
    const res = await timedPost({ url: `${emulator.url}/api/pull`, body: { model: "mistral" } });
    const statuses = res.lines.map((line) => line.json.status);
    expect(statuses[0]).toBe("pulling manifest");
    expect(statuses.slice(-3)).toEqual(["verifying sha256 digest", "writing manifest", "success"]);
    const progress = res.lines.filter((line) => String(line.json.status).startsWith("pulling "));
    expect(progress.length).toBeGreaterThan(2);
    const layer = progress.at(-1)?.json;
    expect(layer).toMatchObject({
      digest: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
      total: 4_113_301_824,
    });
    expect(layer?.completed).toBe(layer?.total);
    // Paced by pullIntervalMs: the lines do not arrive at once.
    expect((res.lines.at(-1)?.at ?? 0) - (res.lines[0]?.at ?? 0)).toBeGreaterThanOrEqual(20);
    const tags = await (await fetch(`${emulator.url}/api/tags`)).json();
    expect(tags.models.map((m: { name: string }) => m.name)).toContain("mistral:latest");
  });

  it("an unknown name gets Ollama's error line; stream:false answers one object (or a 500)", async () => {
    const unknown = await timedPost({ url: `${emulator.url}/api/pull`, body: { model: "no-such-model" } });
    expect(unknown.lines.map((line) => line.json)).toEqual([
      { status: "pulling manifest" },
      { error: "pull model manifest: file does not exist" },
    ]);
    const whole = await timedPost({
      url: `${emulator.url}/api/pull`,
      body: { model: "gemma3:1b", stream: false },
    });
    expect(whole.lines.map((line) => line.json)).toEqual([{ status: "success" }]);
    const failed = await timedPost({
      url: `${emulator.url}/api/pull`,
      body: { model: "nope", stream: false },
    });
    expect(failed.status).toBe(500);
  });

  it("ollama-js pulls with progress and deletes; deleting twice is a 404", async () => {
    const ollama = new Ollama({ host: emulator.url });
    const progress = await ollama.pull({ model: "all-minilm", stream: true });
    let last: { status: string } | undefined;
    for await (const part of progress) last = part;
    expect(last?.status).toBe("success");
    expect((await ollama.list()).models.map((m) => m.name)).toContain("all-minilm:latest");
    expect(await ollama.delete({ model: "all-minilm" })).toEqual({ status: "success" });
    const again = await fetch(`${emulator.url}/api/delete`, {
      method: "DELETE",
      body: JSON.stringify({ model: "all-minilm" }),
    });
    expect(again.status).toBe(404);
    expect(await again.json()).toEqual({ error: "model 'all-minilm' not found" });
  });

  it("keep_alive 0 with no prompt unloads a model from /api/ps, on /api/generate as on /api/chat", async () => {
    const ps = async () => (await (await fetch(`${emulator.url}/api/ps`)).json()).models.length;
    await timedPost({ url: `${emulator.url}/api/generate`, body: { model: "llama3.2", prompt: "" } });
    expect(await ps()).toBe(1);
    const unload = await timedPost({
      url: `${emulator.url}/api/generate`,
      body: { model: "llama3.2", prompt: "", keep_alive: 0 },
    });
    expect(unload.lines[0]?.json).toMatchObject({ done: true, done_reason: "unload", response: "" });
    expect(await ps()).toBe(0);
  });
});
