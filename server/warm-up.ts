/** Routes whose modules a first chat needs; each is asked something it refuses at once (400, no side effect). */
const ROUTES: [method: string, path: string][] = [
  ["GET", "/api/health"],
  ["POST", "/chat/stream"],
  ["POST", "/memory/chat/stream"],
  ["POST", "/memory/chat/fast"],
  ["POST", "/threads/warm-up/chat/stream"],
  ["POST", "/api/chat"],
  ["GET", "/api/threads?limit=1"],
  ["POST", "/api/threads/warm-up/messages/warm-up/stop"],
];

/**
 * Next loads a route's code on its first request: without this, the first chat after a start pays a few
 * hundred milliseconds of module loading before its first chunk.
 */
export async function warmUp({
  baseUrl,
  headers = {},
}: {
  baseUrl: string;
  /** Sent with every request (a worker's private port wants the workers' secret). */
  headers?: Record<string, string>;
}): Promise<void> {
  await warmUpInProcess();
  await Promise.allSettled(
    ROUTES.map(([method, path]) =>
      fetch(`${baseUrl}${path}`, {
        method,
        headers: { ...headers, ...(method === "POST" ? { "content-type": "application/json" } : {}) },
        ...(method === "POST" ? { body: "{}" } : {}),
        signal: AbortSignal.timeout(10_000),
      }).then((response) => response.arrayBuffer()),
    ),
  );
}

/**
 * What the first answer would otherwise wait for, done in this process before it serves: the database's
 * first connection, the list of installed models (the model check), and with accounts on, the
 * authentication library and its first key lookup (the warm-up requests above are refused before
 * reaching their routes then).
 */
async function warmUpInProcess(): Promise<void> {
  const { getDb } = await import("@/lib/db/client");
  const { listInstalledModels } = await import("@/lib/ollama/models");
  const { getEnv } = await import("@/lib/env");
  const work: Promise<unknown>[] = [
    getDb().then((db) => db.$queryRawUnsafe("SELECT 1")),
    listInstalledModels({}),
  ];
  if (getEnv().REDIS_URL) {
    // The shared registry: connected, listening for stops and saying this process is up before the
    // first request, so the first stop or resume through this instance waits for no connection.
    const { generations } = await import("@/lib/generation/registry");
    const { redisClient } = await import("@/lib/generation/redis/connection");
    generations();
    work.push(redisClient(getEnv().REDIS_URL as string).ping());
  }
  if (getEnv().LUMIA_AUTH) {
    const { getPrincipal } = await import("@/lib/auth/principal");
    work.push(getPrincipal({ headers: new Headers({ authorization: "Bearer lumia_warm-up" }) }));
  }
  await Promise.allSettled(work);
}
