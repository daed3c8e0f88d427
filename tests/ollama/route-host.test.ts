import { type ChildProcess, spawn } from "node:child_process";
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SourceEvent } from "@/lib/stream/events";
import { type Emulator, startEmulator } from "../../emulator/server";

/**
 * A host that accepts no connection, like a machine that is down and drops packets: a listener with a
 * one-place accept queue in a stopped process, the queue filled. A connection attempt then waits (the
 * kernel drops the SYN) instead of being refused.
 */
async function startBlackHole(): Promise<{ url: string; stop: () => void }> {
  const child: ChildProcess = spawn(
    process.execPath,
    [
      "-e",
      "const s = require('net').createServer(() => {});" +
        "s.listen({ port: 0, host: '127.0.0.1', backlog: 1 }, () => console.log(s.address().port));",
    ],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  const port = await new Promise<number>((resolve) =>
    child.stdout?.once("data", (data: Buffer) => resolve(Number(String(data).trim()))),
  );
  child.kill("SIGSTOP");
  const fillers: net.Socket[] = [];
  for (let i = 0; i < 10; i++) {
    const socket = net.connect(port, "127.0.0.1");
    fillers.push(socket);
    socket.on("error", () => {});
    const connected = await new Promise<boolean>((resolve) => {
      socket.once("connect", () => resolve(true));
      setTimeout(() => resolve(false), 300);
    });
    if (!connected) break;
  }
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () => {
      for (const socket of fillers) socket.destroy();
      child.kill("SIGKILL");
    },
  };
}

let blackHole: { url: string; stop: () => void };
let emulator: Emulator;

beforeAll(async () => {
  blackHole = await startBlackHole();
  emulator = await startEmulator({ config: { tokenIntervalMs: 5, firstTokenDelayMs: 10, replyTokens: 5 } });
  // getEnv() reads OLLAMA_HOST once, lazily: set before the first use. The black hole comes first.
  process.env.OLLAMA_HOST = `${blackHole.url},${emulator.url}`;
  (globalThis as { lumiaOllamaHosts?: unknown }).lumiaOllamaHosts = undefined;
});

afterAll(async () => {
  blackHole?.stop();
  await emulator?.close();
});

describe("routing an answer over several hosts", () => {
  it("a host that does not accept the connection hands the answer on after the connect timeout", async () => {
    const { hostStates } = await import("@/lib/ollama/host-pool");
    const { ollamaChatSource } = await import("@/lib/ollama/chat-source");
    const [hole, good] = hostStates();
    // As a probe a moment before the machine went down would have left it: reachable, the model loaded.
    Object.assign(hole as object, {
      reachable: true,
      installed: [{ name: "llama3.2:latest" }],
      loaded: [{ name: "llama3.2:latest" }],
      checkedAt: Date.now() + 60_000,
    });
    Object.assign(good as object, {
      reachable: true,
      installed: [{ name: "llama3.2:latest" }],
      checkedAt: Date.now() + 60_000,
    });
    const events: SourceEvent[] = [];
    const started = Date.now();
    await ollamaChatSource({ model: "llama3.2", messages: [{ role: "user", content: "Hi" }] })(
      new AbortController().signal,
      (event) => events.push(event),
    );
    const took = Date.now() - started;
    expect(events.filter((e) => e.type === "text")).toHaveLength(5);
    expect(events.at(-1)?.type).toBe("finish");
    // The connect timeout is 5 s: not the two minutes the OS would wait.
    expect(took).toBeGreaterThanOrEqual(4_900);
    expect(took).toBeLessThan(7_000);
    expect(hole?.reachable).toBe(false);
    expect(hole?.active).toBe(0);
    expect(good?.active).toBe(0);
    expect(emulator.stats().generationsCompleted).toBe(1);
  });
});
