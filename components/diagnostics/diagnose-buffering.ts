import type { ArrivalAnalysis } from "@/lib/stream-check/types";

/** The proxies whose settings the page shows. */
export const PROXIES = ["nginx", "apache", "caddy", "cloudflare"] as const;
export type ProxyKind = (typeof PROXIES)[number];

/** A likely reason for buffering, with the header value that points at it (when one does). */
export type LikelyCause =
  | { id: "proxy-buffering"; evidence: string | null }
  | { id: "compression"; evidence: string }
  | { id: "cdn"; evidence: string }
  | { id: "busy-page"; evidence: string }
  | { id: "late-server"; evidence: string };

export type BufferingDiagnosis = {
  /** Most likely first; empty when the stream arrived in real time. */
  causes: LikelyCause[];
  /** The proxy the headers name, so the page can open its fix first; null when none is named. */
  proxy: ProxyKind | null;
  /** Set when a proxy compressed the stream but flushed every event: fine, but worth knowing. */
  compressedButFlushed: string | null;
};

// Headers a CDN adds to the responses it passes on.
const cdnSignatures: { name: string; test: (headers: Record<string, string>) => boolean }[] = [
  { name: "Cloudflare", test: (h) => "cf-ray" in h || /cloudflare/i.test(h.server ?? "") },
  { name: "Amazon CloudFront", test: (h) => "x-amz-cf-id" in h || /cloudfront/i.test(h.via ?? "") },
  { name: "Fastly", test: (h) => /fastly/i.test(h["x-served-by"] ?? "") || "x-fastly-request-id" in h },
  { name: "Akamai", test: (h) => Object.keys(h).some((name) => name.startsWith("x-akamai")) },
  { name: "Varnish", test: (h) => "x-varnish" in h || /varnish/i.test(h.via ?? "") },
  { name: "Vercel", test: (h) => "x-vercel-id" in h },
];

/**
 * Names the likely cause of a buffered stream from what the browser could see of the response. Lumia
 * itself never compresses an event stream (it sends `Cache-Control: no-transform`) and never names a
 * `Server`, so a content encoding or a server name means something between the app and the browser.
 */
export function diagnoseBuffering({
  analysis,
  headers,
  contentEncoding,
  longTasks = null,
  serverMaxGapMs = null,
  intervalMs,
  arrivals = [],
}: {
  analysis: ArrivalAnalysis;
  headers: Record<string, string>;
  contentEncoding: string;
  /** The page's own long tasks during the measurement, when the browser reports them. */
  longTasks?: { count: number; totalMs: number } | null;
  /** The largest gap between two chunks as the server sent them (its `done` stats). */
  serverMaxGapMs?: number | null;
  /** The pace the server was asked for. */
  intervalMs: number;
  /** When each chunk arrived (ms since the request started), in order. */
  arrivals?: readonly number[];
}): BufferingDiagnosis {
  const encoded = contentEncoding !== "identity" && contentEncoding !== "" ? contentEncoding : null;
  const cdn = cdnSignatures.find((signature) => signature.test(headers))?.name ?? null;
  const via = [headers.server, headers.via].filter(Boolean).join(", ") || null;
  const proxy = proxyFromHeaders(headers);

  if (analysis.verdict === "real-time") return { causes: [], proxy, compressedButFlushed: encoded };

  const causes: LikelyCause[] = [{ id: "proxy-buffering", evidence: via }];
  if (encoded) causes.push({ id: "compression", evidence: encoded });
  if (cdn) causes.unshift({ id: "cdn", evidence: cdn });
  // Local explanations go first: they need no proxy change, only a second run on a quieter machine. Each
  // is named only when it is long enough to explain the hold-up: a page busy for 100 ms does not explain
  // a whole answer held back for two seconds.
  const explains = (ms: number) => ms >= Math.max(100, holdUpMs({ arrivals, intervalMs }) / 2);
  // A server that falls behind sends the overdue chunks back to back, and they share reads.
  if (serverMaxGapMs !== null && explains(serverMaxGapMs - intervalMs)) {
    causes.unshift({ id: "late-server", evidence: `${Math.round(serverMaxGapMs)} ms` });
  }
  if (longTasks && explains(longTasks.totalMs)) {
    causes.unshift({ id: "busy-page", evidence: `${Math.round(longTasks.totalMs)} ms` });
  }
  return { causes, proxy, compressedButFlushed: null };
}

function proxyFromHeaders(headers: Record<string, string>): ProxyKind | null {
  const server = `${headers.server ?? ""} ${headers.via ?? ""}`.toLowerCase();
  if ("cf-ray" in headers || server.includes("cloudflare")) return "cloudflare";
  if (server.includes("nginx") || server.includes("openresty")) return "nginx";
  if (server.includes("apache") || server.includes("httpd")) return "apache";
  if (server.includes("caddy")) return "caddy";
  return null;
}

/**
 * How much longer than others some chunk waited on the way: the spread of the chunks' lateness against
 * their schedule (chunk i due i intervals after the first). Near zero in real time; the whole stream's
 * length when everything arrives at once.
 */
function holdUpMs({ arrivals, intervalMs }: { arrivals: readonly number[]; intervalMs: number }): number {
  if (arrivals.length === 0) return 0;
  const lateness = arrivals.map((at, i) => at - i * intervalMs);
  return Math.max(...lateness) - Math.min(...lateness);
}
