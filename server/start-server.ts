import { randomBytes, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import next from "next";
import { getEnv } from "@/lib/env";
import { INTERNAL_SECRET_HEADER, PROCESS_HEADER } from "@/lib/generation/forward-to-owner";
import { processName } from "@/lib/generation/instances";
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
}): Promise<{ server: Server; internal: InternalServer }> {
  const app = next({ dev: false, dir, hostname, port });
  await app.prepare();
  const handle = app.getRequestHandler();
  const policy = guardPolicyFromEnv();
  const authOn = getEnv().LUMIA_AUTH;
  const requestTimeoutMs = getEnv().LUMIA_REQUEST_TIMEOUT_MS;
  const name = processName();
  const dispatch = (req: IncomingMessage, res: ServerResponse) => {
    // Which process served it (a forwarded stream names its owner, and x-lumia-forwarded-by the other).
    res.setHeader(PROCESS_HEADER, name);
    const streamRoute = findStreamRoute(req);
    void (streamRoute ? streamRoute(req, res) : handle(req, res));
  };
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
      // Only a sibling worker, on the private port, may speak for another worker.
      delete req.headers[INTERNAL_SECRET_HEADER];
      // Without accounts nothing is asked of the database before a request is served.
      if (!authOn) {
        delete req.headers[PRINCIPAL_HEADER];
        dispatch(req, res);
        return;
      }
      authenticateRequest({ req, res }).then(
        (admitted) => admitted && dispatch(req, res),
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
  // The cluster's secret in a worker; a lone process makes its own (only its warm-up uses the port).
  const secret = process.env.LUMIA_INTERNAL_SECRET || randomBytes(32).toString("base64url");
  const internalServer = await listenInternal({ dispatch, secret });
  const { port: internalPort } = internalServer.address() as AddressInfo;
  return {
    server,
    internal: {
      server: internalServer,
      address: `127.0.0.1:${internalPort}`,
      headers: { [INTERNAL_SECRET_HEADER]: secret },
    },
  };
}

/** The private port: where it listens and what a request to it must carry. */
export interface InternalServer {
  server: Server;
  address: string;
  headers: Record<string, string>;
}

/**
 * The private port: loopback only, this process alone (`exclusive`: a cluster worker's port 0 would
 * otherwise be one port shared by all of them), and only for requests with the secret. They were
 * guarded and authenticated by the worker that received them, which also set the principal header: a
 * sibling worker forwarding a resume or a stop to the answer's owner, or the process's own warm-up.
 */
async function listenInternal({
  dispatch,
  secret,
}: {
  dispatch: (req: IncomingMessage, res: ServerResponse) => void;
  secret: string;
}): Promise<Server> {
  const expected = Buffer.from(secret);
  const server = createServer((req, res) => {
    const given = req.headers[INTERNAL_SECRET_HEADER];
    const givenBytes = typeof given === "string" ? Buffer.from(given) : undefined;
    if (!givenBytes || givenBytes.length !== expected.length || !timingSafeEqual(givenBytes, expected)) {
      res.writeHead(403, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: "Only Lumia's own workers may call this port.", code: "forbidden" }));
      return;
    }
    delete req.headers[INTERNAL_SECRET_HEADER];
    dispatch(req, res);
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen({ port: 0, host: "127.0.0.1", exclusive: true }, () => resolve());
  });
  return server;
}
