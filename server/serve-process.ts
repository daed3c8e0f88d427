import { getEnv } from "@/lib/env";
import { reachableUrls } from "@/server/listen-address";
import { startServer } from "@/server/start-server";
import { warmUp } from "@/server/warm-up";

/**
 * One server process: Lumia on `port`, its heartbeat, warmed up, with the SIGTERM/SIGINT drain. Alone
 * (LUMIA_WORKERS=1) it is `npm start`; as a cluster worker (LUMIA_WORKER set by the primary) it also
 * listens on its private port, recorded with its heartbeat, and drains when the primary says so.
 * Resolves once it serves.
 */
export async function serveProcess({
  dir,
  hostname,
  port,
  worker,
}: {
  dir: string;
  hostname: string;
  port: number;
  /** Set in a cluster worker: told when it serves, asked to drain. */
  worker?: { ready: () => void; onDrain: (drain: () => void) => void };
}): Promise<void> {
  const { server, internal } = await startServer({ dir, hostname, port });
  const { startInstanceHeartbeat, processName } = await import("@/lib/generation/instances");
  if (worker) {
    // A worker restarted under its old name: what it was writing before cannot go on.
    const { interruptAnswersOf } = await import("@/lib/db/messages");
    const repaired = await interruptAnswersOf({ writer: processName() });
    if (repaired > 0)
      console.log(`Marked ${repaired} answer(s) of ${processName()}'s last run as interrupted.`);
  }
  // Siblings forward to a worker's private port; a lone process has no siblings and no use for it after
  // the warm-up.
  const stopHeartbeat = startInstanceHeartbeat({ address: worker ? internal.address : null });
  const urls = reachableUrls({ hostname, port });
  // Warmed through the private port: on the shared one the requests could reach a sibling, and with
  // accounts on they would be refused before reaching a route.
  await warmUp({ baseUrl: `http://${internal.address}`, headers: internal.headers });
  const internalServer = worker ? internal.server : undefined;
  if (!worker) internal.server.close();

  let stopping = false;
  /**
   * The drain: no new connections or streams, running answers may finish for up to
   * LUMIA_SHUTDOWN_GRACE_MS, the rest end with a `server_shutdown` event and keep their text, every
   * answer's end is written, the database closed. A second signal exits at once.
   */
  const stop = async (reason: string) => {
    stopping = true;
    const { drainGenerations } = await import("@/lib/generation/drain");
    const { disconnectDb } = await import("@/lib/db/client");
    const graceMs = getEnv().LUMIA_SHUTDOWN_GRACE_MS;
    const who = worker ? `${processName()}: ` : "";
    console.log(`${who}${reason}: letting running answers finish (up to ${graceMs / 1000} s)…`);
    server.close();
    server.closeIdleConnections();
    internalServer?.close();
    const { finished, cut } = await drainGenerations({ graceMs });
    console.log(`${who}Answers finished: ${finished}; cut off at shutdown: ${cut}. Lumia stopped.`);
    server.closeAllConnections();
    internalServer?.closeAllConnections();
    stopHeartbeat();
    const { closeGenerations } = await import("@/lib/generation/registry");
    await Promise.race([closeGenerations(), new Promise((resolve) => setTimeout(resolve, 1_000))]);
    // A connection still waiting on a lock (PostgreSQL) must not keep the process from exiting.
    await Promise.race([disconnectDb(), new Promise((resolve) => setTimeout(resolve, 3_000))]);
    process.exit(0);
  };
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(1);
    void stop(signal);
  };
  process.on("SIGTERM", onSignal);
  process.on("SIGINT", onSignal);
  if (worker) {
    // A scrape of /api/metrics on any worker sums every worker's metrics (lib/metrics/cluster-metrics.ts).
    const { answerMetricsRequests } = await import("@/lib/metrics/cluster-metrics");
    const { metricsSnapshot } = await import("@/lib/metrics/stream-metrics");
    answerMetricsRequests({ snapshot: metricsSnapshot });
    // Ctrl-C reaches every process of the group and the primary asks too: one drain, not an exit.
    worker.onDrain(() => {
      if (!stopping) void stop("shutdown");
    });
    worker.ready();
  } else {
    console.log(`Lumia is listening on ${urls.join(", ")}`);
  }
}
