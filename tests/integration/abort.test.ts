import http from "node:http";
import { beforeEach, describe, expect, it } from "vitest";
import type { AppServer } from "../helpers/app-server";
import type { EmulatorProcess } from "../helpers/emulator-process";
import { withLumiaStack } from "../helpers/lumia-stack";
import { waitFor } from "../helpers/wait-for";

let emulator: EmulatorProcess;
let app: AppServer;

withLumiaStack({
  emulator: { tokenIntervalMs: 50, firstTokenDelayMs: 100, replyTokens: 200 },
  ready: (stack) => ({ emulator, app } = stack),
});

beforeEach(async () => {
  await emulator.reset();
});

/** Opens a stream, waits until `until` says so, then drops the connection; returns when it dropped. */
function streamThenDisconnect({
  path,
  body,
  until,
}: {
  path: string;
  body: object;
  until: (text: string) => boolean;
}) {
  return new Promise<number>((resolve, reject) => {
    const request = http.request(`${app.url}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
    });
    let text = "";
    request.on("response", (response) => {
      response.on("data", (data: Buffer) => {
        text += data.toString();
        if (until(text)) {
          const at = Date.now();
          request.destroy();
          resolve(at);
        }
      });
    });
    request.on("error", (error) => {
      if (!request.destroyed) reject(error);
    });
    request.end(JSON.stringify(body));
  });
}

describe("a client that disconnects aborts the Ollama request at once", () => {
  it("mid-answer: the emulator sees the generation abandoned within 100 ms", async () => {
    const disconnectedAt = await streamThenDisconnect({
      path: "/chat/stream",
      body: { message: "Tell me a long story" },
      until: (text) => (text.match(/"chunk"/g)?.length ?? 0) >= 5,
    });
    const abandoned = await waitFor(async () => (await emulator.stats()).abandoned[0]);
    expect(abandoned.at - disconnectedAt).toBeLessThan(100);
    expect(abandoned.tokensSent).toBeLessThan(20);
    const stats = await emulator.stats();
    expect(stats.active).toBe(0);
    expect(stats.generationsCompleted).toBe(0);
    await app.waitForLog(/⏹️ \/chat\/stream model=llama3\.2 outcome=aborted/);
  });

  it("during model load, before Ollama sent any header", async () => {
    await emulator.configure({ firstTokenDelayMs: 2_000 });
    const disconnectedAt = await streamThenDisconnect({
      path: "/memory/chat/fast",
      body: { message: "Hello" },
      until: (text) => text.includes("event: start"),
    });
    const abandoned = await waitFor(async () => (await emulator.stats()).abandoned[0]);
    expect(abandoned.at - disconnectedAt).toBeLessThan(100);
    expect(abandoned.tokensSent).toBe(0);
  });
});
