import { describe, expect, it } from "vitest";
import { analyzeArrivals } from "@/lib/stream-check/analyze-arrivals";
import { measureStream } from "@/lib/stream-check/measure-stream";
import type { MeasuredEvent } from "@/lib/stream-check/types";
import type { AppServer } from "../helpers/app-server";
import type { EmulatorProcess } from "../helpers/emulator-process";
import { withLumiaStack } from "../helpers/lumia-stack";
import { waitFor } from "../helpers/wait-for";

const ORIGIN = "https://app.example.com";
const TOKENS = 12;

let emulator: EmulatorProcess;
let app: AppServer;

withLumiaStack({
  emulator: { tokenIntervalMs: 30, firstTokenDelayMs: 20, replyTokens: TOKENS },
  env: { LUMIA_CORS_ORIGINS: `${ORIGIN}, http://localhost:5173` },
  ready: (stack) => ({ emulator, app } = stack),
});

async function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${app.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return { response, text: await response.text() };
}

async function lastOllamaBody() {
  const requests = (await emulator.stats()).requests.filter((r) => r.path === "/api/chat");
  return requests.at(-1)?.body as Record<string, unknown>;
}

const PNG =
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";

describe("the seed endpoints take Ollama's model options", () => {
  const options = { temperature: 0.7, top_k: 20, num_ctx: 4096, seed: 3, stop: "END", repeat_penalty: 1.1 };
  for (const path of ["/chat/stream", "/api/memory/chat/fast", "/memory/chat/stream"]) {
    it(`${path} sends an options object on to Ollama exactly (stop as a list)`, async () => {
      const { response } = await post(path, { message: "Hi", options });
      expect(response.status).toBe(200);
      expect((await lastOllamaBody()).options).toEqual({ ...options, stop: ["END"] });
    });
  }

  it("refuses options of the wrong type, out of range or unknown, naming them", async () => {
    for (const [bad, field] of [
      [{ temperature: "hot" }, "options.temperature"],
      [{ top_p: 1.5 }, "options.top_p"],
      [{ num_predict: 2.5 }, "options.num_predict"],
      [{ temprature: 0.2 }, "temprature"],
    ] as const) {
      const { response, text } = await post("/chat/stream", { message: "Hi", options: bad });
      expect(response.status, field).toBe(400);
      expect(JSON.parse(text)).toMatchObject({
        code: "invalid_request",
        error: expect.stringContaining(field),
      });
    }
  });
});

describe("the /v1 API's errors and routes are OpenAI-shaped JSON", () => {
  it("unknown paths are a JSON 404 whatever the method; a wrong method a JSON 405 with Allow", async () => {
    for (const method of ["GET", "POST", "DELETE"]) {
      const response = await fetch(`${app.url}/v1/files/abc`, { method });
      expect(response.status, method).toBe(404);
      expect(await response.json()).toEqual({
        error: {
          message: `There is no ${method} /v1/files/abc in Lumia's OpenAI-compatible API.`,
          type: "not_found_error",
          param: null,
          code: "not_found",
        },
      });
    }
    expect((await fetch(`${app.url}/v1`)).status).toBe(404);
    const wrong = await fetch(`${app.url}/v1/chat/completions`);
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get("allow")).toBe("POST, OPTIONS");
    expect((await wrong.json()).error).toMatchObject({
      type: "invalid_request_error",
      code: "method_not_allowed",
    });
    expect((await post("/v1/models", {})).response.headers.get("allow")).toBe("GET, HEAD, OPTIONS");
  });

  it("bad JSON, bad values and unsupported parameters are 400s naming the parameter", async () => {
    const notJson = await post("/v1/chat/completions", "{nope");
    expect(notJson.response.status).toBe(400);
    expect(JSON.parse(notJson.text).error).toMatchObject({
      type: "invalid_request_error",
      code: "invalid_request",
    });
    const cases: [body: object, param: string][] = [
      [{ temperature: 3 }, "temperature"],
      [{ top_p: -1 }, "top_p"],
      [{ n: 2 }, "n"],
      [{ logprobs: true }, "logprobs"],
      [{ logit_bias: { "50256": -100 } }, "logit_bias"],
      [{ response_format: { type: "xml" } }, "response_format.type"],
      [{ tools: [{ type: "web_search" }] }, "tools[0].type"],
      [{ tool_choice: { type: "function", function: { name: "nope" } }, tools: [] }, "tool_choice"],
      [
        {
          messages: [
            { role: "user", content: [{ type: "image_url", image_url: { url: "https://x/y.png" } }] },
          ],
        },
        "messages[0].content[0].image_url",
      ],
      [
        {
          messages: [
            {
              role: "assistant",
              content: null,
              tool_calls: [{ id: "c1", type: "function", function: { name: "f", arguments: "{oops" } }],
            },
          ],
        },
        "messages[0].tool_calls[0].function.arguments",
      ],
    ];
    for (const [body, param] of cases) {
      const { response, text } = await post("/v1/chat/completions", {
        model: "llama3.2",
        messages: [{ role: "user", content: "Hi" }],
        ...body,
      });
      expect(response.status, param).toBe(400);
      expect(JSON.parse(text).error, param).toMatchObject({ type: "invalid_request_error", param });
    }
  });

  it("a body over 1 MB is a 413 in OpenAI's shape", async () => {
    const { response, text } = await post("/v1/chat/completions", {
      messages: [{ role: "user", content: "x".repeat(1_100_000) }],
    });
    expect(response.status).toBe(413);
    expect(JSON.parse(text).error).toMatchObject({
      type: "invalid_request_error",
      code: "payload_too_large",
    });
  });

  it("takes tool results, assistant tool calls without content, and images as data URLs", async () => {
    const { response, text } = await post("/v1/chat/completions", {
      model: "llama3.2",
      messages: [
        { role: "developer", content: "Be brief." },
        {
          role: "user",
          content: [
            { type: "text", text: "What is in this picture, and the weather?" },
            { type: "image_url", image_url: { url: `data:image/png;base64,${PNG}` } },
          ],
        },
        {
          role: "assistant",
          content: null,
          tool_calls: [
            {
              id: "call_1",
              type: "function",
              function: { name: "get_weather", arguments: '{"city":"Lund"}' },
            },
          ],
        },
        { role: "tool", tool_call_id: "call_1", content: "18 degrees" },
      ],
    });
    expect(response.status).toBe(200);
    expect(JSON.parse(text).choices[0].message.content).toBe("The get_weather tool says: 18 degrees.");
    expect((await lastOllamaBody()).messages).toEqual([
      { role: "system", content: "Be brief." },
      { role: "user", content: "What is in this picture, and the weather?", images: [PNG] },
      {
        role: "assistant",
        content: "",
        tool_calls: [{ id: "call_1", function: { name: "get_weather", arguments: { city: "Lund" } } }],
      },
      { role: "tool", content: "18 degrees", tool_call_id: "call_1", tool_name: "get_weather" },
    ]);
  });
});

describe("/v1 streams arrive chunk by chunk, gzip accepted", () => {
  const cases: [path: string, body: object, isChunk: (event: MeasuredEvent) => boolean][] = [
    [
      "/v1/chat/completions",
      { model: "llama3.2", stream: true, messages: [{ role: "user", content: "Stream me" }] },
      (e) =>
        Boolean((e.data as { choices?: { delta?: { content?: string } }[] })?.choices?.[0]?.delta?.content),
    ],
    [
      "/v1/completions",
      { model: "llama3.2", stream: true, prompt: "Stream me" },
      (e) => Boolean((e.data as { choices?: { text?: string }[] })?.choices?.[0]?.text),
    ],
    [
      "/v1/responses",
      { model: "llama3.2", stream: true, input: "Stream me" },
      (e) => e.event === "response.output_text.delta",
    ],
  ];
  for (const [path, body, isChunk] of cases) {
    it(path, async () => {
      const measurement = await measureStream({ url: `${app.url}${path}`, body, acceptEncoding: "gzip" });
      const analysis = analyzeArrivals({ events: measurement.events, isChunk });
      console.log(
        `${path}: ${analysis.totalChunks} chunks in ${analysis.readsWithChunks} reads, avg gap ${analysis.avgGapMs.toFixed(1)} ms`,
      );
      expect(measurement.headers["x-accel-buffering"]).toBe("no");
      expect(analysis.totalChunks).toBe(TOKENS);
      expect(analysis.readsWithChunks).toBeGreaterThanOrEqual(TOKENS - 3);
      expect(analysis.avgGapMs).toBeLessThan(500);
    });
  }
});

describe("CORS for the origins in LUMIA_CORS_ORIGINS", () => {
  const preflight = (path: string, origin: string) =>
    fetch(`${app.url}${path}`, {
      method: "OPTIONS",
      headers: {
        origin,
        "access-control-request-method": "POST",
        "access-control-request-headers": "authorization, content-type, x-stainless-os",
      },
    });

  for (const path of [
    "/v1/chat/completions",
    "/v1/responses",
    "/chat/stream",
    "/api/memory/chat/fast",
    "/threads/t1/chat/stream",
  ]) {
    it(`${path}: a preflight from an allowed origin is a 204 with the methods and headers`, async () => {
      const response = await preflight(path, ORIGIN);
      expect(response.status).toBe(204);
      expect(response.headers.get("access-control-allow-origin")).toBe(ORIGIN);
      expect(response.headers.get("access-control-allow-credentials")).toBe("true");
      expect(response.headers.get("access-control-allow-methods")).toContain("POST");
      expect(response.headers.get("access-control-allow-headers")).toBe(
        "authorization, content-type, x-stainless-os",
      );
      expect(Number(response.headers.get("access-control-max-age"))).toBeGreaterThan(0);
      const refused = await preflight(path, "https://evil.example.com");
      expect(refused.headers.get("access-control-allow-origin")).toBeNull();
    });
  }

  it("answers an allowed origin's streams and errors with its CORS headers, never a wildcard", async () => {
    for (const path of ["/v1/chat/completions", "/chat/stream", "/api/chat/stream"]) {
      const body = path.startsWith("/v1")
        ? { model: "llama3.2", stream: true, messages: [{ role: "user", content: "Hi" }] }
        : { message: "Hi" };
      const ok = await post(path, body, { origin: "http://localhost:5173" });
      expect(ok.response.status, path).toBe(200);
      expect(ok.response.headers.get("access-control-allow-origin"), path).toBe("http://localhost:5173");
      expect(ok.response.headers.get("vary"), path).toMatch(/Origin/);
      const failed = await post(path, { model: "nope" }, { origin: ORIGIN });
      expect(failed.response.status, path).toBe(400);
      expect(failed.response.headers.get("access-control-allow-origin"), path).toBe(ORIGIN);
      const foreign = await post(path, body, { origin: "https://evil.example.com" });
      expect(foreign.response.headers.get("access-control-allow-origin"), path).toBeNull();
    }
  });
});

describe("a client that leaves aborts Ollama", () => {
  const cases: [label: string, path: string, body: (prompt: string) => object][] = [
    [
      "a stream",
      "/v1/chat/completions",
      (prompt) => ({ stream: true, messages: [{ role: "user", content: prompt }] }),
    ],
    [
      "a whole answer (stream: false)",
      "/v1/chat/completions",
      (prompt) => ({ messages: [{ role: "user", content: prompt }] }),
    ],
    ["a whole response", "/v1/responses", (prompt) => ({ input: prompt })],
    ["a whole completion", "/v1/completions", (prompt) => ({ prompt })],
  ];
  for (const [label, path, body] of cases) {
    it(`${label} on ${path}`, async () => {
      await emulator.reset();
      const controller = new AbortController();
      const request = fetch(`${app.url}${path}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          model: "llama3.2",
          ...body('Long [[emu {"replyTokens":200,"tokenIntervalMs":20}]]'),
        }),
        signal: controller.signal,
      }).then((response) => response.text());
      await waitFor(async () => ((await emulator.stats()).generationsStarted > 0 ? true : undefined));
      await new Promise((resolve) => setTimeout(resolve, 150));
      const leftAt = Date.now();
      controller.abort();
      await request.catch(() => {});
      const abandoned = await waitFor(async () => (await emulator.stats()).abandoned[0]);
      expect(abandoned.at - leftAt).toBeLessThan(500);
      expect(abandoned.tokensSent).toBeLessThan(200);
    });
  }
});
