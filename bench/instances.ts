import { randomBytes } from "node:crypto";
import pg from "pg";
import { freePort } from "../tests/helpers/free-port";
import { startNginx } from "../tests/helpers/nginx";
import { type BenchProcess, startLumia } from "./processes";

const POSTGRES_URL = process.env.LUMIA_BENCH_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/test";
const REDIS_URL = process.env.LUMIA_BENCH_REDIS_URL ?? "redis://127.0.0.1:6379";

async function onPostgres<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/**
 * `--instances N`: N Lumia instances (each with `workers` processes) on one fresh PostgreSQL database and
 * one Redis, behind the shipped nginx config with one `server` line per instance (round-robin), as a team
 * deploys it. `work` gets them as one process: nginx's address, CPU and memory summed over the instances.
 */
export async function withLumiaInstances<T>(
  {
    instances,
    workers,
    emulator,
    dir,
    nodeArgs,
    log,
  }: {
    instances: number;
    workers: number;
    emulator: BenchProcess;
    dir: string;
    nodeArgs: string[];
    log: (message: string) => void;
  },
  work: (lumia: BenchProcess) => Promise<T>,
): Promise<T> {
  const name = `lumia_bench_${randomBytes(5).toString("hex")}`;
  await onPostgres((client) => client.query(`CREATE DATABASE "${name}"`));
  const databaseUrl = Object.assign(new URL(POSTGRES_URL), { pathname: `/${name}` }).href;
  const servers: BenchProcess[] = [];
  try {
    // One after the other: the first applies the migrations, the others find them applied.
    for (let n = 1; n <= instances; n++) {
      servers.push(
        await startLumia({
          dir,
          port: await freePort(),
          ollamaHost: emulator.url,
          nodeArgs,
          workers,
          databaseUrl,
          env: { REDIS_URL, LUMIA_INSTANCE_ID: `bench-${n}` },
        }),
      );
    }
    const nginx = await startNginx({
      upstream: servers.map((server) => server.url),
      mode: "recommended",
      // Two connections per stream (client, upstream), for the largest loads the bench opens.
      workerConnections: 8192,
    });
    log(`${instances} Lumia instances (${servers.map((s) => s.url).join(", ")}) behind nginx ${nginx.url}`);
    try {
      const first = servers[0] as BenchProcess;
      return await work({
        url: nginx.url,
        pid: first.pid,
        pids: servers.map((server) => server.pid),
        logs: () => servers.map((server) => server.logs()).join("\n"),
        stop: async () => {},
      });
    } finally {
      await nginx.stop();
    }
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
    await onPostgres((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
  }
}
