import type { Generation } from "./generation";
import type { Subscriber } from "./subscriber";

/**
 * Where running answers are found by their id: events, subscribe, stop. In-process by default; with
 * REDIS_URL a shared backend (redis/redis-registry.ts) implements the same verbs across instances, so
 * routes never know which it is.
 */
export interface GenerationRegistry {
  /** Makes an answer findable by its id while it runs and for a while after. */
  add(generation: Generation): void;
  /**
   * Attaches a reader after event `afterId`. Undefined when no such answer is known here (never was,
   * or ended too long ago): the caller answers from the database.
   */
  subscribe(args: { id: string; afterId: number; subscriber: Subscriber }): (() => void) | undefined;
  /** Stops a running answer; false when it is not running (anywhere this registry can reach). */
  stop(args: { id: string }): Promise<boolean>;
  /**
   * Whether the answer runs now or ended but is still kept for late readers, with the id of its last
   * event so far; undefined when it is not known here.
   */
  status(args: { id: string }): Promise<{ running: boolean; lastEventId: number } | undefined>;
  /** Lets go of what the registry holds outside the process (shutdown, after the drain). */
  close?(): Promise<void>;
}
