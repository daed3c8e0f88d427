import { appendAssistantText } from "@/lib/db/messages";
import type { Generation } from "./generation";

/** How often the text of running answers is saved: a crash loses at most about this much of an answer. */
export const PARTIAL_SAVE_INTERVAL_MS = 1_000;

/**
 * Answers saved per transaction. SQLite writes on the event loop: a second's text of 1,000 answers in
 * one transaction held it for 10–20 ms (profiled at the bench's full load), and every chunk of every
 * stream waited behind it. A batch of this many takes about a tenth of that, and the chunks that came
 * meanwhile go out before the next batch.
 */
export const PARTIAL_SAVE_BATCH = 100;

interface Saver {
  queue: Set<Generation>;
  timer: ReturnType<typeof setTimeout> | undefined;
  saving: Promise<void> | undefined;
}

// On globalThis: one saver per process, whichever copy of this module a route was bundled with.
const store = globalThis as typeof globalThis & { lumiaPartialSaves?: Saver };

function saver(): Saver {
  store.lumiaPartialSaves ??= { queue: new Set(), timer: undefined, saving: undefined };
  return store.lumiaPartialSaves;
}

/**
 * Queues an answer whose new text is not saved yet. Called once per save cycle (the generation keeps a
 * flag), never per chunk: the per-chunk path stays free of database work. Every second, the new text of
 * all queued answers is appended in one transaction.
 */
export function queuePartialSave(generation: Generation): void {
  const state = saver();
  state.queue.add(generation);
  if (state.timer) return;
  state.timer = setTimeout(() => {
    state.timer = undefined;
    // One save at a time: a failed save hands its text back, which the next one must include.
    const saving: Promise<void> = (state.saving ?? Promise.resolve())
      .then(() => savePartials(state))
      .finally(() => {
        if (state.saving === saving) state.saving = undefined;
      });
    state.saving = saving;
  }, PARTIAL_SAVE_INTERVAL_MS);
  state.timer.unref?.();
}

/** Saves what is queued now (at shutdown), after any save already under way. */
export async function flushPartialSaves(): Promise<void> {
  const state = saver();
  clearTimeout(state.timer);
  state.timer = undefined;
  await state.saving;
  await savePartials(state);
}

async function savePartials(state: Saver): Promise<void> {
  const queued = [...state.queue];
  state.queue.clear();
  for (let from = 0; from < queued.length; from += PARTIAL_SAVE_BATCH) {
    if (from > 0) await new Promise((resolve) => setImmediate(resolve));
    await saveBatch(queued.slice(from, from + PARTIAL_SAVE_BATCH));
  }
}

async function saveBatch(batch: Generation[]): Promise<void> {
  // An answer that ended is written whole by its end: its partial text would only be overwritten.
  const taken = batch
    .filter((generation) => generation.running)
    .map((generation) => ({ generation, ...generation.takeUnsavedText() }))
    .filter(({ text }) => text.length > 0);
  try {
    await appendAssistantText({ items: taken.map(({ generation, text }) => ({ id: generation.id, text })) });
  } catch (error) {
    console.error("Saving the text of running answers failed; trying again in a second:", error);
    for (const { generation, undo } of taken) {
      undo();
      queuePartialSave(generation);
    }
  }
}
