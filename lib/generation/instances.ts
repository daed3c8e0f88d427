import { hostname } from "node:os";
import { interruptOrphanedAnswers, markInstanceAlive } from "@/lib/db/messages";

/** How often a process says it is up, and after how long without a word it counts as gone. */
const HEARTBEAT_MS = 2_000;
export const GONE_AFTER_MS = 15_000;

/**
 * This Lumia instance's name: LUMIA_INSTANCE_ID, or host and port. Stable across restarts, so a
 * restarted instance recognises the answers its last run left `streaming`.
 */
export function instanceName(): string {
  return process.env.LUMIA_INSTANCE_ID ?? `${hostname()}:${process.env.PORT ?? "3000"}`;
}

/** This process: `<instance>#<n>`, n the worker number (LUMIA_WORKER, set by the primary), else 0. */
export function processName(): string {
  return `${instanceName()}#${process.env.LUMIA_WORKER ?? "0"}`;
}

/**
 * The names of the processes whose answers a (re)starting instance may take as its own, left from its
 * last run: on SQLite every process's (one machine serves a SQLite file, and the workers of the last run
 * are gone when it starts: ""), on PostgreSQL this instance's processes (others may be serving answers
 * right now).
 */
export function ownProcessPrefix({ provider }: { provider: "sqlite" | "postgresql" }): string {
  return provider === "sqlite" ? "" : `${instanceName()}#`;
}

/**
 * Keeps this process marked as up, with the private `address` its siblings forward resumes and stops
 * to (lib/generation/forward-to-owner.ts), and every few seconds marks `interrupted` the answers of
 * processes that are gone (an instance that died mid-answer: its text so far, saved every second,
 * stays). Returns the stop.
 */
export function startInstanceHeartbeat({ address = null }: { address?: string | null } = {}): () => void {
  const id = processName();
  const beat = () => {
    markInstanceAlive({ id, address })
      .then(() => interruptOrphanedAnswers({ aliveSince: new Date(Date.now() - GONE_AFTER_MS) }))
      .then((count) => {
        if (count > 0)
          console.log(`Marked ${count} answer(s) of a Lumia process that is gone as interrupted.`);
      })
      .catch((error) =>
        console.warn("Saying this process is up failed:", error instanceof Error ? error.message : error),
      );
  };
  beat();
  const timer = setInterval(beat, HEARTBEAT_MS);
  timer.unref();
  return () => clearInterval(timer);
}
