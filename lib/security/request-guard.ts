import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { isIP } from "node:net";
import type { ErrorBody } from "@/lib/errors";

/** What the guard needs to know besides the request: the configured hosts and cross-origin callers. */
export interface GuardPolicy {
  /** Host names besides loopback and IP literals (LUMIA_ALLOWED_HOSTS, LUMIA_PUBLIC_URL's host). */
  allowedHosts: readonly string[];
  /** Origins allowed to call the API from a browser (LUMIA_CORS_ORIGINS, LUMIA_PUBLIC_URL's origin). */
  allowedOrigins: readonly string[];
  /** `next dev` needs eval for its refresh runtime. */
  development?: boolean;
}

/** A refusal: the status and JSON body to answer with. */
export interface Refusal {
  status: number;
  body: ErrorBody;
}

/** Paths that are API rather than pages: JSON, streams, the OpenAI layer, the seed's streaming paths. */
const API_PATH = /^\/(?:api|v1|chat|memory|threads)(?:\/|$)/;
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Refuses what a browser page on another site, or a DNS-rebinding page, may send: a `Host` that is not
 * ours (421), and a cross-site request that changes state or reads the API (403). Requests without
 * `Origin` and `Sec-Fetch-Site` are not from a browser page (curl, services, the seed's clients) and pass.
 */
export function refuseRequest({
  method,
  path,
  headers,
  policy,
}: {
  method: string;
  path: string;
  headers: IncomingMessage["headers"];
  policy: GuardPolicy;
}): Refusal | undefined {
  const host = headers.host;
  if (!host || !isAllowedHost({ host, allowedHosts: policy.allowedHosts })) {
    return {
      status: 421,
      body: {
        error:
          `Lumia does not answer to the host name '${(host ?? "").slice(0, 100)}'. To reach it by that name, ` +
          "add it to LUMIA_ALLOWED_HOSTS (or set LUMIA_PUBLIC_URL).",
        code: "host_not_allowed",
      },
    };
  }
  const reachesApi = !SAFE_METHODS.has(method) || (method !== "OPTIONS" && API_PATH.test(path));
  if (reachesApi && isForeignBrowserRequest({ headers, allowedOrigins: policy.allowedOrigins })) {
    return {
      status: 403,
      body: {
        error:
          "Refused: this request comes from a page on another site. Lumia only takes browser requests from " +
          "its own pages (add an origin to LUMIA_CORS_ORIGINS to let a web app call the API).",
        code: "cross_site_request",
      },
    };
  }
  return undefined;
}

/**
 * Loopback names, IP literals and single-label names (a rebinding attack needs a domain of the
 * attacker's, which always has a dot: an address typed by the user, a proxy's upstream name such as
 * `lumia`, or a LAN host name is safe) and the configured names. The port does not matter.
 */
export function isAllowedHost({
  host,
  allowedHosts,
}: {
  host: string;
  allowedHosts: readonly string[];
}): boolean {
  const name = hostName(host);
  if (!name) return false;
  if (name === "localhost" || name.endsWith(".localhost")) return true;
  if (isIP(name)) return true;
  if (!name.includes(".") && /^[a-z0-9-]+$/.test(name)) return true;
  return allowedHosts.includes(name);
}

/**
 * A browser page of another origin. `Sec-Fetch-Site` is the browser's own verdict (a page cannot set
 * it), and it holds behind any proxy: `same-origin` is Lumia's own page, `none` the user typing the URL;
 * `same-site` is another port or subdomain of this host, so another application. Browsers without it
 * are judged by `Origin` against the host the browser asked for (`X-Forwarded-Host` behind a proxy:
 * a page cannot set that one either without a preflight, which Lumia does not grant).
 */
function isForeignBrowserRequest({
  headers,
  allowedOrigins,
}: {
  headers: IncomingMessage["headers"];
  allowedOrigins: readonly string[];
}): boolean {
  const origin = headers.origin;
  if (origin !== undefined && origin !== "null" && allowedOrigins.includes(origin)) return false;
  const site = headers["sec-fetch-site"];
  if (site !== undefined) return site !== "same-origin" && site !== "none";
  // "null": sandboxed frames, file: pages, cross-origin redirects; never Lumia's own page.
  if (origin === undefined) return false;
  if (origin === "null") return true;
  const forwarded = firstValue(headers["x-forwarded-host"]);
  return originHost(origin) !== (forwarded ?? headers.host ?? "").toLowerCase();
}

function firstValue(value: string | string[] | undefined): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  return first?.split(",")[0]?.trim();
}

function originHost(origin: string): string {
  try {
    return new URL(origin).host;
  } catch {
    return "";
  }
}

/** The host name of a `Host` value, lower case, without port or IPv6 brackets. */
function hostName(host: string): string {
  const value = host.trim().toLowerCase();
  if (value.startsWith("[")) return value.slice(1, value.indexOf("]"));
  const colon = value.lastIndexOf(":");
  return colon >= 0 && value.indexOf(":") === colon ? value.slice(0, colon) : value;
}

/** Set by the guard on every request it lets through: `local` for a client on this machine. */
export const PEER_HEADER = "x-lumia-peer";

/**
 * A client on this machine, talking to Lumia directly: a loopback address and no proxy headers (behind
 * a proxy on the same machine, every client would look local).
 */
function isLocalPeer(req: IncomingMessage): boolean {
  const address = req.socket.remoteAddress ?? "";
  const loopback = address === "::1" || address.startsWith("127.") || address.startsWith("::ffff:127.");
  return loopback && !req.headers["x-forwarded-for"] && !req.headers.forwarded && !req.headers["x-real-ip"];
}

/** Whether a request the guard let through came from a client on this machine (see isLocalPeer). */
export function isLocalRequest(request: Request): boolean {
  return request.headers.get(PEER_HEADER) === "local";
}

/** Headers every response carries: no sniffing, no framing, no referrer, no cross-origin embedding. */
const COMMON_HEADERS: Readonly<Record<string, string>> = {
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
  "X-Frame-Options": "DENY",
  "Cross-Origin-Opener-Policy": "same-origin",
  "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
};

const API_CSP = "default-src 'none'; frame-ancestors 'none'";

/**
 * The Content-Security-Policy of a page: scripts only from this origin with this response's nonce
 * (Next puts it on its own inline scripts), images only from here or data: URLs (a remote image in an
 * answer cannot leak anything), nothing framed, no framing.
 */
export function pageCsp({ nonce, development = false }: { nonce: string; development?: boolean }): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ""}`,
    // React's style attributes and KaTeX's inline styles.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${development ? " ws:" : ""}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/**
 * Guards one request at the door of the Node server, before Next or the lean stream routes see it: sets
 * the security headers on the response (a page gets a fresh CSP nonce, handed to Next through the
 * request's own CSP header, which is where Next looks for it), and answers a refused request with its
 * JSON error. Returns false when the request was answered here.
 */
export function guardRequest({
  req,
  res,
  policy,
}: {
  req: IncomingMessage;
  res: ServerResponse;
  policy: GuardPolicy;
}): boolean {
  const url = req.url ?? "/";
  const query = url.indexOf("?");
  const path = query < 0 ? url : url.slice(0, query);
  for (const [name, value] of Object.entries(COMMON_HEADERS)) res.setHeader(name, value);
  // Whatever a client claims in these, only the server may set them.
  delete req.headers["content-security-policy"];
  delete req.headers["content-security-policy-report-only"];
  req.headers[PEER_HEADER] = isLocalPeer(req) ? "local" : "remote";
  if (API_PATH.test(path)) {
    res.setHeader("Content-Security-Policy", API_CSP);
  } else if (!path.startsWith("/_next/")) {
    const csp = pageCsp({ nonce: randomBytes(16).toString("base64"), development: policy.development });
    res.setHeader("Content-Security-Policy", csp);
    req.headers["content-security-policy"] = csp;
  }
  const refusal = refuseRequest({ method: req.method ?? "GET", path, headers: req.headers, policy });
  if (!refusal) return true;
  res.writeHead(refusal.status, { "content-type": "application/json" });
  res.end(JSON.stringify(refusal.body));
  return false;
}
