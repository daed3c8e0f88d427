import { createOpenAI } from "@ai-sdk/openai";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import {
  APICallError,
  embedMany,
  generateObject,
  generateText,
  type LanguageModel,
  stepCountIs,
  streamText,
  tool,
} from "ai";
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

/** `@ai-sdk/openai-compatible` as its docs set it up for a local server (usage and structured outputs on). */
const compatible = (fetch?: typeof globalThis.fetch) =>
  createOpenAICompatible({
    name: "lumia",
    baseURL: `${app.url}/v1`,
    apiKey: "not-needed",
    includeUsage: true,
    supportsStructuredOutputs: true,
    ...(fetch ? { fetch } : {}),
  });

/** `@ai-sdk/openai` with its defaults: `provider(model)` speaks the Responses API (`/v1/responses`). */
const openai = (fetch?: typeof globalThis.fetch) =>
  createOpenAI({ baseURL: `${app.url}/v1`, apiKey: "not-needed", ...(fetch ? { fetch } : {}) });

const providers: [name: string, model: (fetch?: typeof globalThis.fetch) => LanguageModel][] = [
  ["@ai-sdk/openai-compatible (/v1/chat/completions)", (fetch) => compatible(fetch)("llama3.2")],
  ["@ai-sdk/openai default (/v1/responses)", (fetch) => openai(fetch)("llama3.2")],
];

async function lastOllamaRequest() {
  const requests = (await emulator.stats()).requests.filter((r) => r.path === "/api/chat");
  return requests.at(-1)?.body as Record<string, unknown>;
}

const weather = tool({
  description: "Current weather in a city",
  inputSchema: z.object({ city: z.string() }),
  execute: async ({ city }) => ({ city, temperature: 18 }),
});

describe.each(providers)("the AI SDK through %s", (name, model) => {
  it("streamText arrives chunk by chunk, with the usage", async () => {
    const recorder = recordingFetch();
    const result = streamText({ model: model(recorder.fetch), prompt: "Why is the sky blue?" });
    const deltaTimes: number[] = [];
    for await (const part of result.fullStream) {
      if (part.type === "text-delta") deltaTimes.push(performance.now());
    }
    expect((await result.text).length).toBeGreaterThan(0);
    expect(await result.finishReason).toBe("stop");
    expect((await result.usage).outputTokens).toBe(TOKENS);
    expectChunkByChunk({
      deltaTimes,
      reads: recorder.reads,
      count: TOKENS,
      intervalMs: INTERVAL_MS,
      label: name,
    });
  });

  it("sends the call settings on to Ollama as options", async () => {
    await generateText({
      model: model(),
      prompt: "Hi",
      temperature: 0.4,
      topP: 0.9,
      maxOutputTokens: 20,
    });
    expect((await lastOllamaRequest()).options).toEqual({ temperature: 0.4, top_p: 0.9, num_predict: 20 });
  });

  it("completes a two-step tool loop while streaming (call, result, final answer)", async () => {
    const result = streamText({
      model: model(),
      prompt:
        'What is the weather in Lund? [[emu {"toolCalls":[{"name":"get_weather","arguments":{"city":"Lund"}}]}]]',
      tools: { get_weather: weather },
      stopWhen: stepCountIs(3),
    });
    const deltas: string[] = [];
    for await (const delta of result.textStream) deltas.push(delta);
    const steps = await result.steps;
    expect(steps).toHaveLength(2);
    expect(steps[0]?.finishReason).toBe("tool-calls");
    expect(steps[0]?.toolCalls.map((call) => [call.toolName, call.input])).toEqual([
      ["get_weather", { city: "Lund" }],
    ]);
    expect(steps[0]?.toolResults.map((r) => r.output)).toEqual([{ city: "Lund", temperature: 18 }]);
    expect(await result.text).toBe('The get_weather tool says: {"city":"Lund","temperature":18}.');
    expect(deltas.length).toBeGreaterThan(5);
    const sent = (await lastOllamaRequest()).messages as Record<string, unknown>[];
    expect(sent.at(-1)).toMatchObject({ role: "tool", tool_name: "get_weather" });
  });

  it("generateObject returns an object valid against the schema", async () => {
    const schema = z.object({
      name: z.string(),
      ingredients: z.array(z.object({ item: z.string(), grams: z.number() })),
      vegetarian: z.boolean(),
    });
    const { object } = await generateObject({ model: model(), schema, prompt: "A recipe for pancakes" });
    expect(schema.parse(object)).toEqual(object);
    expect((await lastOllamaRequest()).format).toMatchObject({ type: "object" });
  });

  it("maxOutputTokens ends with finishReason length", async () => {
    const result = await generateText({
      model: model(),
      prompt: 'A long story [[emu {"replyTokens":40}]]',
      maxOutputTokens: 16,
    });
    expect(result.finishReason).toBe("length");
    expect(result.usage.outputTokens).toBe(16);
  });

  it("errors carry Lumia's message and code", async () => {
    const missing = await generateText({
      model: name.includes("compatible") ? compatible()("no-such-model") : openai()("no-such-model"),
      prompt: "Hi",
      maxRetries: 0,
    }).catch((caught: unknown) => caught);
    expect(APICallError.isInstance(missing)).toBe(true);
    const apiError = missing as APICallError;
    expect(apiError.statusCode).toBe(404);
    expect(apiError.message).toContain("ollama pull no-such-model");
    expect(JSON.parse(apiError.responseBody ?? "{}")).toMatchObject({ error: { code: "model_not_found" } });
  });
});

describe("embeddings through the AI SDK", () => {
  it("@ai-sdk/openai's embedding model uses /v1/embeddings", async () => {
    const { embeddings, usage } = await embedMany({
      model: openai().embedding("nomic-embed-text"),
      values: ["a cat", "a dog"],
    });
    expect(embeddings).toHaveLength(2);
    expect(embeddings[0]).toHaveLength(768);
    expect(usage.tokens).toBeGreaterThan(0);
  });
});

describe("@ai-sdk/openai with store on (its default)", () => {
  it("a follow-up sends the earlier answer as an item_reference, which Lumia resolves", async () => {
    const recorder = recordingFetch();
    const model = openai(recorder.fetch)("llama3.2");
    const question = { role: "user" as const, content: "say exactly: Sixten is a cat." };
    const first = await generateText({ model, messages: [question] });
    expect(first.text).toBe("Sixten is a cat.");
    const second = await generateText({
      model,
      messages: [question, ...first.response.messages, { role: "user", content: "say exactly: Noted." }],
    });
    expect(second.text).toBe("Noted.");
    const sentByTheSdk = recorder.requests.at(-1) as { input: object[] };
    expect(sentByTheSdk.input[1]).toEqual({ type: "item_reference", id: expect.stringMatching(/^msg_/) });
    expect((await lastOllamaRequest()).messages).toEqual([
      { role: "user", content: "say exactly: Sixten is a cat." },
      { role: "assistant", content: "Sixten is a cat." },
      { role: "user", content: "say exactly: Noted." },
    ]);
  });
});
