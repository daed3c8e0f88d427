import OpenAI from "openai";
import { zodResponseFormat } from "openai/helpers/zod";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import type { AppServer } from "../helpers/app-server";
import type { EmulatorProcess } from "../helpers/emulator-process";
import { withLumiaStack } from "../helpers/lumia-stack";
import { expectChunkByChunk, recordingFetch } from "../helpers/recording-fetch";

const INTERVAL_MS = 40;
const TOKENS = 15;

let emulator: EmulatorProcess;
let app: AppServer;

withLumiaStack({
  emulator: { tokenIntervalMs: INTERVAL_MS, firstTokenDelayMs: 30, replyTokens: TOKENS },
  ready: (stack) => ({ emulator, app } = stack),
});

/** The real OpenAI SDK pointed at Lumia; no retries, so an error is seen as Lumia sent it. */
function client(fetch?: typeof globalThis.fetch) {
  return new OpenAI({
    baseURL: `${app.url}/v1`,
    apiKey: "not-needed",
    maxRetries: 0,
    ...(fetch ? { fetch } : {}),
  });
}

/** The text of a Responses API object (the SDK adds `output_text` only to some of them). */
const outputText = (response: { output: { type: string; content?: { type: string; text?: string }[] }[] }) =>
  response.output
    .flatMap((item) => (item.type === "message" ? (item.content ?? []) : []))
    .map((part) => part.text ?? "")
    .join("");

async function lastOllamaRequest(path = "/api/chat") {
  const requests = (await emulator.stats()).requests.filter((r) => r.path === path);
  return requests.at(-1)?.body as Record<string, unknown>;
}

const weatherParameters = {
  type: "object",
  properties: { city: { type: "string" } },
  required: ["city"],
  additionalProperties: false,
};

describe("the openai SDK against /v1/chat/completions", () => {
  it("streams chunk by chunk", async () => {
    const recorder = recordingFetch();
    const stream = await client(recorder.fetch).chat.completions.create({
      model: "llama3.2",
      stream: true,
      messages: [{ role: "user", content: "Why is the sky blue?" }],
    });
    const deltaTimes: number[] = [];
    let text = "";
    let finish: string | null = null;
    for await (const chunk of stream) {
      const delta = chunk.choices[0]?.delta.content;
      if (delta) {
        deltaTimes.push(performance.now());
        text += delta;
      }
      finish = chunk.choices[0]?.finish_reason ?? finish;
    }
    expect(text.length).toBeGreaterThan(0);
    expect(finish).toBe("stop");
    expectChunkByChunk({
      deltaTimes,
      reads: recorder.reads,
      count: TOKENS,
      intervalMs: INTERVAL_MS,
      label: "openai SDK chat",
    });
  });

  it("sends every parameter on to Ollama as options, exactly", async () => {
    await client().chat.completions.create({
      model: "llama3.2",
      messages: [{ role: "user", content: "Hi" }],
      temperature: 0.3,
      top_p: 0.8,
      seed: 42,
      max_completion_tokens: 5,
      stop: ["\n\n", "END"],
      presence_penalty: 0.5,
      frequency_penalty: -0.5,
    });
    expect((await lastOllamaRequest()).options).toEqual({
      temperature: 0.3,
      top_p: 0.8,
      seed: 42,
      num_predict: 5,
      stop: ["\n\n", "END"],
      presence_penalty: 0.5,
      frequency_penalty: -0.5,
    });
  });

  it("max_tokens ends the answer with finish_reason length, and include_usage sends the usage last", async () => {
    const stream = await client().chat.completions.create({
      model: "llama3.2",
      stream: true,
      stream_options: { include_usage: true },
      max_tokens: 5,
      messages: [{ role: "user", content: "Tell me a long story" }],
    });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    const text = chunks.map((c) => c.choices[0]?.delta.content ?? "").join("");
    expect(chunks.filter((c) => c.choices[0]?.delta.content)).toHaveLength(5);
    expect(text.length).toBeGreaterThan(0);
    expect(chunks.at(-2)?.choices[0]?.finish_reason).toBe("length");
    expect(chunks.at(-1)?.choices).toEqual([]);
    expect(chunks.at(-1)?.usage).toMatchObject({ completion_tokens: 5, prompt_tokens: expect.any(Number) });
    expect((await lastOllamaRequest()).options).toEqual({ num_predict: 5 });
  });

  it("runs a two-step tool loop while streaming (call, result, final answer)", async () => {
    const seen: string[] = [];
    const runner = client().chat.completions.runTools({
      model: "llama3.2",
      stream: true,
      messages: [{ role: "user", content: "What is the weather in Lund? Use get_weather." }],
      tools: [
        {
          type: "function",
          function: {
            name: "get_weather",
            description: "Current weather in a city",
            parameters: weatherParameters,
            parse: JSON.parse,
            function: (args: { city: string }) => {
              seen.push(args.city);
              return { city: args.city, temperature: 18 };
            },
          },
        },
      ],
    });
    const deltas: string[] = [];
    runner.on("content", (delta) => deltas.push(delta));
    const final = await runner.finalContent();
    expect(seen).toEqual(["city example"]);
    expect(final).toBe('The get_weather tool says: {"city":"city example","temperature":18}.');
    expect(deltas.length).toBeGreaterThan(5);
    // The second request carried the call and its result back as Ollama understands them.
    const sent = (await lastOllamaRequest()).messages as Record<string, unknown>[];
    expect(sent.at(-2)).toMatchObject({
      role: "assistant",
      tool_calls: [
        {
          id: expect.stringMatching(/^call_/),
          function: { name: "get_weather", arguments: { city: "city example" } },
        },
      ],
    });
    expect(sent.at(-1)).toMatchObject({
      role: "tool",
      tool_name: "get_weather",
      tool_call_id: expect.any(String),
    });
  });

  it("parses structured output (response_format json_schema from zod) into a schema-valid object", async () => {
    const Movie = z.object({
      title: z.string(),
      year: z.number().int(),
      genres: z.array(z.enum(["drama", "comedy", "sci-fi"])),
      director: z.object({ name: z.string() }),
    });
    const completion = await client().chat.completions.parse({
      model: "llama3.2",
      messages: [{ role: "user", content: "Describe a film" }],
      response_format: zodResponseFormat(Movie, "movie"),
    });
    const parsed = completion.choices[0]?.message.parsed;
    expect(Movie.parse(parsed)).toEqual(parsed);
    expect((await lastOllamaRequest()).format).toMatchObject({ type: "object", required: expect.any(Array) });
  });

  it("errors carry Lumia's message, status and code, and the field at fault", async () => {
    const missing = await client()
      .chat.completions.create({ model: "no-such-model", messages: [{ role: "user", content: "Hi" }] })
      .catch((error: unknown) => error);
    expect(missing).toBeInstanceOf(OpenAI.NotFoundError);
    expect(missing).toMatchObject({
      status: 404,
      code: "model_not_found",
      type: "not_found_error",
      message: expect.stringContaining("ollama pull no-such-model"),
    });
    const invalid = await client()
      .chat.completions.create({
        model: "llama3.2",
        messages: [{ role: "user", content: "Hi" }],
        temperature: "hot" as unknown as number,
      })
      .catch((error: unknown) => error);
    expect(invalid).toBeInstanceOf(OpenAI.BadRequestError);
    expect(invalid).toMatchObject({ status: 400, code: "invalid_request", param: "temperature" });
    const twoChoices = await client()
      .chat.completions.create({ model: "llama3.2", n: 2, messages: [{ role: "user", content: "Hi" }] })
      .catch((error: unknown) => error);
    expect(twoChoices).toMatchObject({
      status: 400,
      param: "n",
      message: expect.stringContaining("n must be 1"),
    });
  });

  it("an error after the stream started reaches the SDK as an APIError with Lumia's code", async () => {
    const stream = await client().chat.completions.create({
      model: "llama3.2",
      stream: true,
      messages: [{ role: "user", content: 'Go [[emu {"fault":"error-mid","faultAfterTokens":3}]]' }],
    });
    let text = "";
    const error = await (async () => {
      for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? "";
    })().catch((caught: unknown) => caught);
    expect(text.length).toBeGreaterThan(0);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect(error).toMatchObject({ code: "ollama_error", message: expect.stringContaining("Ollama failed") });
  });
});

describe("the openai SDK against the other /v1 endpoints", () => {
  it("embeddings (the SDK asks for base64 and decodes it)", async () => {
    const result = await client().embeddings.create({ model: "nomic-embed-text", input: ["a cat", "a dog"] });
    expect(result.data).toHaveLength(2);
    expect(result.data[0]?.embedding).toHaveLength(768);
    expect(result.data[0]?.embedding.every((value) => Number.isFinite(value))).toBe(true);
    expect(result.usage.prompt_tokens).toBeGreaterThan(0);
    const float = await client().embeddings.create({
      model: "nomic-embed-text",
      input: "a cat",
      encoding_format: "float",
    });
    expect(float.data[0]?.embedding).toEqual(result.data[0]?.embedding);
  });

  it("legacy completions on /api/generate, streamed and whole", async () => {
    const stream = await client().completions.create({
      model: "llama3.2",
      prompt: "say exactly: once upon a time",
      stream: true,
      max_tokens: 3,
    });
    let text = "";
    let finish: string | null = null;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.text ?? "";
      finish = chunk.choices[0]?.finish_reason ?? finish;
    }
    expect(text).toBe("once upon a");
    expect(finish).toBe("length");
    expect(await lastOllamaRequest("/api/generate")).toMatchObject({
      prompt: "say exactly: once upon a time",
      options: { num_predict: 3 },
    });
    const whole = await client().completions.create({ model: "llama3.2", prompt: "say exactly: the end" });
    expect(whole.choices[0]).toMatchObject({ text: "the end", finish_reason: "stop" });
  });

  it("models: list and retrieve, 404 for an unknown one", async () => {
    const ids = [];
    for await (const model of client().models.list()) ids.push(model.id);
    expect(ids).toContain("llama3.2:latest");
    expect(await client().models.retrieve("llama3.2")).toMatchObject({
      id: "llama3.2:latest",
      object: "model",
    });
    await expect(client().models.retrieve("nope:1b")).rejects.toBeInstanceOf(OpenAI.NotFoundError);
  });

  it("responses.stream: text chunk by chunk, then a tool loop through function_call_output", async () => {
    const recorder = recordingFetch();
    const deltaTimes: number[] = [];
    const stream = client(recorder.fetch).responses.stream({
      model: "llama3.2",
      instructions: "Be helpful.",
      input: "Why is the sky blue?",
    });
    stream.on("response.output_text.delta", () => deltaTimes.push(performance.now()));
    const first = await stream.finalResponse();
    expect(first.status).toBe("completed");
    expect(outputText(first).length).toBeGreaterThan(0);
    expectChunkByChunk({
      deltaTimes,
      reads: recorder.reads,
      count: TOKENS,
      intervalMs: INTERVAL_MS,
      label: "openai SDK responses.stream",
    });

    const tools = [
      { type: "function" as const, name: "get_weather", parameters: weatherParameters, strict: true },
    ];
    const input = [{ role: "user" as const, content: "Weather in Lund? Use get_weather." }];
    const called = await client().responses.stream({ model: "llama3.2", input, tools }).finalResponse();
    const call = called.output.find((item) => item.type === "function_call");
    expect(call).toMatchObject({ name: "get_weather", arguments: '{"city":"city example"}' });
    if (call?.type !== "function_call") throw new Error("no call");
    const answered = await client()
      .responses.stream({
        model: "llama3.2",
        tools,
        input: [
          ...input,
          call,
          { type: "function_call_output", call_id: call.call_id, output: '{"temperature":18}' },
        ],
      })
      .finalResponse();
    expect(outputText(answered)).toBe('The get_weather tool says: {"temperature":18}.');

    // The same second step by reference to the stored first response.
    const chained = await client().responses.create({
      model: "llama3.2",
      tools,
      previous_response_id: called.id,
      input: [{ type: "function_call_output", call_id: call.call_id, output: '{"temperature":19}' }],
    });
    expect(chained.output_text).toBe('The get_weather tool says: {"temperature":19}.');
  });

  it("responses: max_output_tokens ends as incomplete; text.format json_schema gives schema-valid JSON", async () => {
    const cut = await client().responses.create({
      model: "llama3.2",
      input: 'A long story [[emu {"replyTokens":40}]]',
      max_output_tokens: 16,
    });
    expect(cut.status).toBe("incomplete");
    expect(cut.incomplete_details).toEqual({ reason: "max_output_tokens" });
    expect((await lastOllamaRequest()).options).toEqual({ num_predict: 16 });
    const schema = z.object({ name: z.string(), age: z.number().int() });
    const { zodTextFormat } = await import("openai/helpers/zod");
    const parsed = await client().responses.parse({
      model: "llama3.2",
      input: "Invent a person",
      text: { format: zodTextFormat(schema, "person") },
    });
    expect(schema.parse(parsed.output_parsed)).toEqual(parsed.output_parsed);
  });
});
