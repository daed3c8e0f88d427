import type { Redis } from "ioredis";
import type { StreamEvent } from "@/lib/stream/events";
import type { Generation } from "../generation";
import { redisKeys } from "./connection";

/** Events a shared answer stream keeps at most (about 8 MB of text); older ones are trimmed. */
export const MAX_STREAM_EVENTS = 50_000;
/** How long a running answer's keys live without a write (an instance that died leaves none behind). */
const RUNNING_TTL_MS = 10 * 60_000;
/** How long an ended answer stays readable by late clients on any instance (as in one process). */
export const ENDED_TTL_MS = 5 * 60_000;

const TERMINAL = new Set<StreamEvent["type"]>(["done", "stopped", "error"]);

/**
 * Copies one answer's events into its Redis Stream, for readers on other instances. The per-chunk cost is
 * an array push; the events go out in one pipeline per event-loop turn, in order, off the chunk path.
 */
export function mirrorToRedis({
  redis,
  generation,
  owner,
}: {
  redis: Redis;
  generation: Generation;
  /** This process's name: whom to ask for a stop, and whose liveness readers watch. */
  owner: string;
}): void {
  const eventsKey = redisKeys.events(generation.id);
  const answerKey = redisKeys.answer(generation.id);
  let pending: [StreamEvent, number][] = [];
  let scheduled = false;
  let started = false;

  const flush = () => {
    scheduled = false;
    const batch = pending;
    pending = [];
    const pipeline = redis.pipeline();
    if (!started) {
      started = true;
      pipeline.hset(answerKey, "owner", owner, "running", "1", "last", "0");
    }
    let ended = false;
    let last = 0;
    for (const [event, id] of batch) {
      pipeline.xadd(eventsKey, "MAXLEN", "~", MAX_STREAM_EVENTS, `0-${id}`, "e", JSON.stringify(event));
      last = id;
      if (TERMINAL.has(event.type)) ended = true;
    }
    pipeline.hset(answerKey, "last", String(last), ...(ended ? ["running", "0"] : []));
    const ttl = ended ? ENDED_TTL_MS : RUNNING_TTL_MS;
    pipeline.pexpire(eventsKey, ttl);
    pipeline.pexpire(answerKey, ttl);
    pipeline.exec().catch((error: Error) => {
      console.warn(`Sharing answer ${generation.id} through Redis failed: ${error.message}`);
    });
  };

  generation.observe((event, id) => {
    pending.push([event, id]);
    if (!scheduled) {
      scheduled = true;
      setImmediate(flush);
    }
  });
}
