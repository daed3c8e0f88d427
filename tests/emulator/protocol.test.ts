import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../../emulator/server";

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ config: { tokenIntervalMs: 1, firstTokenDelayMs: 1 } });
});
afterAll(() => emulator.close());
beforeEach(() => emulator.reset());

const post = (path: string, body: unknown) =>
  fetch(`${emulator.url}${path}`, {
    method: "POST",
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
// Response.json() is untyped: these tests check the shapes themselves.
const getJson = (path: string) => fetch(`${emulator.url}${path}`).then((res) => res.json());
const cosine = (a: number[], b: number[]) => a.reduce((sum, value, i) => sum + value * (b[i] ?? 0), 0);

describe("server basics", () => {
  it("answers GET and HEAD / with 'Ollama is running'", async () => {
    const get = await fetch(emulator.url);
    expect(get.status).toBe(200);
    expect(await get.text()).toBe("Ollama is running");
    const head = await fetch(emulator.url, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe("");
  });

  it("reports a 0.x.y version", async () => {
    expect((await getJson("/api/version")).version).toMatch(/^0\.\d+\.\d+$/);
  });

  it("answers unknown paths with Go's plain 404 and wrong methods with 405", async () => {
    const missing = await fetch(`${emulator.url}/api/nope`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(await missing.text()).toBe("404 page not found");
    expect((await fetch(`${emulator.url}/api/chat`)).status).toBe(405);
    expect((await post("/api/tags", {})).status).toBe(405);
  });
});

describe("request errors", () => {
  it.each([
    ["an empty body", "", "missing request body"],
    ["invalid JSON", "{nope", /invalid request body/],
    ["no model", { messages: [] }, "model is required"],
  ])("rejects %s with 400", async (_, body, error) => {
    for (const path of ["/api/chat", "/api/generate", "/api/embed", "/api/show"]) {
      const res = await post(path, body);
      expect(res.status, path).toBe(400);
      expect((await res.json()).error, path).toMatch(error);
    }
  });

  it("answers an unknown model with 404 and Ollama's message", async () => {
    const res = await post("/api/chat", { model: "foo", messages: [{ role: "user", content: "Hi" }] });
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(await res.json()).toEqual({ error: "model 'foo' not found" });
    expect((await post("/api/generate", { model: "foo:1b", prompt: "x" })).status).toBe(404);
  });

  it("refuses to chat with an embedding model", async () => {
    const res = await post("/api/chat", {
      model: "nomic-embed-text",
      messages: [{ role: "user", content: "x" }],
    });
    expect(res.status).toBe(400);
    expect((await res.json()).error).toBe('"nomic-embed-text" does not support chat');
  });
});

describe("model endpoints", () => {
  it("lists the installed models in /api/tags", async () => {
    const { models } = await getJson("/api/tags");
    expect(models.map((m: { name: string }) => m.name)).toEqual([
      "llama3.2:latest",
      "qwen2.5:0.5b",
      "nomic-embed-text:latest",
    ]);
    expect(models[0]).toMatchObject({
      model: "llama3.2:latest",
      size: expect.any(Number),
      digest: expect.stringMatching(/^[0-9a-f]{64}$/),
      modified_at: expect.any(String),
      details: {
        parent_model: "",
        format: "gguf",
        family: "llama",
        families: ["llama"],
        parameter_size: "3.2B",
        quantization_level: "Q4_K_M",
      },
    });
    expect(models[2].details).toMatchObject({
      family: "nomic-bert",
      parameter_size: "137M",
      quantization_level: "F16",
    });
  });

  it("uses the configured model list", async () => {
    emulator.configure({ models: ["mistral:7b", { name: "tiny", family: "qwen2", parameterSize: "0.5B" }] });
    const { models } = await getJson("/api/tags");
    expect(models.map((m: { name: string }) => m.name)).toEqual(["mistral:7b", "tiny"]);
    expect((await post("/api/chat", { model: "llama3.2", messages: [] })).status).toBe(404);
    expect((await post("/api/chat", { model: "tiny:latest", messages: [] })).status).toBe(200);
  });

  it("shows a model's details and capabilities, 404 for unknown", async () => {
    const llama = await (await post("/api/show", { model: "llama3.2" })).json();
    expect(Object.keys(llama)).toEqual(
      expect.arrayContaining([
        "modelfile",
        "parameters",
        "template",
        "details",
        "model_info",
        "capabilities",
      ]),
    );
    expect(llama.capabilities).toEqual(["completion", "tools"]);
    expect(llama.model_info["general.architecture"]).toBe("llama");
    const nomic = await (await post("/api/show", { model: "nomic-embed-text" })).json();
    expect(nomic.capabilities).toEqual(["embedding"]);
    const missing = await post("/api/show", { model: "foo" });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: "model 'foo' not found" });
  });

  it("lists a model in /api/ps only after it has been used", async () => {
    expect((await getJson("/api/ps")).models).toEqual([]);
    await post("/api/embed", { model: "nomic-embed-text", input: "hello" });
    const { models } = await getJson("/api/ps");
    expect(models).toHaveLength(1);
    expect(models[0]).toMatchObject({
      name: "nomic-embed-text:latest",
      size_vram: expect.any(Number),
      context_length: 2048,
      details: { family: "nomic-bert" },
    });
    expect(Number.isNaN(Date.parse(models[0].expires_at))).toBe(false);
  });
});

describe("embeddings", () => {
  it("returns one normalised 768-dimension vector per input", async () => {
    const res = await post("/api/embed", {
      model: "nomic-embed-text",
      input: [
        "I live in Stockholm",
        "Where does the user live?",
        "I live in Stockholm",
        "Bananas are yellow",
      ],
    });
    const body = await res.json();
    expect(body).toMatchObject({
      model: "nomic-embed-text",
      total_duration: expect.any(Number),
      load_duration: expect.any(Number),
      prompt_eval_count: expect.any(Number),
    });
    const [a = [], b = [], same = [], other = []] = body.embeddings as number[][];
    expect(a).toHaveLength(768);
    expect(cosine(a, a)).toBeCloseTo(1, 10);
    expect(cosine(a, same)).toBeCloseTo(1, 10);
    expect(cosine(a, b)).toBeGreaterThan(0);
    expect(cosine(a, b)).toBeGreaterThan(cosine(a, other));
  });

  it("accepts a single string input and the legacy /api/embeddings", async () => {
    const single = await (await post("/api/embed", { model: "nomic-embed-text", input: "hello" })).json();
    expect(single.embeddings).toHaveLength(1);
    const legacy = await (
      await post("/api/embeddings", { model: "nomic-embed-text", prompt: "hello" })
    ).json();
    expect(legacy.embedding).toEqual(single.embeddings[0]);
  });
});

describe("control endpoints", () => {
  it("merge config, reset to the startup config and report stats with request bodies", async () => {
    const configured = await (await post("/_emulator/config", { replyTokens: 2 })).json();
    expect(configured).toMatchObject({ replyTokens: 2, tokenIntervalMs: 1 });
    const chat = {
      model: "llama3.2",
      messages: [
        { role: "system", content: "Be kind." },
        { role: "user", content: "Hi" },
      ],
    };
    await (await post("/api/chat", chat)).text();

    const stats = await getJson("/_emulator/stats");
    expect(stats).toMatchObject({ generationsStarted: 1, generationsCompleted: 1, active: 0 });
    expect(stats.requests).toEqual([{ path: "/api/chat", at: expect.any(Number), body: chat }]);

    const reset = await (await post("/_emulator/reset", {})).json();
    expect(reset).toMatchObject({ replyTokens: null, tokenIntervalMs: 1 });
    expect((await getJson("/_emulator/stats")).requests).toEqual([]);
  });

  it("rejects an unknown config key", async () => {
    const res = await post("/_emulator/config", { tokenInterval: 3 });
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatch(/tokenInterval/);
    expect(() => emulator.configure({ fault: "explode" } as never)).toThrow();
  });
});
