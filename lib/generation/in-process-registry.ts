import type { Generation } from "./generation";
import type { GenerationRegistry } from "./registry-types";
import type { Subscriber } from "./subscriber";

/** How long an ended answer stays findable, so a client that reconnects just after the end gets its tail. */
const KEEP_ENDED_MS = 5 * 60_000;
/** At most this many ended answers are kept (the oldest go first). */
const KEEP_ENDED_MAX = 2_000;

/** The answers of this process, in memory. */
export class InProcessRegistry implements GenerationRegistry {
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

  async stop({ id }: { id: string }) {
    return this.live.get(id)?.stop() ?? false;
  }

  async status({ id }: { id: string }) {
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
