import { analyzeArrivals } from "./analyze-arrivals";
import { type ArrivalPattern, type ChunkArrival, describeArrivalPattern } from "./arrival-pattern";
import { detectProxy, type ProxyDetection } from "./detect-proxy";
import { measureStream } from "./measure-stream";
import { chunkTextOf } from "./text-chunk";
import type { ArrivalAnalysis, MeasuredEvent } from "./types";

/**
 * What the client asks for. Proxies compress only for clients that accept it, and some hold back only
 * what they compress (nginx ignoring X-Accel-Buffering), others everything (lighttpd's defaults): a
 * stream can be real time for one kind of client and buffered for the other.
 */
export const CLIENT_ENCODINGS = ["identity", "gzip"] as const;
export type ClientEncoding = (typeof CLIENT_ENCODINGS)[number];

// `gzip` asks as browsers do: a proxy picks what it supports, and the measurement decodes all three.
const acceptEncodingOf: Record<ClientEncoding, string> = { identity: "identity", gzip: "gzip, deflate, br" };

/** What one check found, and the exit code the CLI gives it: 0 real time, 1 buffered, 2 error. */
export interface StreamCheck {
  url: string;
  /** What the check asked for (`Accept-Encoding`). */
  encoding: ClientEncoding;
  status: number;
  /** What the response came in. */
  contentEncoding: string;
  headers: Record<string, string>;
  analysis: ArrivalAnalysis;
  /** When each chunk arrived (ms since the request started) and in which network read. */
  arrivals: ChunkArrival[];
  pattern: ArrivalPattern;
  detection: ProxyDetection;
  /** The largest gap between chunks as Lumia wrote them (its `done` stats), to tell its lateness apart. */
  serverMaxGapMs: number | null;
  totalReads: number;
  error?: string;
  exitCode: 0 | 1 | 2;
}

/** Every check of one run and the exit code of the worst: any error 2, else any buffered 1, else 0. */
export interface StreamCheckRun {
  exitCode: 0 | 1 | 2;
  checks: StreamCheck[];
}

/** Endpoints that stream without a model take GET and no body. */
const needsNoBody = (endpoint: string) => endpoint.includes("/test/stream");

/**
 * Streams once from a Lumia (or any server speaking the seed format) and judges whether the chunks
 * arrived in real time, and what the evidence says about the proxy in between. Network failures,
 * HTTP errors and `event: error` are errors, not verdicts.
 */
export async function checkStream({
  baseUrl,
  endpoint = "/chat/stream",
  message = "Explain in a few sentences how streaming works.",
  encoding = "gzip",
  timeoutMs = 300_000,
}: {
  baseUrl: string;
  endpoint?: string;
  message?: string;
  encoding?: ClientEncoding;
  timeoutMs?: number;
}): Promise<StreamCheck> {
  const url = new URL(endpoint, baseUrl).toString();
  const measurement = await measureStream({
    url,
    ...(needsNoBody(endpoint) ? { method: "GET" as const } : { body: { message } }),
    acceptEncoding: acceptEncodingOf[encoding],
    timeoutMs,
  });
  const analysis = analyzeArrivals({ events: measurement.events });
  const arrivals = measurement.events
    .filter((event) => chunkTextOf(event) !== undefined)
    .map(({ at, readIndex }) => ({ at, readIndex }));
  const pattern = describeArrivalPattern({ chunks: arrivals });
  const failure = measurement.events.find((e) => e.event === "error");
  let error = measurement.error;
  if (measurement.status !== 200) {
    const detail = measurement.text || JSON.stringify(measurement.events.at(0)?.data ?? "");
    error = `HTTP ${measurement.status}${detail ? `: ${detail}` : ""}`;
  } else if (failure) {
    error = `event: error ${JSON.stringify(failure.data)}`;
  } else if (analysis.totalChunks === 0 && !error) {
    error = "the stream carried no text chunks";
  }
  return {
    url,
    encoding,
    status: measurement.status,
    contentEncoding: measurement.contentEncoding,
    headers: measurement.headers,
    analysis,
    arrivals,
    pattern,
    detection: detectProxy({
      headers: measurement.headers,
      ...(measurement.rawHeaderNames ? { rawHeaderNames: measurement.rawHeaderNames } : {}),
      pattern,
    }),
    serverMaxGapMs: serverMaxGapOf(measurement.events),
    totalReads: measurement.reads.length,
    ...(error ? { error } : {}),
    exitCode: error ? 2 : analysis.verdict === "real-time" ? 0 : 1,
  };
}

/**
 * Checks once per client encoding, one after the other (two streams at once would share the server
 * and the network, and blur each other's timing).
 */
export async function checkStreams({
  encodings = CLIENT_ENCODINGS,
  ...options
}: Omit<Parameters<typeof checkStream>[0], "encoding"> & {
  encodings?: readonly ClientEncoding[];
}): Promise<StreamCheckRun> {
  const checks: StreamCheck[] = [];
  for (const encoding of encodings) checks.push(await checkStream({ ...options, encoding }));
  const worst = Math.max(...checks.map((check) => check.exitCode)) as 0 | 1 | 2;
  return { exitCode: worst, checks };
}

function serverMaxGapOf(events: readonly MeasuredEvent[]): number | null {
  const done = events.findLast((event) => event.event === "done")?.data as
    | { stats?: { max_gap_ms?: unknown } }
    | undefined;
  const gap = done?.stats?.max_gap_ms;
  return typeof gap === "number" ? gap : null;
}
