import { getEnv } from "@/lib/env";

/** Methods a cross-origin page may use on the API (the preflight's answer). */
const ALLOWED_METHODS = "GET, POST, PUT, PATCH, DELETE, OPTIONS";

/**
 * Request headers a cross-origin page may send: what Lumia reads, what the OpenAI SDKs (`x-stainless-*`,
 * `openai-*`) and the AI SDK send, and `Last-Event-ID` for resuming a stream. With credentials allowed
 * the header list cannot be `*`, so a preflight is answered with the requested names that are on it.
 */
const ALLOWED_HEADERS = new Set([
  "accept",
  "authorization",
  "cache-control",
  "content-type",
  "last-event-id",
  "openai-beta",
  "openai-organization",
  "openai-project",
  "x-api-key",
  "x-request-id",
]);
const ALLOWED_HEADER_PREFIXES = ["x-stainless-"];

/** Response headers a cross-origin page may read (fetch hides all but the simple ones otherwise). */
const EXPOSED_HEADERS = "Content-Type, X-Request-Id, Retry-After";

/** How long a browser may reuse a preflight answer, in seconds (Chromium caps it at 2 h). */
const PREFLIGHT_MAX_AGE_S = 7200;

/**
 * Whether pages from `origin` may call Lumia: exactly one of the origins listed in LUMIA_CORS_ORIGINS.
 * Never a wildcard: the answer allows credentials, which browsers refuse together with `*`.
 */
export function isCorsOriginAllowed({
  origin,
  allowed = getEnv().LUMIA_CORS_ORIGINS,
}: {
  origin: string | null | undefined;
  allowed?: readonly string[];
}): boolean {
  if (!origin || allowed.length === 0) return false;
  return allowed.includes(origin.toLowerCase());
}

/**
 * The CORS headers of an answer to a request from `origin`: the origin echoed (with `Vary: Origin`, so
 * a cache never hands one origin's answer to another) when it is allowed, nothing otherwise.
 */
export function corsHeaders({
  origin,
  allowed,
}: {
  origin: string | null | undefined;
  allowed?: readonly string[];
}): Record<string, string> {
  if (!isCorsOriginAllowed({ origin, allowed })) return {};
  return {
    "Access-Control-Allow-Origin": origin as string,
    "Access-Control-Allow-Credentials": "true",
    "Access-Control-Expose-Headers": EXPOSED_HEADERS,
    Vary: "Origin",
  };
}

/**
 * The answer to a preflight (`OPTIONS` with `Access-Control-Request-Method`): 204 with the methods,
 * the requested headers Lumia accepts and a max-age for an allowed origin; 204 without CORS headers
 * for any other, which the browser takes as a refusal.
 */
export function preflightHeaders({
  origin,
  requestHeaders,
  allowed,
}: {
  origin: string | null | undefined;
  requestHeaders: string | null | undefined;
  allowed?: readonly string[];
}): Record<string, string> {
  const base = corsHeaders({ origin, allowed });
  if (!base["Access-Control-Allow-Origin"]) return { Vary: "Origin" };
  const headers = (requestHeaders ?? "")
    .split(",")
    .map((name) => name.trim().toLowerCase())
    .filter(
      (name) =>
        ALLOWED_HEADERS.has(name) || ALLOWED_HEADER_PREFIXES.some((prefix) => name.startsWith(prefix)),
    );
  return {
    "Access-Control-Allow-Origin": base["Access-Control-Allow-Origin"],
    "Access-Control-Allow-Credentials": "true",
    "Access-Control-Allow-Methods": ALLOWED_METHODS,
    ...(headers.length > 0 ? { "Access-Control-Allow-Headers": headers.join(", ") } : {}),
    "Access-Control-Max-Age": String(PREFLIGHT_MAX_AGE_S),
    Vary: "Origin, Access-Control-Request-Method, Access-Control-Request-Headers",
  };
}

/** A preflight answered from a web Request (route handlers). */
export function preflightResponse({ request }: { request: Request }): Response {
  return new Response(null, {
    status: 204,
    headers: preflightHeaders({
      origin: request.headers.get("origin"),
      requestHeaders: request.headers.get("access-control-request-headers"),
    }),
  });
}

/**
 * Adds the CORS headers for `request`'s origin to a Response a handler built. A Response built with
 * `new Response` (or `Response.json`) has mutable headers; one whose headers are frozen (a fetched
 * body passed through) is copied.
 */
export function withCors({ request, response }: { request: Request; response: Response }): Response {
  const headers = corsHeaders({ origin: request.headers.get("origin") });
  if (!headers["Access-Control-Allow-Origin"]) return response;
  const apply = (target: Headers) => {
    // Vary is added to, never replaced: Next and caches may vary on other headers too.
    for (const [name, value] of Object.entries(headers)) {
      if (name === "Vary") target.append(name, value);
      else target.set(name, value);
    }
  };
  try {
    apply(response.headers);
    return response;
  } catch {
    const copy = new Response(response.body, response);
    apply(copy.headers);
    return copy;
  }
}
