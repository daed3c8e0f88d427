import { getEnv } from "@/lib/env";
import { InProcessRegistry } from "./in-process-registry";
import { processName } from "./instances";
import { redisClient } from "./redis/connection";
import { RedisRegistry } from "./redis/redis-registry";
import type { GenerationRegistry } from "./registry-types";

export type { GenerationRegistry } from "./registry-types";

// On globalThis: Next evaluates lib modules once per route bundle, and the lean stream routes load them
// again; a stop sent through Next must find the answer a lean route started.
const store = globalThis as typeof globalThis & { lumiaGenerations?: GenerationRegistry };

/** The process's registry of answers: shared through Redis when REDIS_URL is set. */
export function generations(): GenerationRegistry {
  if (store.lumiaGenerations) return store.lumiaGenerations;
  const url = getEnv().REDIS_URL;
  store.lumiaGenerations = url
    ? new RedisRegistry(url, redisClient(url), processName())
    : new InProcessRegistry();
  return store.lumiaGenerations;
}

/** Replaces the registry (a shared backend, or tests). */
export function setGenerationRegistry(registry: GenerationRegistry): void {
  store.lumiaGenerations = registry;
}

/** Closes the registry's outside connections, if it was ever used (shutdown). */
export async function closeGenerations(): Promise<void> {
  await store.lumiaGenerations?.close?.();
}
