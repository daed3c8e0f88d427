import { spawn } from "node:child_process";
import { connect } from "node:net";
import { describe, expect, it } from "vitest";
import { type AppServer, ROOT, startApp } from "../helpers/app-server";
import type { EmulatorProcess } from "../helpers/emulator-process";
import { withLumiaStack } from "../helpers/lumia-stack";
import { readSse } from "../helpers/sse-reader";

let emulator: EmulatorProcess;
let app: AppServer;

withLumiaStack({
  emulator: { tokenIntervalMs: 20, firstTokenDelayMs: 50, replyTokens: 20 },
  env: { LUMIA_STREAM_LOG: "off" },
  ready: (stack) => ({ emulator, app } = stack),
});

const json = { "content-type": "application/json" };

async function memoryCount(): Promise<number> {
  const { memories } = (await (await fetch(`${app.url}/api/memory`)).json()) as { memories: unknown[] };
  return memories.length;
}

describe("a page on another site cannot write to Lumia", () => {
  it("a text/plain or form body is refused with 415 and stores nothing", async () => {
    const before = await memoryCount();
    for (const type of [
      "text/plain",
      "application/x-www-form-urlencoded",
      "multipart/form-data; boundary=x",
    ]) {
      const response = await fetch(`${app.url}/api/memory`, {
        method: "POST",
        headers: { "content-type": type },
        body: '{"content":"Planted by a web page"}',
      });
      expect(response.status, type).toBe(415);
      expect(await response.json()).toMatchObject({ code: "unsupported_media_type" });
    }
    expect(await memoryCount()).toBe(before);
  });

  it("a cross-site request is 403 JSON on writes, streams and API reads", async () => {
    const before = await memoryCount();
    const crossSite = { ...json, "sec-fetch-site": "cross-site", origin: "http://evil.example" };
    const write = await fetch(`${app.url}/api/memory`, {
      method: "POST",
      headers: crossSite,
      body: JSON.stringify({ content: "Planted" }),
    });
    expect(write.status).toBe(403);
    expect(await write.json()).toMatchObject({ code: "cross_site_request" });
    const stream = await fetch(`${app.url}/chat/stream`, {
      method: "POST",
      headers: crossSite,
      body: JSON.stringify({ message: "hi" }),
    });
    expect(stream.status).toBe(403);
    const read = await fetch(`${app.url}/api/memory`, { headers: { "sec-fetch-site": "cross-site" } });
    expect(read.status).toBe(403);
    expect(await memoryCount()).toBe(before);
    expect((await emulator.stats()).generationsStarted).toBe(0);
  });

  it("a forged Host (DNS rebinding) is 421 on reads, writes and streams", async () => {
    for (const [method, path] of [
      ["GET", "/api/memory"],
      ["POST", "/api/threads"],
      ["POST", "/chat/stream"],
      ["GET", "/"],
    ] as const) {
      const status = await rawStatus({ method, path, host: "rebind.attacker.example:3000" });
      expect(status, `${method} ${path}`).toBe(421);
    }
    expect(await rawStatus({ method: "GET", path: "/api/health", host: `localhost:${app.port}` })).toBe(200);
  });
});

describe("security headers", () => {
  it("a page gets a CSP whose nonce is on every script Next wrote, and no framing", async () => {
    const response = await fetch(`${app.url}/`);
    const csp = response.headers.get("content-security-policy") ?? "";
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(csp).toContain("frame-ancestors 'none'");
    expect(response.headers.get("x-frame-options")).toBe("DENY");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("referrer-policy")).toBe("no-referrer");
    const html = await response.text();
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((match) => match[0]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const script of scripts) expect(script).toContain(`nonce="${nonce}"`);
    const again = await fetch(`${app.url}/`);
    expect(again.headers.get("content-security-policy")).not.toContain(`'nonce-${nonce}'`);
  });

  it("JSON and streams carry them too", async () => {
    const api = await fetch(`${app.url}/api/threads`);
    expect(api.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(api.headers.get("x-content-type-options")).toBe("nosniff");
    const stream = await readSse({ url: `${app.url}/chat/stream`, body: { message: "hi" } });
    expect(stream.headers["x-content-type-options"]).toBe("nosniff");
    expect(stream.headers["x-frame-options"]).toBe("DENY");
    expect(stream.headers["content-type"]).toContain("text/event-stream");
  });
});

describe("what Lumia tells about itself", () => {
  it("metrics are labelled by route, never by thread", async () => {
    const thread = (await (
      await fetch(`${app.url}/api/threads`, { method: "POST", headers: json, body: "{}" })
    ).json()) as { id: string };
    await readSse({ url: `${app.url}/threads/${thread.id}/chat/stream`, body: { message: "hi" } });
    const scrape = await (await fetch(`${app.url}/api/metrics`)).text();
    expect(scrape).not.toContain(thread.id);
    expect(scrape).toContain('endpoint="/threads/{id}/chat/stream"');
  });

  it("health details (Ollama's address and version) only for a client on this machine", async () => {
    const local = (await (await fetch(`${app.url}/api/health`)).json()) as {
      ollama: Record<string, unknown>;
    };
    expect(local.ollama).toMatchObject({ reachable: true, host: emulator.url, version: expect.any(String) });
    const proxied = await (
      await fetch(`${app.url}/api/health`, { headers: { "x-forwarded-for": "203.0.113.9" } })
    ).json();
    expect(proxied).toEqual({ ok: true, ollama: { reachable: true }, database: { ok: true } });
  });
});

describe("slow clients", () => {
  it("half-sent bodies are cut at the request timeout, while a stream outlives it", async () => {
    const slow = await startApp({
      ollamaHost: emulator.url,
      env: { LUMIA_REQUEST_TIMEOUT_MS: "1500", LUMIA_STREAM_LOG: "off" },
    });
    try {
      const started = Date.now();
      const closed = Array.from({ length: 20 }, () => halfSentBody({ port: slow.port }));
      const stream = readSse({
        url: `${slow.url}/chat/stream`,
        body: { message: 'A long one [[emu {"replyTokens": 100, "tokenIntervalMs": 30}]]' },
      });
      const results = await Promise.all(closed);
      const heldFor = Math.max(...results.map((r) => r.closedAt)) - started;
      console.log(`[security] 20 half-sent bodies: all closed after ${heldFor} ms (timeout 1500 ms)`);
      expect(heldFor).toBeLessThan(4_000);
      expect(results.every((r) => r.response.startsWith("HTTP/1.1 408"))).toBe(true);
      const read = await stream;
      expect(read.events.at(-1)?.event).toBe("done");
      expect(Date.now() - started).toBeGreaterThan(2_500);
    } finally {
      await slow.stop();
    }
  });
});

describe("start-up", () => {
  it("refuses to listen beyond this machine without authentication, and says how to turn it on", async () => {
    const child = spawn(process.execPath, ["scripts/start.mjs"], {
      cwd: ROOT,
      env: { ...process.env, HOST: "0.0.0.0", PORT: "0", LUMIA_SKIP_BUILD: "1", LUMIA_AUTH: "off" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout?.on("data", (data: Buffer) => {
      output += data.toString();
    });
    child.stderr?.on("data", (data: Buffer) => {
      output += data.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    expect(code).toBe(1);
    expect(output).toContain("will not listen on 0.0.0.0 without authentication");
    expect(output).toContain("LUMIA_AUTH=on");
  });
});

/** A request's status, sent over a raw socket so that any Host can be claimed. */
function rawStatus({ method, path, host }: { method: string; path: string; host: string }): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = connect(app.port, "127.0.0.1");
    let received = "";
    socket.on("data", (data) => {
      received += data.toString();
      const status = /^HTTP\/1\.1 (\d{3})/.exec(received);
      if (status) {
        socket.destroy();
        resolve(Number(status[1]));
      }
    });
    socket.on("error", reject);
    const body = method === "POST" ? '{"message":"hi"}' : "";
    socket.write(
      `${method} ${path} HTTP/1.1\r\nHost: ${host}\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\n\r\n${body}`,
    );
  });
}

/** Sends the headers and a tenth of a body, then nothing: resolves with what came back and when it closed. */
function halfSentBody({ port }: { port: number }): Promise<{ response: string; closedAt: number }> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    let response = "";
    socket.on("data", (data) => {
      response += data.toString();
    });
    socket.on("error", () => {});
    socket.on("close", () => resolve({ response, closedAt: Date.now() }));
    socket.write(
      `POST /api/memory HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{"content":`,
    );
  });
}
