import { PRINCIPAL_HEADER } from "@/lib/security/request-principal";

/** A model no Ollama has: a question for it goes through validation and the model check, then stops (404). */
const ABSENT_MODEL = JSON.stringify({ message: "warm-up", model: "lumia-warm-up-absent:latest" });

/**
 * Routes a first chat needs, each asked something it refuses without a side effect: a question for a
 * model that is not installed (404 after the checks a real one passes), an empty body (400), or a
 * thread or answer that does not exist (404).
 */
const ROUTES: [method: string, path: string, body?: string][] = [
  ["GET", "/api/health"],
  ["POST", "/chat/stream", ABSENT_MODEL],
  ["POST", "/memory/chat/stream", ABSENT_MODEL],
  ["POST", "/memory/chat/fast", ABSENT_MODEL],
  ["POST", "/threads/warm-up/chat/stream", ABSENT_MODEL],
  ["POST", "/api/chat", "{}"],
  ["POST", "/v1/chat/completions", "{}"],
  ["GET", "/api/threads?limit=1"],
  ["POST", "/api/threads/warm-up/messages/warm-up/stop", "{}"],
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
  /** Sent with every request (the private port wants its secret). */
  headers?: Record<string, string>;
}): Promise<void> {
  await warmUpInProcess();
  // As a user no one has (the private port trusts the principal its caller names): with accounts on,
  // the routes run their checks instead of refusing a request without one.
  const asNobody = { [PRINCIPAL_HEADER]: "lumia-warm-up user api_key" };
  await Promise.allSettled(
    ROUTES.map(([method, path, body]) =>
      fetch(`${baseUrl}${path}`, {
        method,
        headers: { ...headers, ...asNobody, ...(body ? { "content-type": "application/json" } : {}) },
        ...(body ? { body } : {}),
        signal: AbortSignal.timeout(10_000),
      }).then((response) => response.arrayBuffer()),
    ),
  );
}

/**
 * What the first answer would otherwise wait for, done in this process before it serves: the database's
 * first connection, the list of installed models (the model check), a pooled connection to each Ollama,
 * the shared registry's connections, and with accounts on the authentication library, its first session
 * check and the first key lookup (authentication runs on the public port only, which the warm-up
 * requests above do not pass through).
 */
async function warmUpInProcess(): Promise<void> {
  const { getDb } = await import("@/lib/db/client");
  const { listInstalledModels } = await import("@/lib/ollama/models");
  const { getEnv } = await import("@/lib/env");
  const { warmOllamaConnection } = await import("@/lib/ollama/ndjson-chat");
  const work: Promise<unknown>[] = [
    getDb().then((db) => db.$queryRawUnsafe("SELECT 1")),
    listInstalledModels({}),
    ...getEnv().ollamaHosts.map((host) => warmOllamaConnection({ host })),
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
    work.push(
      getPrincipal({ headers: new Headers({ authorization: "Bearer lumia_warm-up" }) }),
      getPrincipal({ headers: new Headers() }),
    );
  }
  await Promise.allSettled(work);
}
