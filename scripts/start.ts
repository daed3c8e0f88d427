/**
 * `npm start`: builds if the build is missing or stale, applies database migrations, marks answers that
 * were streaming when the server last stopped as interrupted, checks Ollama, and serves Lumia: in this
 * process (LUMIA_WORKERS=1), or in LUMIA_WORKERS cluster workers sharing the port (default: one per core),
 * the database prepared once, here, before they start.
 */
import { spawnSync } from "node:child_process";
import cluster from "node:cluster";
import { availableParallelism } from "node:os";
import path from "node:path";
import { getEnv } from "@/lib/env";
import { buildIsStale } from "@/server/build-check";
import { runWorkers, WORKER_DRAIN, WORKER_READY } from "@/server/cluster-primary";
import { isLoopbackHost, openBindRefusal, reachableUrls } from "@/server/listen-address";
import { prepareDatabase } from "@/server/prepare-database";
import { reportOllama } from "@/server/report-ollama";
import { serveProcess } from "@/server/serve-process";

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

if (cluster.isWorker) {
  // Forked by the primary below: the build, the checks and the migrations are done.
  await serveProcess({
    dir,
    hostname,
    port,
    worker: {
      ready: () => process.send?.({ type: WORKER_READY }),
      onDrain: (drain) =>
        process.on("message", (message: { type?: string }) => message?.type === WORKER_DRAIN && drain()),
    },
  });
} else {
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
  const workers = getEnv().LUMIA_WORKERS ?? availableParallelism();
  if (workers === 1) {
    await serveProcess({ dir, hostname, port });
  } else {
    // The primary serves nothing itself: its database connection is not needed any more.
    const { disconnectDb } = await import("@/lib/db/client");
    await disconnectDb();
    try {
      await runWorkers({ count: workers });
    } catch (error) {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    }
    console.log(`Lumia is listening on ${reachableUrls({ hostname, port }).join(", ")} (${workers} workers)`);
  }
  void reportOllama();
}
