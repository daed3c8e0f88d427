import type { IncomingMessage, ServerResponse } from "node:http";
import { getPrincipal, type Principal } from "@/lib/auth/principal";
import { getEnv } from "@/lib/env";
import type { ErrorBody } from "@/lib/errors";
import { limitMessage, limitSignIn, type RateLimited } from "@/lib/security/rate-limit";
import { PRINCIPAL_HEADER } from "@/lib/security/request-principal";

/** Paths anyone may reach with accounts on: signing in, the health check, the assets of the sign-in page. */
const PUBLIC_PATH = /^\/(?:api\/auth\/|api\/health$|sign-in$|_next\/|icon\.svg$|favicon\.ico$)/;
const API_PATH = /^\/(?:api|v1|chat|memory|threads)(?:\/|$)/;
/** Requests that ask a model something: counted against the message limits. */
const MESSAGE_PATH =
  /^\/(?:(?:api\/)?(?:chat\/stream|memory\/chat\/(?:stream|fast)|threads\/[^/]+\/chat\/stream)|api\/chat|v1\/(?:chat\/completions|completions|responses))$/;
const SIGN_IN_PATH = /^\/api\/auth\/(?:sign-in|sign-up)\//;

/**
 * With accounts on (LUMIA_AUTH=on), every request but the public ones must come from a signed-in user
 * (session cookie) or carry one's API key (`Authorization: Bearer`): the API answers 401 JSON, a page
 * sends the browser to the sign-in page. The principal is handed to the route handlers in a header only
 * the server sets (request-principal.ts). Messages and sign-in attempts are counted against their limits
 * (429 with Retry-After). Returns false when the request was answered here.
 */
export async function authenticateRequest({
  req,
  res,
}: {
  req: IncomingMessage;
  res: ServerResponse;
}): Promise<boolean> {
  delete req.headers[PRINCIPAL_HEADER];
  if (!getEnv().LUMIA_AUTH) return true;
  const url = req.url ?? "/";
  const query = url.indexOf("?");
  const path = query < 0 ? url : url.slice(0, query);
  const ip = req.socket.remoteAddress ?? "unknown";
  if (PUBLIC_PATH.test(path)) {
    if (req.method === "POST" && SIGN_IN_PATH.test(path)) {
      const limited = await limitSignIn({ ip });
      if (limited) return tooMany({ res, limited, what: "sign-in attempts" });
    }
    return true;
  }
  const principal = await getPrincipal({ headers: toHeaders(req) });
  if (!principal) {
    if (API_PATH.test(path) || req.method !== "GET") {
      send({
        res,
        status: 401,
        body: {
          error: "Sign in, or send an API key as 'Authorization: Bearer <key>' (create one under Account).",
          code: "unauthorized",
        },
        headers: { "WWW-Authenticate": 'Bearer realm="lumia"' },
      });
    } else {
      res.writeHead(303, { Location: `/sign-in?next=${encodeURIComponent(url)}` });
      res.end();
    }
    return false;
  }
  if (req.method === "POST" && MESSAGE_PATH.test(path)) {
    const limited = await limitMessage({ userId: principal.userId, apiKeyId: principal.apiKeyId, ip });
    if (limited) return tooMany({ res, limited, what: "messages" });
  }
  req.headers[PRINCIPAL_HEADER] = encodePrincipal(principal);
  return true;
}

function encodePrincipal(principal: Principal): string {
  return [principal.userId, principal.role, principal.via, principal.apiKeyId ?? ""].join(" ");
}

function tooMany({ res, limited, what }: { res: ServerResponse; limited: RateLimited; what: string }): false {
  send({
    res,
    status: 429,
    body: {
      error: `Too many ${what}: try again in ${limited.retryAfterSeconds} s.`,
      code: "rate_limited",
    },
    headers: { "Retry-After": String(limited.retryAfterSeconds) },
  });
  return false;
}

function send({
  res,
  status,
  body,
  headers = {},
}: {
  res: ServerResponse;
  status: number;
  body: ErrorBody;
  headers?: Record<string, string>;
}) {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

function toHeaders(req: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
  }
  return headers;
}
