import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { appendFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { buildIsStale } from "../server/build-check";

/** A server the bench started: its pid for /proc, its URL, and a way to stop it. */
export interface BenchProcess {
  url: string;
  pid: number;
  /** Several processes measured as one (Lumia instances behind a proxy): CPU and RSS summed over them. */
  pids?: number[];
  /** Everything it printed (stdout and stderr), for failures. */
  logs(): string;
  stop(): Promise<void>;
}

/** Builds the production app when `.next` is missing or older than the sources, as `npm start` would. */
export function buildIfStale({ dir }: { dir: string }): void {
  if (!buildIsStale({ dir })) return;
  console.error("bench: building Lumia (the build is missing or older than the sources)…");
  const result = spawnSync(path.join(dir, "node_modules", ".bin", "next"), ["build"], {
    cwd: dir,
    stdio: ["ignore", process.stderr, process.stderr],
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production" },
  });
  if (result.status !== 0) throw new Error("next build failed");
}

/**
 * Starts `node [nodeArgs] --import tsx <script>` (node itself, not the tsx binary, so that the pid is
 * the server's own and /proc reports its CPU and memory) and waits for a line matching `ready`.
 */
function startNode({
  dir,
  script,
  args = [],
  nodeArgs = [],
  env,
  ready,
  cleanup,
}: {
  dir: string;
  script: string;
  args?: string[];
  nodeArgs?: string[];
  env: NodeJS.ProcessEnv;
  ready: RegExp;
  cleanup?: () => void;
}): Promise<BenchProcess & { match: RegExpExecArray }> {
  const child: ChildProcess = spawn(
    process.execPath,
    [...nodeArgs, ...(script.endsWith(".ts") ? ["--import", "tsx"] : []), script, ...args],
    {
      cwd: dir,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);
  let output = "";
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const kill = setTimeout(() => child.kill("SIGKILL"), 10_000);
      child.kill("SIGTERM");
      await exited;
      clearTimeout(kill);
    }
    process.off("exit", killOnExit);
    cleanup?.();
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(`no '${ready.source}' line after 120 s`), 120_000);
    const fail = (reason: string) => {
      clearTimeout(timer);
      void stop().then(() => reject(new Error(`${script} did not start: ${reason}\n${output}`)));
    };
    const onData = (data: Buffer) => {
      if (process.env.LUMIA_BENCH_SERVER_LOG) appendFileSync(process.env.LUMIA_BENCH_SERVER_LOG, data);
      // Keep at most the last 64 KB: a long run must not grow the bench's own memory.
      output = (output + data.toString()).slice(-65_536);
      const match = ready.exec(output);
      if (!match || !child.pid) return;
      clearTimeout(timer);
      child.off("exit", onEarlyExit);
      resolve({ url: match[1] ?? "", pid: child.pid, match, logs: () => output, stop });
    };
    const onEarlyExit = (code: number | null) => fail(`exited with code ${code}`);
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", onEarlyExit);
  });
}

/** The Ollama emulator with every token stamped with its emit time, paced as the run asks. */
export function startEmulator({
  dir,
  tokens,
  intervalMs,
  firstTokenMs,
}: {
  dir: string;
  tokens: number;
  intervalMs: number;
  firstTokenMs: number;
}): Promise<BenchProcess> {
  return startNode({
    dir,
    script: "emulator/cli.ts",
    args: [
      "--port",
      "0",
      "--stamp",
      "--tokens",
      String(tokens),
      "--interval-ms",
      String(intervalMs),
      "--first-token-ms",
      String(firstTokenMs),
    ],
    env: { ...process.env },
    ready: /Ollama emulator listening on (http:\/\/\S+)/,
  });
}

/** What Lumia's build needs to run as measured: production, no telemetry, the bench's model, its own SQLite file. */
function appEnv({ dataDir, databaseUrl }: { dataDir: string; databaseUrl?: string }): NodeJS.ProcessEnv {
  return {
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    LUMIA_MEMORY_EXTRACTION: "off",
    LUMIA_MODEL: "llama3.2",
    DATABASE_URL: databaseUrl ?? `file:${path.join(dataDir, "lumia.db")}`,
  };
}

/**
 * Lumia's production server (`npm start`'s script, build already made) on its own port with its own
 * SQLite file and the per-stream log lines off.
 */
export function startLumia({
  dir,
  port,
  ollamaHost,
  nodeArgs = [],
  workers = 1,
  databaseUrl,
  env = {},
}: {
  dir: string;
  port: number;
  ollamaHost: string;
  nodeArgs?: string[];
  /** LUMIA_WORKERS: the pid is the primary's, and /proc readings sum it with its workers. */
  workers?: number;
  /** A shared database (several instances); else a SQLite file of its own. */
  databaseUrl?: string;
  env?: Record<string, string>;
}): Promise<BenchProcess> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "lumia-bench-"));
  return startNode({
    dir,
    script: "scripts/start.mjs",
    nodeArgs,
    env: {
      ...process.env,
      ...appEnv({ dataDir, databaseUrl }),
      LUMIA_SKIP_BUILD: "1",
      LUMIA_STREAM_LOG: "off",
      LUMIA_WORKERS: String(workers),
      PORT: String(port),
      HOST: "127.0.0.1",
      OLLAMA_HOST: ollamaHost,
      ...env,
    },
    ready: /Lumia is listening on (http:\/\/\S+)/,
    cleanup: () => rmSync(dataDir, { recursive: true, force: true }),
  }).then((server) => ({ ...server, url: `http://127.0.0.1:${port}` }));
}

/**
 * The minimal pass-through proxy (bench/floor-proxy.ts) in front of the emulator, or with `sse` the
 * minimal NDJSON-to-SSE server (bench/sse-floor.ts), with `withNext` holding Lumia's Next build too.
 */
export function startFloorProxy({
  dir,
  ollamaHost,
  nodeArgs = [],
  sse = false,
  withNext = false,
}: {
  dir: string;
  ollamaHost: string;
  nodeArgs?: string[];
  sse?: boolean;
  withNext?: boolean;
}): Promise<BenchProcess> {
  // Next's API routes read the database when warmed up: a SQLite file of its own, as Lumia's.
  const dataDir = withNext ? mkdtempSync(path.join(tmpdir(), "lumia-bench-")) : undefined;
  return startNode({
    dir,
    script: sse ? "bench/sse-floor.ts" : "bench/floor-proxy.ts",
    nodeArgs,
    env: {
      ...process.env,
      OLLAMA_HOST: ollamaHost,
      PORT: "0",
      ...(dataDir ? { ...appEnv({ dataDir }), SSE_FLOOR_NEXT_DIR: dir } : {}),
    },
    ready: sse ? /SSE floor listening on (http:\/\/\S+)/ : /floor proxy listening on (http:\/\/\S+)/,
    cleanup: dataDir ? () => rmSync(dataDir, { recursive: true, force: true }) : undefined,
  });
}
