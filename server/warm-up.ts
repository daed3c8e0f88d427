/** Routes whose modules a first chat needs; each is asked something it refuses at once (400, no side effect). */
const ROUTES: [method: string, path: string][] = [
  ["GET", "/api/health"],
  ["POST", "/chat/stream"],
  ["POST", "/memory/chat/stream"],
  ["POST", "/memory/chat/fast"],
  ["POST", "/threads/warm-up/chat/stream"],
  ["POST", "/api/chat"],
  ["GET", "/api/threads?limit=1"],
];

/**
 * Next loads a route's code on its first request: without this, the first chat after a start pays a few
 * hundred milliseconds of module loading before its first chunk.
 */
export async function warmUp({ baseUrl }: { baseUrl: string }): Promise<void> {
  await Promise.allSettled(
    ROUTES.map(([method, path]) =>
      fetch(`${baseUrl}${path}`, {
        method,
        ...(method === "POST" ? { body: "{}", headers: { "content-type": "application/json" } } : {}),
        signal: AbortSignal.timeout(10_000),
      }).then((response) => response.arrayBuffer()),
    ),
  );
}
