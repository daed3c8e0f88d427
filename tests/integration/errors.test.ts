import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { measureStream } from "@/lib/stream-check/measure-stream";
import { type AppServer, startApp } from "../helpers/app-server";
import type { EmulatorProcess } from "../helpers/emulator-process";
import { freePort } from "../helpers/free-port";
import { withLumiaStack } from "../helpers/lumia-stack";

let emulator: EmulatorProcess;
let app: AppServer;

withLumiaStack({
  emulator: { tokenIntervalMs: 10, firstTokenDelayMs: 20, replyTokens: 20 },
  env: { LUMIA_STALL_TIMEOUT_MS: "800", LUMIA_HEARTBEAT_MS: "200" },
  ready: (stack) => ({ emulator, app } = stack),
});

async function post(path: string, body: string | object) {
  const response = await fetch(`${app.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return { status: response.status, type: response.headers.get("content-type"), body: await response.json() };
}

describe("errors known before the stream starts are JSON with a fitting status", () => {
  it("malformed JSON is a 400 invalid_request", async () => {
    const result = await post("/chat/stream", "{not json");
    expect(result.status).toBe(400);
    expect(result.type).toMatch(/application\/json/);
    expect(result.body).toEqual({ error: expect.stringMatching(/not valid JSON/), code: "invalid_request" });
  });

  it("a wrong shape is a 400 that says what was wrong", async () => {
    const result = await post("/chat/stream", { message: 42, history: [{ role: "robot", content: "x" }] });
    expect(result.status).toBe(400);
    expect(result.body.code).toBe("invalid_request");
    expect(result.body.error).toMatch(/message/);
    expect(result.body.error).toMatch(/history\.0\.role/);
  });

  it("a message over 32,000 characters is a 413", async () => {
    const result = await post("/chat/stream", { message: "a".repeat(32_001) });
    expect(result.status).toBe(413);
    expect(result.body.code).toBe("payload_too_large");
    expect(result.body.error).toMatch(/32000/);
  });

  it("a body over 1 MB is a 413", async () => {
    const history = Array.from({ length: 40 }, () => ({ role: "user", content: "b".repeat(30_000) }));
    const result = await post("/chat/stream", { message: "hi", history });
    expect(result.status).toBe(413);
    expect(result.body.code).toBe("payload_too_large");
  });

  it("a model that is not installed is a 404 naming the model and ollama pull", async () => {
    const result = await post("/chat/stream", { message: "hi", model: "mistral-nonexistent" });
    expect(result.status).toBe(404);
    expect(result.body.code).toBe("model_not_found");
    expect(result.body.error).toContain("mistral-nonexistent");
    expect(result.body.error).toContain("ollama pull mistral-nonexistent");
  });

  it("an installed model may be named without its :latest tag", async () => {
    const measurement = await measureStream({
      url: `${app.url}/chat/stream`,
      body: { message: "hi", model: "llama3.2" },
    });
    expect(measurement.status).toBe(200);
    expect(measurement.events.at(-1)?.event).toBe("done");
  });
});

describe("Ollama failing after the stream started ends it with an error event", () => {
  async function streamWithFault(fault: string) {
    const directive = `[[emu {"fault":"${fault}","faultAfterTokens":3}]]`;
    return measureStream({
      url: `${app.url}/chat/stream`,
      body: { message: `Tell me ${directive}` },
      timeoutMs: 10_000,
    });
  }

  it("an error line mid-stream becomes event: error, after the partial text", async () => {
    const measurement = await streamWithFault("error-mid");
    const names = measurement.events.map((e) => e.event);
    expect(names[0]).toBe("start");
    expect(names.filter((n) => n === "message")).toHaveLength(3);
    expect(names.at(-1)).toBe("error");
    expect(measurement.events.at(-1)?.data).toMatchObject({
      code: "ollama_error",
      error: expect.any(String),
    });
    expect(measurement.error).toBeUndefined();
  });

  it("a dropped connection becomes event: error, never a hung stream", async () => {
    const measurement = await streamWithFault("drop");
    expect(measurement.events.at(-1)?.event).toBe("error");
    expect(measurement.events.at(-1)?.data).toMatchObject({ code: "stream_interrupted" });
    expect(measurement.endedAt).toBeLessThan(5_000);
  });

  it("Ollama going silent mid-answer ends the stream with ollama_stalled and aborts the request", async () => {
    await emulator.reset();
    const measurement = await streamWithFault("stall");
    expect(measurement.events.filter((e) => e.event === "message")).toHaveLength(3);
    expect(measurement.events.at(-1)).toMatchObject({ event: "error", data: { code: "ollama_stalled" } });
    expect(measurement.endedAt).toBeLessThan(3_000);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await emulator.stats()).generationsAbandoned).toBe(1);
  });

  it("Ollama refusing before any byte (e.g. out of memory) is reported in the stream", async () => {
    const measurement = await streamWithFault("error-before");
    expect(measurement.status).toBe(200);
    expect(measurement.events[0]?.event).toBe("start");
    expect(measurement.events.at(-1)?.event).toBe("error");
    expect(measurement.events.at(-1)?.data).toMatchObject({ code: "ollama_error" });
  });
});

describe("when Ollama cannot be reached", () => {
  let lonely: AppServer;
  let deadHost: string;

  beforeAll(async () => {
    deadHost = `http://127.0.0.1:${await freePort()}`;
    lonely = await startApp({ ollamaHost: deadHost });
  });
  afterAll(async () => {
    await lonely?.stop();
  });

  it("chat is a 503 ollama_unreachable naming the host tried", async () => {
    const response = await fetch(`${lonely.url}/chat/stream`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ message: "hi" }),
    });
    expect(response.status).toBe(503);
    const body = await response.json();
    expect(body.code).toBe("ollama_unreachable");
    expect(body.error).toContain(deadHost);
  });

  it("the server still starts, and says so in the log and at /api/health", async () => {
    await lonely.waitForLog(/Ollama is not reachable at http:\/\/127\.0\.0\.1:\d+/);
    expect(lonely.logs()).toContain("ollama serve");
    const health = await (await fetch(`${lonely.url}/api/health`)).json();
    expect(health).toMatchObject({ ok: false, ollama: { reachable: false, version: null, host: deadHost } });
    expect(health.ollama.error).toContain("ollama serve");
  });

  it("/api/models is a 503 too", async () => {
    const response = await fetch(`${lonely.url}/api/models`);
    expect(response.status).toBe(503);
    expect((await response.json()).code).toBe("ollama_unreachable");
  });
});
