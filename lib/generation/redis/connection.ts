import { Redis } from "ioredis";

/** Key names of the shared generation backend; one place, so every process agrees. */
export const redisKeys = {
  /** The events of one answer, entry ids `0-<event id>`. */
  events: (id: string) => `lumia:answer:{${id}}:events`,
  /** One answer's state: owner (process name), running ("1"/"0"), last (event id). */
  answer: (id: string) => `lumia:answer:{${id}}`,
  /** Present while a process is up (expires a few seconds after it stops beating). */
  alive: (processName: string) => `lumia:alive:${processName}`,
  /** Pub/sub channel on which every process hears stop requests (the message: the answer's id). */
  stopChannel: "lumia:stop",
};

const store = globalThis as typeof globalThis & { lumiaRedis?: Redis };

/**
 * The process's command connection to REDIS_URL. Commands wait while it (re)connects instead of
 * failing, so a short Redis restart delays resumes rather than breaking them.
 */
export function redisClient(url: string): Redis {
  store.lumiaRedis ??= newRedisConnection(url, "lumia");
  return store.lumiaRedis;
}

/** A connection of its own: blocking reads and pub/sub cannot share the command connection. */
export function newRedisConnection(url: string, name: string): Redis {
  const redis = new Redis(url, {
    connectionName: name,
    maxRetriesPerRequest: null,
    // ioredis resubscribes by itself after a reconnect; a listener that silently dies is a known way
    // for cross-instance stop to stop working.
    autoResubscribe: true,
    lazyConnect: false,
  });
  redis.on("error", (error) => {
    if (!(redis as Redis & { lumiaWarned?: boolean }).lumiaWarned) {
      (redis as Redis & { lumiaWarned?: boolean }).lumiaWarned = true;
      console.warn(`Redis (${name}) is unreachable: ${error.message}; retrying.`);
    }
  });
  redis.on("ready", () => {
    (redis as Redis & { lumiaWarned?: boolean }).lumiaWarned = false;
  });
  return redis;
}
