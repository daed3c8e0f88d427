import { createRequire } from "node:module";
import path from "node:path";
import { Worker } from "node:worker_threads";

// Runs in the worker, on its own connection. A PASSIVE checkpoint never waits for a lock nor blocks a
// writer, but under writes without pause it never quite catches up, and only a complete checkpoint lets
// the WAL start over; past \`truncatePages\` a TRUNCATE waits for its turn (here, in the worker) and holds
// writers back while it finishes: the main thread's writers then retry without blocking (messages.ts).
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true, timeout: 1000 });
const timer = setInterval(() => {
  try {
    const [status] = db.pragma("wal_checkpoint(PASSIVE)");
    if (status && status.log > workerData.truncatePages) db.pragma("wal_checkpoint(TRUNCATE)");
  } catch { /* busy or closing: the next tick tries again */ }
}, workerData.everyMs);
parentPort.once("message", () => { clearInterval(timer); db.close(); parentPort.close(); });
`;

export interface WalCheckpointer {
  stop(): Promise<void>;
}

/**
 * Checkpoints the SQLite file's WAL from a worker thread. SQLite's own automatic checkpoint runs inside
 * the commit that crosses 1,000 WAL pages, synchronously: on the event loop that is a 15–30 ms stall of
 * every open stream (measured on these machines), so the connections turn it off (client.ts) and this
 * worker keeps the WAL small instead. Null when the driver cannot be found for the worker: SQLite then
 * checkpoints as usual.
 */
export function startWalCheckpointer({
  file,
  everyMs = 250,
  truncatePages = 4_000,
}: {
  file: string;
  everyMs?: number;
  /** WAL frames (pages) past which the worker empties the WAL even if it must hold writers back. */
  truncatePages?: number;
}): WalCheckpointer | null {
  let driver: string;
  try {
    driver = createRequire(path.join(process.cwd(), "package.json")).resolve("better-sqlite3");
  } catch {
    return null;
  }
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { file, driver, everyMs, truncatePages },
  });
  // Never what keeps the process alive, and a failure here must not take the server down.
  worker.unref();
  worker.on("error", (error) => console.error("The WAL checkpoint worker failed:", error));
  return {
    async stop() {
      const exited = new Promise((resolve) => worker.once("exit", resolve));
      worker.postMessage("stop");
      const timeout = setTimeout(() => void worker.terminate(), 2_000);
      await exited;
      clearTimeout(timeout);
    },
  };
}
