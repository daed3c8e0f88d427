import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { EmulatorConfigPatch } from "../../emulator/config";
import { type AppServer, startApp } from "../helpers/app-server";
import { type EmulatorProcess, spawnEmulator } from "../helpers/emulator-process";
import { chunkCount, chunkTexts, readSse, type SseEvent } from "../helpers/sse-reader";
import { waitFor } from "../helpers/wait-for";

// Two Ollama machines: both have llama3.2; qwen2.5 is only on A; mistral and the embedding model only on B.
const embedder = {
  name: "nomic-embed-text:latest",
  family: "nomic-bert",
  capabilities: ["embedding"],
  embeddingLength: 768,
};
const pace = { tokenIntervalMs: 20, firstTokenDelayMs: 50, replyTokens: 20 };
const configA: EmulatorConfigPatch = { ...pace, models: ["llama3.2:latest", "qwen2.5:0.5b"] };
const configB: EmulatorConfigPatch = { ...pace, models: ["llama3.2:latest", "mistral:latest", embedder] };

let a: EmulatorProcess;
let b: EmulatorProcess;
let app: AppServer;

beforeAll(async () => {
  [a, b] = await Promise.all([spawnEmulator({ config: configA }), spawnEmulator({ config: configB })]);
  app = await startApp({
    ollamaHost: `${a.url},${b.url}`,
    env: { LUMIA_STREAM_LOG: "off", LUMIA_MEMORY_EXTRACTION: "off" },
  });
});

afterAll(async () => {
  await app?.stop();
  await Promise.all([a?.stop(), b?.stop()]);
});

/** The chat requests an emulator got (each answer is one). */
async function chats(emulator: EmulatorProcess, path = "/api/chat"): Promise<number> {
  return (await emulator.stats()).requests.filter((r) => r.path === path).length;
}

/** Loads a model on one emulator directly, as another client of that Ollama would. */
async function loadOn(emulator: EmulatorProcess, model: string): Promise<void> {
  const response = await fetch(`${emulator.url}/api/chat`, {
    method: "POST",
    body: JSON.stringify({
      model,
      messages: [{ role: "user", content: "hi" }],
      stream: false,
      keep_alive: "10m",
    }),
  });
  expect(response.status).toBe(200);
  await response.json();
}

/** /api/models asks every host now: Lumia's routing then knows what is loaded where. */
async function models(): Promise<{ name: string; warm: boolean; loaded: boolean; hosts: string[] }[]> {
  const response = await fetch(`${app.url}/api/models`);
  expect(response.status).toBe(200);
  return (await response.json()).models;
}

const ask = (body: object) => readSse({ url: `${app.url}/chat/stream`, body: { message: "Hello", ...body } });

const lastEvent = (events: SseEvent[]) => events.at(-1)?.event;

/** How often Lumia logged that a host failed before answering. */
const failoverLines = () => app.logs().match(/failed before answering; trying the next host/g)?.length ?? 0;

describe("several Ollama hosts in OLLAMA_HOST", () => {
  beforeEach(async () => {
    await Promise.all([a.reset(), b.reset()]);
    await models();
  });

  it("an answer goes to the host that has its model (chat, generate and embeddings)", async () => {
    const qwen = await ask({ model: "qwen2.5:0.5b" });
    expect(lastEvent(qwen.events)).toBe("done");
    const mistral = await ask({ model: "mistral" });
    expect(lastEvent(mistral.events)).toBe("done");
    expect([await chats(a), await chats(b)]).toEqual([1, 1]);
    expect((await a.stats()).requests.find((r) => r.path === "/api/chat")?.body).toMatchObject({
      model: "qwen2.5:0.5b",
    });

    const completion = await fetch(`${app.url}/v1/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model: "mistral", prompt: "Once upon a time" }),
    });
    expect(completion.status).toBe(200);
    expect(await chats(b, "/api/generate")).toBe(1);

    const embedding = await fetch(`${app.url}/v1/embeddings`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model: "nomic-embed-text", input: "hello" }),
    });
    expect(embedding.status).toBe(200);
    expect((await embedding.json()).data[0].embedding).toHaveLength(768);
    expect(await chats(b, "/api/embed")).toBe(1);
    expect(await chats(a, "/api/embed")).toBe(0);
  });

  it("a model no host has is still the 404 model_not_found", async () => {
    const response = await fetch(`${app.url}/chat/stream`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ message: "hi", model: "gemma3:1b" }),
    });
    expect(response.status).toBe(404);
    expect((await response.json()).code).toBe("model_not_found");
  });

  it("prefers the host where the model is already loaded", async () => {
    await loadOn(b, "llama3.2:latest");
    const listed = await models();
    expect(listed.find((m) => m.name === "llama3.2:latest")).toMatchObject({ warm: true });
    for (let i = 0; i < 3; i++) expect(lastEvent((await ask({ model: "llama3.2" })).events)).toBe("done");
    // Without the preference A would win every tie (it comes first in OLLAMA_HOST).
    expect([await chats(a), await chats(b)]).toEqual([0, 3 + 1]);
  });

  it("spreads concurrent answers over equally warm hosts, the least busy first", async () => {
    await Promise.all([loadOn(a, "llama3.2:latest"), loadOn(b, "llama3.2:latest")]);
    await models();
    const long = `Tell me a story [[emu {"replyTokens": 40}]]`;
    const reads = await Promise.all(
      Array.from({ length: 6 }, () => ask({ model: "llama3.2", message: long })),
    );
    for (const read of reads) expect(lastEvent(read.events)).toBe("done");
    // The direct loads were one request each.
    expect([await chats(a), await chats(b)]).toEqual([1 + 3, 1 + 3]);
  });

  it("a host whose queue is full hands the answer to the next one before any token", async () => {
    await loadOn(a, "llama3.2:latest");
    await models();
    await a.configure({ maxQueue: 1 });
    // Another client of A's Ollama fills its queue.
    const other = new AbortController();
    const busy = await fetch(`${a.url}/api/chat`, {
      method: "POST",
      body: JSON.stringify({
        model: "llama3.2",
        messages: [{ role: "user", content: '[[emu {"replyTokens": 500}]]' }],
      }),
      signal: other.signal,
    });
    expect(busy.status).toBe(200);
    const failovers = failoverLines();
    const read = await ask({ model: "llama3.2" });
    other.abort();
    expect(lastEvent(read.events)).toBe("done");
    expect(chunkCount(read.events)).toBe(20);
    expect(await chats(b)).toBe(1);
    expect(failoverLines()).toBe(failovers + 1);
  });

  it("/api/models merges the hosts' models with the hosts that have each and warm or cold", async () => {
    await loadOn(b, "mistral:latest");
    const listed = await models();
    const byName = new Map(listed.map((m) => [m.name, m]));
    expect(byName.get("llama3.2:latest")).toMatchObject({
      warm: false,
      loaded: false,
      hosts: [a.url, b.url],
    });
    expect(byName.get("qwen2.5:0.5b")).toMatchObject({ warm: false, hosts: [a.url] });
    expect(byName.get("mistral:latest")).toMatchObject({ warm: true, loaded: true, hosts: [b.url] });
    expect(listed.filter((m) => m.name === "llama3.2:latest")).toHaveLength(1);
  });

  it("/api/health lists every host with its version and loaded models", async () => {
    await loadOn(a, "qwen2.5:0.5b");
    const health = await (await fetch(`${app.url}/api/health`)).json();
    expect(health).toMatchObject({
      ok: true,
      ollama: {
        reachable: true,
        host: `${a.url}, ${b.url}`,
        hosts: [
          { url: a.url, reachable: true, version: expect.any(String), loaded: ["qwen2.5:0.5b"] },
          { url: b.url, reachable: true, version: expect.any(String), loaded: [] },
        ],
      },
    });
  });
});

describe("model management over several hosts", () => {
  const post = (path: string, body: unknown) =>
    fetch(`${app.url}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
  const tags = async (emulator: EmulatorProcess) =>
    ((await (await fetch(`${emulator.url}/api/tags`)).json()) as { models: { name: string }[] }).models.map(
      (m) => m.name,
    );
  const loaded = async (emulator: EmulatorProcess) =>
    ((await (await fetch(`${emulator.url}/api/ps`)).json()) as { models: { name: string }[] }).models.map(
      (m) => m.name,
    );

  it("unload frees the model on every host; a pull goes to one host, and delete removes it wherever it is", async () => {
    await Promise.all([a.reset(), b.reset()]);
    await Promise.all([loadOn(a, "llama3.2:latest"), loadOn(b, "llama3.2:latest")]);
    expect((await post("/api/models/unload", { model: "llama3.2" })).status).toBeLessThan(300);
    expect([await loaded(a), await loaded(b)]).toEqual([[], []]);

    expect((await post("/api/models/pulls", { model: "gemma3:1b" })).status).toBe(202);
    await waitFor(async () => {
      const { pulls } = (await (await fetch(`${app.url}/api/models/pulls`)).json()) as {
        pulls: { model: string; state: string }[];
      };
      const job = pulls.find((p) => p.model === "gemma3:1b");
      return job?.state === "done" ? job : undefined;
    }, 20_000);
    const having = [(await tags(a)).includes("gemma3:1b"), (await tags(b)).includes("gemma3:1b")];
    expect(having.filter(Boolean)).toHaveLength(1);

    expect((await post("/api/models/delete", { model: "gemma3:1b" })).status).toBeLessThan(300);
    expect([(await tags(a)).includes("gemma3:1b"), (await tags(b)).includes("gemma3:1b")]).toEqual([
      false,
      false,
    ]);
    expect((await post("/api/models/delete", { model: "gemma3:1b" })).status).toBe(404);
  });
});

describe("a host that goes away", () => {
  it("before the first token: the answer comes from the next host, soon", async () => {
    await Promise.all([a.reset(), b.reset()]);
    // A is the host of choice: the model is loaded there only.
    await loadOn(a, "llama3.2:latest");
    expect((await models()).find((m) => m.name === "llama3.2:latest")?.hosts).toEqual([a.url, b.url]);
    await a.stop();
    const failovers = failoverLines();
    const sent = Date.now();
    const read = await ask({ model: "llama3.2" });
    expect(lastEvent(read.events)).toBe("done");
    expect(chunkCount(read.events)).toBe(20);
    const firstText = read.events.find((e) => !e.event && e.data.startsWith('{"chunk"'));
    const timeToFirstText = (firstText?.at ?? Number.POSITIVE_INFINITY) - sent;
    console.log(`failover: first text after ${timeToFirstText} ms`);
    // The emulator's own first token takes 50 ms; a refused connection costs a few more.
    expect(timeToFirstText).toBeLessThan(1_000);
    expect(app.logs()).toContain(`Ollama at ${a.url} failed before answering; trying the next host.`);
    expect(await chats(b)).toBe(1);
    // A is now known to be down: the next answer goes to B without trying A.
    expect(lastEvent((await ask({ model: "llama3.2" })).events)).toBe("done");
    expect(failoverLines()).toBe(failovers + 1);
    const health = await (await fetch(`${app.url}/api/health`)).json();
    expect(health.ok).toBe(true);
    expect(health.ollama.hosts[0]).toMatchObject({ url: a.url, reachable: false, error: expect.any(String) });
  });

  it("mid-answer: the thread answer ends with an error event and keeps its partial text", async () => {
    const thread = await (
      await fetch(`${app.url}/api/threads`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: "{}",
      })
    ).json();
    let killed = false;
    const read = await readSse({
      url: `${app.url}/threads/${thread.id}/chat/stream`,
      body: { message: 'Tell me a long story [[emu {"replyTokens": 200}]]', model: "mistral" },
      stopWhen: (events) => {
        if (!killed && chunkCount(events) >= 5) {
          killed = true;
          void b.stop();
        }
        return false;
      },
    });
    expect(killed).toBe(true);
    expect(lastEvent(read.events)).toBe("error");
    const partial = chunkTexts(read.events).join("");
    expect(chunkCount(read.events)).toBeLessThan(200);
    const answer = await waitFor(async () => {
      const { messages } = await (await fetch(`${app.url}/api/threads/${thread.id}`)).json();
      const last = messages.at(-1) as { role: string; status: string; content: string };
      return last.role === "assistant" && last.status !== "streaming" ? last : undefined;
    });
    expect(answer.status).toBe("error");
    expect(answer.content).toBe(partial);
    expect(partial.length).toBeGreaterThan(0);
  });
});
