import type { Generation } from "./generation";
import type { Subscriber } from "./subscriber";

/** How long an ended answer stays findable, so a client that reconnects just after the end gets its tail. */
const KEEP_ENDED_MS = 5 * 60_000;
/** At most this many ended answers are kept (the oldest go first). */
const KEEP_ENDED_MAX = 2_000;

/**
 * Where running answers are found by their id: events, subscribe, stop. In-process here; a shared
 * backend (several instances) implements the same three verbs, so routes never know which it is.
 */
export interface GenerationRegistry {
  /** Makes an answer findable by its id while it runs and for a while after. */
  add(generation: Generation): void;
  /**
   * Attaches a reader after event `afterId`. Undefined when no such answer is known here (never was,
   * or ended too long ago): the caller answers from the database.
   */
  subscribe(args: { id: string; afterId: number; subscriber: Subscriber }): (() => void) | undefined;
  /** Stops a running answer; false when it is not running here. */
  stop(args: { id: string }): boolean;
  /**
   * Whether the answer runs now or ended but is still kept for late readers, with the id of its last
   * event so far; undefined when it is not known here.
   */
  status(args: { id: string }): { running: boolean; lastEventId: number } | undefined;
}

class InProcessRegistry implements GenerationRegistry {
  private readonly live = new Map<string, Generation>();
  /** Ended answers by id, oldest first (a Map keeps insertion order). */
  private readonly ended = new Map<string, { generation: Generation; at: number }>();

  add(generation: Generation) {
    this.live.set(generation.id, generation);
    void generation.finished.then(() => {
      this.live.delete(generation.id);
      this.ended.set(generation.id, { generation, at: Date.now() });
      this.prune();
    });
  }

  subscribe({ id, afterId, subscriber }: { id: string; afterId: number; subscriber: Subscriber }) {
    const generation = this.find(id);
    return generation?.attach(subscriber, { afterId });
  }

  stop({ id }: { id: string }) {
    return this.live.get(id)?.stop() ?? false;
  }

  status({ id }: { id: string }) {
    const generation = this.find(id);
    return generation && { running: generation.running, lastEventId: generation.lastEventId };
  }

  private find(id: string): Generation | undefined {
    const live = this.live.get(id);
    if (live) return live;
    this.prune();
    return this.ended.get(id)?.generation;
  }

  private prune() {
    const cutoff = Date.now() - KEEP_ENDED_MS;
    for (const [id, { at }] of this.ended) {
      if (at >= cutoff && this.ended.size <= KEEP_ENDED_MAX) break;
      this.ended.delete(id);
    }
  }
}

// On globalThis: Next evaluates lib modules once per route bundle, and the lean stream routes load them
// again; a stop sent through Next must find the answer a lean route started.
const store = globalThis as typeof globalThis & { lumiaGenerations?: GenerationRegistry };

/** The process's registry of answers. */
export function generations(): GenerationRegistry {
  store.lumiaGenerations ??= new InProcessRegistry();
  return store.lumiaGenerations;
}

/** Replaces the registry (a shared backend, or tests). */
export function setGenerationRegistry(registry: GenerationRegistry): void {
  store.lumiaGenerations = registry;
}
