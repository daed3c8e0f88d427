import type { ArrivalPattern } from "./arrival-pattern";

/** The proxies and CDNs Lumia knows a streaming fix for (docs/deploy.md has each one's config). */
export const PROXY_KINDS = [
  "nginx",
  "apache",
  "caddy",
  "haproxy",
  "lighttpd",
  "varnish",
  "traefik",
  "envoy",
  "cloudflare",
] as const;
export type ProxyKind = (typeof PROXY_KINDS)[number];

/** One observation that points at a proxy, or at how it treated the stream. */
export type ProxyEvidence =
  /** A response header as received, e.g. `Server: lighttpd/1.4.69` or `X-Varnish: 32770`. */
  | { kind: "header"; name: string; value: string }
  /** Neither Server nor Via: the proxy in between does not introduce itself. */
  | { kind: "no-server-header" }
  /** Header names arrived in lower case where Lumia's server writes `Date` (HAProxy's HTTP/1 output). */
  | { kind: "lowercase-header-names" }
  /** An event stream with a Content-Length: someone had the whole response before sending it. */
  | { kind: "content-length"; value: string }
  /** The arrival pattern (see describeArrivalPattern), when it is one that points at a cause. */
  | Extract<ArrivalPattern, { kind: "one-read" | "batches" }>;

export type ProxyDetection = {
  /** The proxy nearest the client that the evidence names; `unknown` when nothing does. */
  proxy: ProxyKind | "unknown";
  /** `named` when a header names it, `likely` when it is inferred from behaviour, `none` for unknown. */
  certainty: "named" | "likely" | "none";
  evidence: ProxyEvidence[];
};

// Products as they appear in Server and Via values, e.g. `nginx/1.22.1`, `1.1 varnish (Varnish/7.1)`.
const products: { pattern: RegExp; proxy: ProxyKind }[] = [
  { pattern: /\bcloudflare\b/i, proxy: "cloudflare" },
  { pattern: /\bvarnish\b/i, proxy: "varnish" },
  { pattern: /\benvoy\b/i, proxy: "envoy" },
  { pattern: /\btraefik\b/i, proxy: "traefik" },
  { pattern: /\b(nginx|openresty)\b/i, proxy: "nginx" },
  { pattern: /\bapache\b/i, proxy: "apache" },
  { pattern: /\bcaddy\b/i, proxy: "caddy" },
  { pattern: /\blighttpd\b/i, proxy: "lighttpd" },
  { pattern: /\bhaproxy\b/i, proxy: "haproxy" },
];

// Headers that name their proxy by being there at all, nearest the client first.
const signatureHeaders: { name: string; label: string; proxy: ProxyKind }[] = [
  { name: "cf-ray", label: "CF-Ray", proxy: "cloudflare" },
  { name: "x-varnish", label: "X-Varnish", proxy: "varnish" },
  { name: "x-envoy-upstream-service-time", label: "X-Envoy-Upstream-Service-Time", proxy: "envoy" },
];

// Headers caches add without naming themselves: evidence of a cache on the way, not of which one.
const cacheHeaders: { name: string; label: string }[] = [
  { name: "x-cache", label: "X-Cache" },
  { name: "x-served-by", label: "X-Served-By" },
  { name: "age", label: "Age" },
];

/**
 * Names the proxy between Lumia and the client from evidence, not from a substring of one header:
 * the headers that proxies add (Server, Via, X-Varnish, CF-Ray, …), the headers they change (a
 * Content-Length on a stream, header names rewritten in lower case), and the arrival pattern. Lumia
 * itself sends no Server or Via header, so any such header comes from something in between. HAProxy
 * introduces itself nowhere; it is inferred from its lower-case header names (visible to a Node client
 * only, browsers normalise names) and from its fixed-interval batches.
 */
export function detectProxy({
  headers,
  rawHeaderNames,
  pattern,
}: {
  /** Response headers with lower-case names, as `fetch` and Node report them. */
  headers: Readonly<Record<string, string>>;
  /** Header names exactly as received (Node's rawHeaders); undefined where unknown (browsers). */
  rawHeaderNames?: readonly string[];
  pattern: ArrivalPattern;
}): ProxyDetection {
  const evidence: ProxyEvidence[] = [];
  const named: ProxyKind[] = [];
  const name = (proxy: ProxyKind | undefined) => {
    if (proxy && !named.includes(proxy)) named.push(proxy);
  };

  for (const signature of signatureHeaders) {
    const value = headers[signature.name];
    if (value === undefined) continue;
    evidence.push({ kind: "header", name: signature.label, value });
    name(signature.proxy);
  }
  // Via lists every proxy on the way, the nearest to the client last.
  const via = headers.via;
  if (via) {
    evidence.push({ kind: "header", name: "Via", value: via });
    for (const hop of via.split(",").reverse()) name(productIn(hop));
  }
  const server = headers.server;
  if (server) {
    evidence.push({ kind: "header", name: "Server", value: server });
    name(productIn(server));
  }
  for (const cache of cacheHeaders) {
    const value = headers[cache.name];
    if (value !== undefined) evidence.push({ kind: "header", name: cache.label, value });
  }

  let inferred = false;
  if (named.length === 0 && !server && !via) {
    const lowercase = rawHeaderNames?.includes("date") && !rawHeaderNames.includes("Date");
    if (lowercase || pattern.kind === "batches") {
      evidence.unshift({ kind: "no-server-header" });
      if (lowercase) evidence.push({ kind: "lowercase-header-names" });
      name("haproxy");
      inferred = true;
    }
  }

  const contentType = headers["content-type"] ?? "";
  const contentLength = headers["content-length"];
  if (contentLength !== undefined && contentType.startsWith("text/event-stream")) {
    evidence.push({ kind: "content-length", value: contentLength });
  }
  if (pattern.kind === "one-read" || pattern.kind === "batches") evidence.push(pattern);

  const proxy = named[0];
  if (!proxy) return { proxy: "unknown", certainty: "none", evidence };
  return { proxy, certainty: inferred ? "likely" : "named", evidence };
}

function productIn(value: string): ProxyKind | undefined {
  return products.find((product) => product.pattern.test(value))?.proxy;
}
