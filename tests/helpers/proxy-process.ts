import { type ChildProcess, spawn } from "node:child_process";
import { closeSync, existsSync, openSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { freePort } from "./free-port";

/** A reverse proxy the test started, in front of some upstream. */
export type RunningProxy = {
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  url: string;
  /** The generated config, for failure messages. */
  config: string;
  /** Everything the proxy printed so far. */
  log(): Promise<string>;
  /** Stops the proxy and removes its directory; safe to call twice. */
  stop(): Promise<void>;
};

/** What a proxy needs to run once its config is written: the command line and its environment. */
export type ProxyLaunch = { args: string[]; env?: Record<string, string>; config: string };

/** Whether a proxy's binary is installed (`.ci/run` installs them all from Debian's packages). */
export const binaryExists = ({ bin }: { bin: string }) => existsSync(bin);

/**
 * Runs a proxy in the foreground as a child of the test, on a free loopback port, with everything it
 * writes (config, pid, logs, cache) in its own temporary directory. `prepare` writes the config for
 * the given port into that directory and returns the command line. The port is found by binding and
 * releasing it, so another process may take it first: a failed start on a taken port is retried.
 */
export async function runProxyProcess({
  name,
  bin,
  prepare,
}: {
  name: string;
  bin: string;
  prepare: (input: { port: number; dir: string }) => Promise<ProxyLaunch>;
}): Promise<RunningProxy> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `lumia-${name}-`));
  const logFile = path.join(dir, "output.log");
  const readLog = () => readFile(logFile, "utf8").catch(() => "");
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const { args, env, config } = await prepare({ port, dir });
    const out = openSync(logFile, "a");
    const child = spawn(bin, args, { stdio: ["ignore", out, out], env: { ...process.env, ...env } });
    closeSync(out);
    // Spawn failures (a missing binary) arrive as an event; waitForPort reports them.
    child.on("error", () => {});
    // If the test process exits without stop(), SIGTERM still lets a master process take its workers down.
    const killOnExit = () => child.kill("SIGTERM");
    process.on("exit", killOnExit);
    try {
      await waitForPort({ child, port, bin });
    } catch (error) {
      process.off("exit", killOnExit);
      await terminate(child);
      const log = await readLog();
      lastError = new Error(`${name} did not start: ${(error as Error).message}\n${log}\n${config}`);
      if (/address already in use|could not bind|cannot bind/i.test(log)) continue;
      break;
    }
    let stopped = false;
    return {
      url: `http://127.0.0.1:${port}`,
      config,
      log: readLog,
      async stop() {
        if (stopped) return;
        stopped = true;
        process.off("exit", killOnExit);
        await terminate(child);
        await rm(dir, { recursive: true, force: true });
      },
    };
  }
  await rm(dir, { recursive: true, force: true });
  throw lastError;
}

/** Replaces the one match of `pattern`, failing loudly when a deploy/ template no longer has that shape. */
export function replaceOnce({
  text,
  pattern,
  replacement,
  source,
}: {
  text: string;
  pattern: RegExp;
  replacement: string;
  source: string;
}): string {
  if (!pattern.test(text)) throw new Error(`${source} has no match for ${pattern}`);
  return text.replace(pattern, replacement);
}

async function waitForPort({ child, port, bin }: { child: ChildProcess; port: number; bin: string }) {
  // Varnish compiles its VCL with the C compiler before it listens: give slow machines time.
  const deadline = performance.now() + 20_000;
  while (performance.now() < deadline) {
    if (child.pid === undefined) throw new Error(`could not run ${bin}`);
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`exited with ${child.exitCode ?? child.signalCode}`);
    }
    const socket = net.connect(port, "127.0.0.1");
    const open = await new Promise<boolean>((resolve) => {
      socket.once("connect", () => resolve(true));
      socket.once("error", () => resolve(false));
    });
    socket.destroy();
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`port ${port} did not accept connections within 20 s`);
}

/** SIGTERM is every one of these proxies' fast shutdown; SIGKILL if it hangs. */
async function terminate(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
  await exited;
  clearTimeout(timer);
}
