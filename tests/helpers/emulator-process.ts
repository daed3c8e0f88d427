import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";
import type { EmulatorConfigPatch } from "../../emulator/config";
import type { EmulatorStats } from "../../emulator/stats";

/** An emulator running in its own process, controlled over HTTP. */
export interface EmulatorProcess {
  /** Base URL to give the app as OLLAMA_HOST. */
  url: string;
  /** Merges a partial config into the live one. */
  configure(patch: EmulatorConfigPatch): Promise<void>;
  /** Back to the startup config; stats cleared. */
  reset(): Promise<void>;
  stats(): Promise<EmulatorStats>;
  /** SIGTERM, then SIGKILL if it has not exited after 5 s. */
  stop(): Promise<void>;
}

const ROOT = path.resolve(import.meta.dirname, "../..");
const LISTENING = /^Ollama emulator listening on (http:\/\/\S+)$/;
const START_TIMEOUT_MS = 30_000;

/**
 * Starts `tsx emulator/cli.ts --port 0` as a separate process: the app under test calls Ollama from
 * its own server process, which an in-process mock cannot reach. `config` becomes the startup config,
 * the one `reset()` returns to.
 */
export async function spawnEmulator({
  config,
}: {
  config?: EmulatorConfigPatch;
} = {}): Promise<EmulatorProcess> {
  const args = ["emulator/cli.ts", "--port", "0"];
  if (config) args.push("--config", JSON.stringify(config));
  const child = spawn(path.join(ROOT, "node_modules/.bin/tsx"), args, {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
  });
  // A test run that dies without stop() must not leave an emulator behind.
  // SIGTERM, not SIGKILL: tsx relays it to the node process it runs, SIGKILL would orphan that one.
  const killOnExit = () => child.kill("SIGTERM");
  process.once("exit", killOnExit);
  child.once("exit", () => process.off("exit", killOnExit));
  const url = await waitForUrl(child);
  return {
    url,
    configure: async (patch) => {
      await control({ url: `${url}/_emulator/config`, method: "POST", body: patch });
    },
    reset: async () => {
      await control({ url: `${url}/_emulator/reset`, method: "POST" });
    },
    stats: async () => (await control({ url: `${url}/_emulator/stats`, method: "GET" })) as EmulatorStats,
    stop: () => stopChild(child),
  };
}

function waitForUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let stderr = "";
    let started = false;
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const fail = (reason: string) => {
      if (started) return;
      started = true;
      clearTimeout(timer);
      child.kill("SIGTERM");
      reject(new Error(`emulator did not start: ${reason}\n${stderr}`));
    };
    const timer = setTimeout(() => fail(`no listening line after ${START_TIMEOUT_MS} ms`), START_TIMEOUT_MS);
    child.once("exit", (code) => fail(`exited with code ${code}`));
    child.once("error", (error) => fail(error.message));
    // Keep reading stdout after the first line so the pipe never fills up.
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on("line", (line) => {
      const url = LISTENING.exec(line)?.[1];
      if (!url || started) return;
      started = true;
      clearTimeout(timer);
      resolve(url);
    });
  });
}

async function control({
  url,
  method,
  body,
}: {
  url: string;
  method: string;
  body?: unknown;
}): Promise<unknown> {
  const response = await fetch(url, { method, body: body === undefined ? undefined : JSON.stringify(body) });
  const json: unknown = await response.json();
  if (!response.ok)
    throw new Error(`${method} ${url} failed with ${response.status}: ${JSON.stringify(json)}`);
  return json;
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill("SIGKILL"), 5000);
    child.once("exit", () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill("SIGTERM");
  });
}
