/**
 * `npm start`: builds if the build is missing or stale, applies database migrations, marks answers that
 * were streaming when the server last stopped as interrupted, checks Ollama, and serves Lumia.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { buildIsStale } from "@/server/build-check";
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

if (process.env.LUMIA_SKIP_BUILD !== "1" && buildIsStale({ dir })) {
  console.log("Building Lumia (the build is missing or older than the sources)…");
  run("next", ["build"]);
}
(process.env as Record<string, string>).NODE_ENV = "production";

await prepareDatabase({ dir });
const server = await startServer({ dir, hostname, port });
await warmUp({ baseUrl: `http://${hostname === "0.0.0.0" ? "127.0.0.1" : hostname}:${port}` });
console.log(`Lumia is listening on http://${hostname === "0.0.0.0" ? "localhost" : hostname}:${port}`);
void reportOllama();

const stop = () => {
  server.close();
  server.closeAllConnections();
  process.exit(0);
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
