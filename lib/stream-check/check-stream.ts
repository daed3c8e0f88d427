import { analyzeArrivals } from "./analyze-arrivals";
import { formatSeedLines } from "./format-seed-lines";
import { measureStream } from "./measure-stream";
import type { ArrivalAnalysis } from "./types";

/** What one check found, and the exit code the CLI gives it: 0 real time, 1 buffered, 2 error. */
export interface StreamCheck {
  url: string;
  status: number;
  contentEncoding: string;
  analysis: ArrivalAnalysis;
  totalReads: number;
  error?: string;
  exitCode: 0 | 1 | 2;
}

/** Endpoints that stream without a model take GET and no body. */
const needsNoBody = (endpoint: string) => endpoint.includes("/test/stream");

/**
 * Streams once from a Lumia (or any server speaking the seed format) and judges whether the chunks
 * arrived in real time. Network failures, HTTP errors and `event: error` are errors, not verdicts.
 */
export async function checkStream({
  baseUrl,
  endpoint = "/chat/stream",
  message = "Explain in a few sentences how streaming works.",
  timeoutMs = 300_000,
}: {
  baseUrl: string;
  endpoint?: string;
  message?: string;
  timeoutMs?: number;
}): Promise<StreamCheck> {
  const url = new URL(endpoint, baseUrl).toString();
  const measurement = await measureStream({
    url,
    ...(needsNoBody(endpoint) ? { method: "GET" as const } : { body: { message } }),
    timeoutMs,
  });
  const analysis = analyzeArrivals({ events: measurement.events });
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
    status: measurement.status,
    contentEncoding: measurement.contentEncoding,
    analysis,
    totalReads: measurement.reads.length,
    ...(error ? { error } : {}),
    exitCode: error ? 2 : analysis.verdict === "real-time" ? 0 : 1,
  };
}

/** The CLI's report: the seed's three lines, then the largest gap, the reads and the verdict. */
export function formatCheck(check: StreamCheck): string {
  const { analysis } = check;
  const lines = [
    `🔎 ${check.url} (HTTP ${check.status}, ${check.contentEncoding})`,
    ...formatSeedLines(analysis),
    `📊 Largest gap between chunks: ${(analysis.maxGapMs / 1000).toFixed(3)}s`,
    `📡 Network reads carrying chunks: ${analysis.readsWithChunks} of ${check.totalReads} reads`,
  ];
  if (check.error) {
    lines.push(`❌ Error: ${check.error}`);
  } else if (analysis.verdict === "real-time") {
    lines.push("✅ Verdict: real time — chunks arrive as they are made.");
  } else {
    lines.push("⚠️ Verdict: buffered — something between Lumia and you holds the chunks back.");
    for (const reason of analysis.reasons) lines.push(`   - ${reason}`);
    lines.push("   Fix: see docs/deploy.md (nginx: never list X-Accel-Buffering in proxy_ignore_headers).");
  }
  return lines.join("\n");
}
