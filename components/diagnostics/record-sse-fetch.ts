import type { ErrorBody } from "@/lib/errors";
import type { StreamStats } from "@/lib/stream/events";
import { createEventRecorder } from "@/lib/stream-check/create-event-recorder";
import type { MeasuredEvent, NetworkRead, StreamMeasurement } from "@/lib/stream-check/types";

/**
 * What the browser saw of one SSE response: the Node-side measurement's timing fields, where the headers
 * are those the page can read (same origin: all but Set-Cookie), `contentEncoding` is as the browser
 * received it (it decodes before the page sees a byte), and each read is a body-reader chunk.
 */
export type BrowserMeasurement = Pick<
  StreamMeasurement,
  "status" | "headers" | "contentEncoding" | "startedAt" | "headersAt" | "endedAt" | "events" | "reads"
> & {
  url: string;
  /**
   * The page's own long tasks (main thread blocked over 50 ms) during the measurement: while blocked, the
   * page cannot read, and reads that wait merge. Null where the browser does not report long tasks.
   */
  longTasks: { count: number; totalMs: number } | null;
  /** Why the measurement stopped early (HTTP error, network error, abort). */
  error?: string;
};

/**
 * Fetches an SSE endpoint and stamps every event with the body-reader chunk that completed it.
 * The reading loop does nothing but parse and timestamp: callers render once it is over, so the page's
 * own work cannot delay a read until the next chunk has arrived and merge the two.
 */
export async function recordSseFetch({
  url,
  init,
  signal,
}: {
  url: string;
  init?: RequestInit;
  signal: AbortSignal;
}): Promise<BrowserMeasurement> {
  const startedAt = Date.now();
  const t0 = performance.now();
  const since = () => performance.now() - t0;
  const recorder = createEventRecorder();
  const reads: NetworkRead[] = [];
  const measurement: BrowserMeasurement = {
    url,
    status: 0,
    headers: {},
    contentEncoding: "identity",
    startedAt,
    headersAt: null,
    endedAt: 0,
    events: recorder.events,
    reads,
    longTasks: null,
  };
  const stopWatching = watchLongTasks((longTasks) => {
    measurement.longTasks = longTasks;
  });
  try {
    const response = await fetch(url, { ...init, cache: "no-store", signal });
    measurement.headersAt = since();
    measurement.status = response.status;
    response.headers.forEach((value, name) => {
      measurement.headers[name.toLowerCase()] = value;
    });
    measurement.contentEncoding = response.headers.get("content-encoding") ?? "identity";
    if (!response.ok || !response.body) {
      measurement.error = await describeHttpError(response);
      return measurement;
    }
    const reader = response.body.getReader();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      const at = since();
      reads.push({ at, bytes: value.byteLength });
      recorder.feed({ bytes: value, at, readIndex: reads.length - 1 });
    }
    recorder.end();
  } catch (error) {
    measurement.error = signal.aborted ? "aborted" : error instanceof Error ? error.message : String(error);
  } finally {
    measurement.endedAt = since();
    stopWatching();
  }
  return measurement;
}

/** Sums the long tasks reported until the returned stop function runs. */
function watchLongTasks(report: (longTasks: { count: number; totalMs: number }) => void): () => void {
  if (
    typeof PerformanceObserver === "undefined" ||
    !PerformanceObserver.supportedEntryTypes?.includes("longtask")
  ) {
    return () => {};
  }
  const totals = { count: 0, totalMs: 0 };
  report(totals);
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      totals.count++;
      totals.totalMs += entry.duration;
    }
  });
  observer.observe({ type: "longtask" });
  return () => {
    // Entries still queued for the callback belong to the measurement too.
    for (const entry of observer.takeRecords()) {
      totals.count++;
      totals.totalMs += entry.duration;
    }
    observer.disconnect();
  };
}

async function describeHttpError(response: Response): Promise<string> {
  const text = await response.text().catch(() => "");
  try {
    const body = JSON.parse(text) as { error?: unknown; code?: unknown };
    if (typeof body.error === "string") return `HTTP ${response.status}: ${body.error}`;
  } catch {
    // Not JSON (a proxy's error page): show the status and the start of the text.
  }
  return `HTTP ${response.status}${text ? `: ${text.slice(0, 200)}` : ""}`;
}

/** The data of the stream's `done` or `error` event, when it sent one. */
export function finalEventOf(events: readonly MeasuredEvent[]): {
  stats?: Partial<StreamStats>;
  error?: ErrorBody;
} {
  for (let i = events.length - 1; i >= 0; i--) {
    const event = events[i];
    if (!event || typeof event.data !== "object" || event.data === null) continue;
    if (event.event === "done") return { stats: (event.data as { stats?: Partial<StreamStats> }).stats };
    if (event.event === "error") return { error: event.data as ErrorBody };
  }
  return {};
}
