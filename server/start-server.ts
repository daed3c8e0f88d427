import { createServer, type Server } from "node:http";
import next from "next";
import { getEnv } from "@/lib/env";
import { authenticateRequest } from "@/lib/security/authenticate";
import { guardPolicyFromEnv } from "@/lib/security/guard-policy";
import { guardRequest } from "@/lib/security/request-guard";
import { PRINCIPAL_HEADER } from "@/lib/security/request-principal";
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
  const policy = guardPolicyFromEnv();
  const authOn = getEnv().LUMIA_AUTH;
  const requestTimeoutMs = getEnv().LUMIA_REQUEST_TIMEOUT_MS;
  // Behind a load balancer, which instance answered (only when the operator named it: the default name
  // is the machine's host name, not for strangers).
  const instanceId = process.env.LUMIA_INSTANCE_ID;
  // Every request passes the guard first (host, cross-site, security headers), then, with accounts on,
  // authentication and the rate limits (lib/security/authenticate.ts). The streaming endpoints
  // then skip Next's request path (server/stream-routes.ts): the same route handlers, their Response
  // written straight to the socket. Everything else is Next's.
  const server = createServer(
    // Timeouts are checked this often; the default (30 s) would let a slow client hold on much longer.
    { connectionsCheckingInterval: Math.min(1_000, requestTimeoutMs) },
    (req, res) => {
      if (instanceId) res.setHeader("X-Lumia-Instance", instanceId);
      if (!guardRequest({ req, res, policy })) return;
      const dispatch = () => {
        const streamRoute = findStreamRoute(req);
        void (streamRoute ? streamRoute(req, res) : handle(req, res));
      };
      // Without accounts nothing is asked of the database before a request is served.
      if (!authOn) {
        delete req.headers[PRINCIPAL_HEADER];
        dispatch();
        return;
      }
      authenticateRequest({ req, res }).then(
        (admitted) => admitted && dispatch(),
        (error) => {
          console.error("Authenticating a request failed:", error);
          if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
          res.end(JSON.stringify({ error: "Something went wrong inside Lumia.", code: "internal_error" }));
        },
      );
    },
  );
  // A client must send its whole request (headers, body) in time; the response is not limited, so a
  // stream may run for as long as the answer does (heartbeats keep proxies from closing it).
  server.requestTimeout = requestTimeoutMs;
  server.headersTimeout = Math.min(20_000, requestTimeoutMs);
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, hostname, () => resolve());
  });
  return server;
}
