import { createHash } from "node:crypto";
import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import path from "node:path";
import { finishAssistantMessage } from "@/lib/db/messages";
import type { FinalMessageStatus, MessageStats } from "@/lib/db/types";

/** An answer's end as it must reach the database. */
export interface AnswerEnd {
  id: string;
  content: string;
  status: FinalMessageStatus;
  stats?: MessageStats | null;
}

const BACKOFF_MS = { first: 100, max: 2_000 };
/** How long one attempt may wait (for a lock) before it counts as failed and is tried again. */
const ATTEMPT_LIMIT_MS = 5_000;

interface Writer {
  pending: Set<AnswerEnd>;
  /** Set at shutdown: answers still not written go to the journal instead. */
  giveUpAt: number | null;
}

const store = globalThis as typeof globalThis & { lumiaAnswerWriter?: Writer };

function writer(): Writer {
  store.lumiaAnswerWriter ??= { pending: new Set(), giveUpAt: null };
  return store.lumiaAnswerWriter;
}

/**
 * Writes how an answer ended, and never gives up: while the database is busy (a long write lock, a
 * checkpoint) it tries again with backoff, holding the answer in memory. At shutdown, an answer that still
 * could not be written goes to a journal file beside the database, which the next start applies first.
 */
export async function writeAnswerEnd(answer: AnswerEnd): Promise<void> {
  const state = writer();
  state.pending.add(answer);
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        // PostgreSQL waits for a lock rather than failing: an attempt that takes too long counts as failed
        // (and at shutdown, one still waiting at the deadline).
        const limit = state.giveUpAt === null ? ATTEMPT_LIMIT_MS : Math.max(0, state.giveUpAt - Date.now());
        await withinMs(finishAssistantMessage(answer, { whenBusy: "throw" }), limit);
        return;
      } catch (error) {
        if (state.giveUpAt !== null && Date.now() >= state.giveUpAt) {
          journal().append(answer);
          console.error(
            `Answer ${answer.id} could not be written before shutdown; kept in ${journal().file}.`,
          );
          return;
        }
        if (attempt === 0 || attempt % 20 === 0)
          console.error(`Writing answer ${answer.id} failed (attempt ${attempt + 1}); trying again:`, error);
        await sleep(Math.min(BACKOFF_MS.first * 2 ** attempt, BACKOFF_MS.max));
      }
    }
  } finally {
    state.pending.delete(answer);
  }
}

/**
 * Waits until every answer end is written, or until `deadline` (epoch ms): after it, what is still
 * unwritten goes to the journal. For shutdown.
 */
export async function flushAnswerWrites({ deadline }: { deadline: number }): Promise<void> {
  const state = writer();
  state.giveUpAt = deadline;
  while (state.pending.size > 0 && Date.now() < deadline + BACKOFF_MS.max + 500) await sleep(25);
}

/**
 * Applies answers a previous run kept in the journal (run at start, before the stale-answer repair).
 * Returns how many were written.
 */
export async function applyAnswerJournal(): Promise<number> {
  const { file } = journal();
  // Applied from a renamed copy: a crash while applying leaves it to be applied again, not lost.
  const applying = `${file}.applying`;
  let count = 0;
  for (;;) {
    if (!existsSync(applying)) {
      if (!existsSync(file)) return count;
      renameSync(file, applying);
    }
    for (const line of readFileSync(applying, "utf8").split("\n")) {
      if (!line.trim()) continue;
      await finishAssistantMessage(JSON.parse(line) as AnswerEnd);
      count++;
    }
    rmSync(applying);
  }
}

/**
 * The journal: beside the SQLite file it belongs to (as its -wal is), or for another database in ./data,
 * named after that database (a journal is applied to the database it was written for, never another).
 */
function journal() {
  const url = process.env.DATABASE_URL ?? "file:./data/lumia.db";
  const file = url.startsWith("file:")
    ? `${path.resolve(/*turbopackIgnore: true*/ url.slice("file:".length).split("?")[0] ?? "")}-unwritten.jsonl`
    : path.resolve(
        /*turbopackIgnore: true*/ "data",
        `unwritten-answers-${createHash("sha256").update(url).digest("hex").slice(0, 16)}.jsonl`,
      );
  return {
    file,
    append: (answer: AnswerEnd) => {
      mkdirSync(path.dirname(file), { recursive: true });
      appendFileSync(file, `${JSON.stringify(answer)}\n`);
    },
  };
}

function withinMs<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer from the database within ${ms} ms`)), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

function sleep(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
