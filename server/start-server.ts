import { createServer, type Server } from "node:http";
import next from "next";
import { findStreamRoute } from "@/server/stream-routes";

/**
 * Serves the production build of the Next app on one HTTP server. A custom server rather than
 * `next start` so that start-up work (migrations, repairs, the Ollama check) happens in the same process
 * before the first request.
 */
export async function startServer({
  dir,
  hostname,
  port,
}: {
  dir: string;
  hostname: string;
  port: number;
}): Promise<Server> {
  const app = next({ dev: false, dir, hostname, port });
  await app.prepare();
  const handle = app.getRequestHandler();
  // The streaming endpoints skip Next's request path (server/stream-routes.ts): the same route handlers,
  // their Response written straight to the socket. Everything else is Next's.
  const server = createServer((req, res) => {
    const streamRoute = findStreamRoute(req);
    void (streamRoute ? streamRoute(req, res) : handle(req, res));
  });
  // Streams may stay silent for a long model load; heartbeats keep them alive, not socket timeouts.
  server.requestTimeout = 0;
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, hostname, () => resolve());
  });
  return server;
}
