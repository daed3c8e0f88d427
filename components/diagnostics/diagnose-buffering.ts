import { type ChunkArrival, describeArrivalPattern } from "@/lib/stream-check/arrival-pattern";
import { detectProxy, type ProxyDetection, type ProxyEvidence } from "@/lib/stream-check/detect-proxy";
import type { ArrivalAnalysis } from "@/lib/stream-check/types";

/** A likely reason for buffering, with what points at it. */
export type LikelyCause =
  | { id: "proxy-buffering"; proxy: ProxyDetection["proxy"]; evidence: ProxyEvidence[] }
  | { id: "compression"; evidence: string }
  | { id: "cdn"; evidence: string }
  | { id: "busy-page"; evidence: string }
  | { id: "late-server"; evidence: string };

export type BufferingDiagnosis = {
  /** Most likely first; empty when the stream arrived in real time. */
  causes: LikelyCause[];
  /** The proxy the evidence names (headers, arrival pattern), so the page can open its fix first. */
  detection: ProxyDetection;
  /** Set when a proxy compressed the stream but flushed every event: fine, but worth knowing. */
  compressedButFlushed: string | null;
};

// Headers a CDN adds to the responses it passes on.
const cdnSignatures: { name: string; test: (headers: Record<string, string>) => boolean }[] = [
  { name: "Cloudflare", test: (h) => "cf-ray" in h || /cloudflare/i.test(h.server ?? "") },
  { name: "Amazon CloudFront", test: (h) => "x-amz-cf-id" in h || /cloudfront/i.test(h.via ?? "") },
  { name: "Fastly", test: (h) => /fastly/i.test(h["x-served-by"] ?? "") || "x-fastly-request-id" in h },
  { name: "Akamai", test: (h) => Object.keys(h).some((name) => name.startsWith("x-akamai")) },
  { name: "Vercel", test: (h) => "x-vercel-id" in h },
];

/**
 * Names the likely cause of a buffered stream from what the browser could see of the response. Lumia
 * itself never compresses an event stream (it sends `Cache-Control: no-transform`) and never names a
 * `Server`, so a content encoding or a server name means something between the app and the browser.
 * The proxy is named by the same evidence as `npm run check-stream` uses, minus the header names' case,
 * which a browser does not show.
 */
export function diagnoseBuffering({
  analysis,
  headers,
  contentEncoding,
  longTasks = null,
  serverMaxGapMs = null,
  intervalMs,
  chunks = [],
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
  /** When each chunk arrived (ms since the request started) and in which read, in order. */
  chunks?: readonly ChunkArrival[];
}): BufferingDiagnosis {
  const encoded = contentEncoding !== "identity" && contentEncoding !== "" ? contentEncoding : null;
  const cdn = cdnSignatures.find((signature) => signature.test(headers))?.name ?? null;
  const detection = detectProxy({ headers, pattern: describeArrivalPattern({ chunks }) });
  const arrivals = chunks.map((chunk) => chunk.at);

  if (analysis.verdict === "real-time") return { causes: [], detection, compressedButFlushed: encoded };

  const causes: LikelyCause[] = [
    { id: "proxy-buffering", proxy: detection.proxy, evidence: detection.evidence },
  ];
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
  return { causes, detection, compressedButFlushed: null };
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
