import cluster, { type Worker } from "node:cluster";
import { randomUUID } from "node:crypto";
import type { MetricJson } from "@/lib/metrics/labelled-metrics";

/*
 * With LUMIA_WORKERS > 1 each worker counts its own streams, and a scrape lands on one of them. The
 * worker a scrape reaches asks the primary over the cluster's IPC channel; the primary asks every
 * worker for its metrics (prom-client's JSON) and hands the lot back, to be summed as prom-client's
 * cluster registry sums them. Only a scrape pays for this: no stream ever waits on it.
 */

/** A worker asks the primary for every worker's metrics. */
const ASK = "lumia:metrics:ask";
/** The primary asks each worker for its own. */
const COLLECT = "lumia:metrics:collect";
/** A worker's own metrics, to the primary. */
const SNAPSHOT = "lumia:metrics:snapshot";
/** Every worker's metrics, to the worker that asked. */
const ALL = "lumia:metrics:all";

/** How long the primary waits for the workers: a worker that does not answer is left out of the sum. */
const COLLECT_TIMEOUT_MS = 2_000;

interface Message {
  type?: unknown;
  id?: unknown;
  metrics?: MetricJson[];
  all?: MetricJson[][];
}

const isMessage = (message: unknown, type: string): message is Message =>
  typeof message === "object" && message !== null && (message as Message).type === type;

/** True in a worker of `npm start`'s cluster (LUMIA_WORKERS > 1). */
function inClusterWorker(): boolean {
  return cluster.isWorker && typeof process.send === "function" && process.env.LUMIA_WORKER !== undefined;
}

/** Scrapes of this worker waiting for the primary's answer, by id: one listener for all of them. */
const asking = new Map<string, (all: MetricJson[][] | null) => void>();

/**
 * Every worker's metrics, this one's included, through the primary; null in a lone process, or when
 * the primary did not answer in time (the caller then reports this process alone).
 */
export function everyWorkersMetrics(): Promise<MetricJson[][] | null> {
  if (!inClusterWorker()) return Promise.resolve(null);
  if (asking.size === 0) process.on("message", onAnswer);
  const id = randomUUID();
  return new Promise((resolve) => {
    const timer = setTimeout(() => settle(null), COLLECT_TIMEOUT_MS + 1_000);
    const settle = (all: MetricJson[][] | null) => {
      clearTimeout(timer);
      asking.delete(id);
      if (asking.size === 0) process.off("message", onAnswer);
      resolve(all);
    };
    asking.set(id, settle);
    process.send?.({ type: ASK, id });
  });
}

function onAnswer(message: unknown) {
  if (isMessage(message, ALL) && typeof message.id === "string")
    asking.get(message.id)?.(message.all ?? null);
}

/** In a worker: answers the primary's requests for this process's metrics with `snapshot()`. */
export function answerMetricsRequests({ snapshot }: { snapshot: () => Promise<MetricJson[]> }): void {
  process.on("message", (message: unknown) => {
    if (!isMessage(message, COLLECT)) return;
    snapshot().then(
      (metrics) => process.send?.({ type: SNAPSHOT, id: message.id, metrics }),
      (error) => console.error("Reading this worker's metrics failed:", error),
    );
  });
}

/** In the primary: answers a worker's request with every live worker's metrics. */
export function serveWorkersMetrics({ workers }: { workers: () => Iterable<Worker> }): void {
  const collecting = new Map<string, (worker: Worker, metrics: MetricJson[]) => void>();
  cluster.on("message", (from, message: unknown) => {
    if (isMessage(message, SNAPSHOT) && typeof message.id === "string") {
      collecting.get(message.id)?.(from, message.metrics ?? []);
      return;
    }
    if (!isMessage(message, ASK)) return;
    const askId = message.id;
    const id = randomUUID();
    const pending = new Set([...workers()].filter((worker) => worker.isConnected()));
    const all: MetricJson[][] = [];
    const finish = () => {
      clearTimeout(timer);
      collecting.delete(id);
      if (from.isConnected()) from.send({ type: ALL, id: askId, all });
    };
    const timer = setTimeout(finish, COLLECT_TIMEOUT_MS);
    collecting.set(id, (worker, metrics) => {
      if (!pending.delete(worker)) return;
      all.push(metrics);
      if (pending.size === 0) finish();
    });
    for (const worker of pending) worker.send({ type: COLLECT, id });
  });
}
