import { flushAnswerWrites } from "./answer-writer";
import { runningGenerations } from "./generation";
import { flushPartialSaves } from "./partial-saves";

const store = globalThis as typeof globalThis & { lumiaDraining?: boolean };

/** True once shutdown began: streaming endpoints take no new answers (503 `server_shutdown`). */
export function isDraining(): boolean {
  return store.lumiaDraining === true;
}

/**
 * The answers' part of a graceful shutdown: takes no new streams, lets running answers finish for up to
 * `graceMs`, then ends the rest with a `server_shutdown` error event (a thread answer's text kept as
 * interrupted), and waits until every answer's end is written, or journalled if the database does not
 * let it within a few seconds. Returns how many answers finished in time and how many were cut off.
 */
export async function drainGenerations({
  graceMs,
}: {
  graceMs: number;
}): Promise<{ finished: number; cut: number }> {
  store.lumiaDraining = true;
  const atStart = runningGenerations();
  const deadline = Date.now() + graceMs;
  while (runningGenerations().length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const left = runningGenerations();
  for (const generation of left) generation.shutdown();
  // Bounded: a database that waits for a lock (PostgreSQL) must not hold the exit; the ends below are
  // written or journalled either way.
  await Promise.race([flushPartialSaves(), new Promise((resolve) => setTimeout(resolve, 3_000))]);
  // From here an end that still cannot be written goes to the journal rather than holding the exit.
  const written = flushAnswerWrites({ deadline: Date.now() + 5_000 });
  await Promise.all(atStart.map((generation) => generation.finished));
  await written;
  return { finished: atStart.length - left.length, cut: left.length };
}
