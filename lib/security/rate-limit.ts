import {
  type RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
} from "rate-limiter-flexible";
import { getEnv } from "@/lib/env";
import { redisClient } from "@/lib/generation/redis/connection";

/** A limit reached: how long until the next attempt may be made. */
export interface RateLimited {
  retryAfterSeconds: number;
}

interface Limiters {
  messages: RateLimiterAbstract;
  signIn: RateLimiterAbstract;
}

// One set per process; with REDIS_URL the counters live in Redis, so every instance counts together.
const store = globalThis as typeof globalThis & { lumiaRateLimiters?: Limiters };

function limiters(): Limiters {
  if (store.lumiaRateLimiters) return store.lumiaRateLimiters;
  const env = getEnv();
  const limiter = (options: { keyPrefix: string; points: number; duration: number }) =>
    env.REDIS_URL
      ? new RateLimiterRedis({
          ...options,
          keyPrefix: `lumia:limit:${options.keyPrefix}`,
          storeClient: redisClient(env.REDIS_URL),
        })
      : new RateLimiterMemory(options);
  store.lumiaRateLimiters = {
    messages: limiter({
      keyPrefix: "messages",
      points: env.LUMIA_RATE_LIMIT_MESSAGES.points,
      duration: env.LUMIA_RATE_LIMIT_MESSAGES.seconds,
    }),
    signIn: limiter({
      keyPrefix: "sign-in",
      points: env.LUMIA_RATE_LIMIT_SIGNIN.points,
      duration: env.LUMIA_RATE_LIMIT_SIGNIN.seconds,
    }),
  };
  return store.lumiaRateLimiters;
}

/** Replaces the limiters' store (a shared one when several instances run). */
export function setRateLimiters(next: Limiters): void {
  store.lumiaRateLimiters = next;
}

async function consume(limiter: RateLimiterAbstract, keys: string[]): Promise<RateLimited | undefined> {
  for (const key of keys) {
    try {
      await limiter.consume(key);
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) {
        return { retryAfterSeconds: Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)) };
      }
      throw rejection;
    }
  }
  return undefined;
}

/**
 * Counts one message (a question to a model) against its account, its API key and its address; the
 * first limit reached answers.
 */
export function limitMessage({
  userId,
  apiKeyId,
  ip,
}: {
  userId: string;
  apiKeyId?: string;
  ip: string;
}): Promise<RateLimited | undefined> {
  return consume(limiters().messages, [
    `user:${userId}`,
    ...(apiKeyId ? [`key:${apiKeyId}`] : []),
    `ip:${ip}`,
  ]);
}

/** Counts one sign-in or sign-up attempt from an address. */
export function limitSignIn({ ip }: { ip: string }): Promise<RateLimited | undefined> {
  return consume(limiters().signIn, [`ip:${ip}`]);
}
