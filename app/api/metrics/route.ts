import { renderMetrics } from "@/lib/metrics/stream-metrics";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** Prometheus metrics: time to first chunk, chunk gaps, durations, outcomes, active streams, tokens/s. */
export async function GET(): Promise<Response> {
  const { body, contentType } = await renderMetrics();
  return new Response(body, { headers: { "Content-Type": contentType, "Cache-Control": "no-store" } });
}
