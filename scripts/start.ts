/**
 * `npm start`: builds if the build is missing or stale, applies database migrations, marks answers that
 * were streaming when the server last stopped as interrupted, checks Ollama, and serves Lumia.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { getEnv } from "@/lib/env";
import { buildIsStale } from "@/server/build-check";
import { isLoopbackHost, openBindRefusal, reachableUrls } from "@/server/listen-address";
import { prepareDatabase } from "@/server/prepare-database";
import { reportOllama } from "@/server/report-ollama";
import { startServer } from "@/server/start-server";
import { warmUp } from "@/server/warm-up";

const dir = path.resolve(import.meta.dirname, "..");
process.env.NEXT_TELEMETRY_DISABLED ??= "1";
const port = Number(process.env.PORT ?? 3000);
const hostname = process.env.HOST ?? "127.0.0.1";

function run(command: string, args: string[]) {
  const result = spawnSync(path.join(dir, "node_modules", ".bin", command), args, {
    cwd: dir,
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "production" },
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

if (!isLoopbackHost(hostname) && !getEnv().LUMIA_AUTH) {
  console.error(openBindRefusal({ hostname }));
  process.exit(1);
}

if (process.env.LUMIA_SKIP_BUILD !== "1" && buildIsStale({ dir })) {
  console.log("Building Lumia (the build is missing or older than the sources)…");
  run("next", ["build"]);
}
(process.env as Record<string, string>).NODE_ENV = "production";

await prepareDatabase({ dir });
const server = await startServer({ dir, hostname, port });
const { startInstanceHeartbeat } = await import("@/lib/generation/instances");
const stopHeartbeat = startInstanceHeartbeat();
const urls = reachableUrls({ hostname, port });
await warmUp({ baseUrl: urls[0] as string });
console.log(`Lumia is listening on ${urls.join(", ")}`);
void reportOllama();

let stopping = false;
/**
 * SIGTERM/SIGINT drain: no new connections or streams, running answers may finish for up to
 * LUMIA_SHUTDOWN_GRACE_MS, the rest end with a `server_shutdown` event and keep their text, every
 * answer's end is written, the database closed. A second signal exits at once.
 */
const stop = async (signal: NodeJS.Signals) => {
  if (stopping) process.exit(1);
  stopping = true;
  const { drainGenerations } = await import("@/lib/generation/drain");
  const { disconnectDb } = await import("@/lib/db/client");
  const graceMs = getEnv().LUMIA_SHUTDOWN_GRACE_MS;
  console.log(`${signal}: letting running answers finish (up to ${graceMs / 1000} s)…`);
  server.close();
  server.closeIdleConnections();
  const { finished, cut } = await drainGenerations({ graceMs });
  console.log(`Answers finished: ${finished}; cut off at shutdown: ${cut}. Lumia stopped.`);
  server.closeAllConnections();
  stopHeartbeat();
  const { closeGenerations } = await import("@/lib/generation/registry");
  await Promise.race([closeGenerations(), new Promise((resolve) => setTimeout(resolve, 1_000))]);
  // A connection still waiting on a lock (PostgreSQL) must not keep the process from exiting.
  await Promise.race([disconnectDb(), new Promise((resolve) => setTimeout(resolve, 3_000))]);
  process.exit(0);
};
process.on("SIGTERM", (signal) => void stop(signal));
process.on("SIGINT", (signal) => void stop(signal));
