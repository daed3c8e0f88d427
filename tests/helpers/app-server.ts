import { type ChildProcess, spawn } from "node:child_process";
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { inject } from "vitest";
import { ensureBuild } from "./ensure-build";
import { freePort } from "./free-port";
import { createPostgresDatabase, onPostgres } from "./postgres";

export const ROOT = path.resolve(import.meta.dirname, "..", "..");

export interface AppServer {
  url: string;
  port: number;
  /** The database this instance uses (DATABASE_URL). */
  databaseUrl: string;
  /** Its SQLite file; null on PostgreSQL. */
  databaseFile: string | null;
  /** Everything the server printed so far (stdout and stderr). */
  logs(): string;
  /** Resolves when the log matches, or rejects after timeoutMs. */
  waitForLog(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** The exit code once it exited (null before, or when a signal ended it). */
  exitCode(): number | null;
  /** Kills the process without letting it clean up (a crash). */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts Lumia's production server (`npm start`'s script, the build must exist) as its own process on a
 * free port, with its own database unless one is given: a SQLite file, or on the PostgreSQL pass a
 * PostgreSQL database of its own (dropped at stop).
 */
export async function startApp({
  ollamaHost,
  env = {},
  databaseFile,
  databaseUrl,
}: {
  ollamaHost: string;
  env?: Record<string, string>;
  databaseFile?: string;
  /** A database another test set up (createTestDatabase), kept after stop. */
  databaseUrl?: string;
}): Promise<AppServer> {
  ensureBuild();
  const port = await freePort();
  const own = !databaseFile && !databaseUrl;
  const postgres = own && onPostgres ? await createPostgresDatabase() : undefined;
  const dataDir = own && !postgres ? mkdtempSync(path.join(tmpdir(), "lumia-app-")) : undefined;
  const file = databaseFile ?? (dataDir ? path.join(dataDir, "lumia.db") : null);
  // A copy of the run's migrated template: the start skips the CLI, as every start after a first does.
  const template = dataDir ? inject("sqliteTemplate") : undefined;
  if (dataDir && template) copyFileSync(template, path.join(dataDir, "lumia.db"));
  const url = databaseUrl ?? postgres?.url ?? `file:${file}`;
  // What `npm start` runs, with Node itself rather than through npm, which would run the server in a
  // child process that a SIGKILL (a simulated crash) would not reach.
  const child: ChildProcess = spawn(process.execPath, ["scripts/start.mjs"], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      LUMIA_SKIP_BUILD: "1",
      PORT: String(port),
      HOST: "127.0.0.1",
      OLLAMA_HOST: ollamaHost,
      DATABASE_URL: url,
      // A title is one more Ollama request after a thread's first answer: only the tests about titles
      // want it, the others count Ollama's requests.
      LUMIA_TITLES: "off",
      // One process unless a test is about workers: tests read one process's metrics and logs.
      LUMIA_WORKERS: "1",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  // A test that fails before stop() must not leave a server running after the test run.
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);
  child.once("exit", () => process.off("exit", killOnExit));
  let output = "";
  const waiters = new Set<() => void>();
  const onData = (data: Buffer) => {
    output += data.toString();
    for (const wake of waiters) wake();
  };
  child.stdout?.on("data", onData);
  child.stderr?.on("data", onData);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));

  const waitForLog = (pattern: RegExp, timeoutMs = 10_000) =>
    new Promise<string>((resolve, reject) => {
      const check = () => {
        const match = output.match(pattern);
        if (match) {
          waiters.delete(check);
          clearTimeout(timer);
          resolve(match[0]);
        }
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`Timed out waiting for ${pattern} in the server log:\n${output}`));
      }, timeoutMs);
      waiters.add(check);
      check();
    });

  const startFailed = exited.then(() => {
    throw new Error(`Lumia exited during start-up:\n${output}`);
  });
  await Promise.race([waitForLog(/Lumia is listening/, 60_000), startFailed]);
  startFailed.catch(() => {});

  const end = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    databaseUrl: url,
    databaseFile: url.startsWith("file:") ? url.slice("file:".length) : null,
    logs: () => output,
    waitForLog,
    exitCode: () => child.exitCode,
    kill: () => end("SIGKILL"),
    stop: async () => {
      await end("SIGTERM");
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
      await postgres?.drop();
    },
  };
}
