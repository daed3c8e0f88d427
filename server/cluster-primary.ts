import cluster, { type Worker } from "node:cluster";
import { randomBytes } from "node:crypto";
import { serveWorkersMetrics } from "@/lib/metrics/cluster-metrics";

/** Messages between the primary and its workers over the cluster's IPC channel. */
export const WORKER_READY = "lumia:ready";
export const WORKER_DRAIN = "lumia:drain";

const isMessage = (message: unknown, type: string) =>
  typeof message === "object" && message !== null && (message as { type?: unknown }).type === type;

/**
 * The primary of `LUMIA_WORKERS` server processes on one port (node:cluster: the primary accepts
 * connections and hands them to the workers in turn). The database was prepared before, once. Each
 * worker is `LUMIA_WORKER=<n>` (its process name `<instance>#<n>`) and shares a secret made here for
 * the requests the workers forward to each other. Resolves once every worker serves. A worker that dies
 * later is started again under its name; SIGTERM/SIGINT asks every worker to drain and exits when all
 * have (a second signal kills them).
 */
export async function runWorkers({ count }: { count: number }): Promise<void> {
  const secret = randomBytes(32).toString("hex");
  const workers = new Map<Worker, number>();
  let stopping = false;
  let failed = false;

  const fork = (n: number): Worker => {
    const worker = cluster.fork({ LUMIA_WORKER: String(n), LUMIA_INTERNAL_SECRET: secret });
    workers.set(worker, n);
    return worker;
  };
  const ready = (worker: Worker, n: number) =>
    new Promise<void>((resolve, reject) => {
      const onMessage = (message: unknown) => {
        if (!isMessage(message, WORKER_READY)) return;
        worker.off("exit", onExit);
        resolve();
      };
      const onExit = (code: number | null) => {
        worker.off("message", onMessage);
        reject(new Error(`Worker ${n} exited with code ${code} while starting.`));
      };
      worker.on("message", onMessage);
      worker.once("exit", onExit);
    });

  cluster.on("exit", (worker, code, signal) => {
    const n = workers.get(worker);
    workers.delete(worker);
    if (n === undefined) return;
    if (stopping) {
      if (workers.size === 0 && !failed) process.exit(0);
      return;
    }
    console.error(`Worker ${n} exited (${signal ?? `code ${code}`}); starting it again.`);
    setTimeout(() => {
      if (stopping) return;
      const again = fork(n);
      ready(again, n).catch((error: Error) => console.error(error.message));
    }, 1_000).unref();
  });

  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      for (const worker of workers.keys()) worker.process.kill("SIGKILL");
      process.exit(1);
    }
    stopping = true;
    console.log(`${signal}: stopping ${workers.size} workers…`);
    if (workers.size === 0) process.exit(0);
    for (const worker of workers.keys()) {
      if (worker.isConnected()) worker.send({ type: WORKER_DRAIN });
    }
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
  serveWorkersMetrics({ workers: () => workers.keys() });

  const starting = Array.from({ length: count }, (_, i) => {
    const n = i + 1;
    return ready(fork(n), n);
  });
  try {
    await Promise.all(starting);
  } catch (error) {
    stopping = true;
    failed = true;
    for (const worker of workers.keys()) worker.process.kill("SIGKILL");
    throw error;
  }
}
