import { expect } from "vitest";

/** One read of a response body as the client's fetch delivered it. */
export interface BodyRead {
  at: number;
  bytes: number;
}

/**
 * A `fetch` to hand a client library (the OpenAI SDK, the AI SDK providers) that notes when each piece
 * of every response body arrived, so a test can tell a stream that arrives chunk by chunk from one that
 * arrives in a lump, as the library's user would see it.
 */
export function recordingFetch(): { fetch: typeof fetch; reads: BodyRead[]; requests: unknown[] } {
  const reads: BodyRead[] = [];
  const requests: unknown[] = [];
  const recording = (async (input: Parameters<typeof fetch>[0], init?: RequestInit) => {
    if (typeof init?.body === "string") requests.push(JSON.parse(init.body));
    const response = await fetch(input, init);
    if (!response.body) return response;
    const body = response.body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          reads.push({ at: performance.now(), bytes: chunk.byteLength });
          controller.enqueue(chunk);
        },
      }),
    );
    return new Response(body, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  }) as typeof fetch;
  return { fetch: recording, reads, requests };
}

/**
 * Asserts that `count` text deltas reached the library's user one by one at the emulator's pace:
 * each its own delta, gaps near the interval on average (generous: other tests share the 2 cores),
 * and about as many network reads as deltas (a few merged reads allowed; buffering would give one or two).
 */
export function expectChunkByChunk({
  deltaTimes,
  reads,
  count,
  intervalMs,
  label,
}: {
  deltaTimes: number[];
  reads: BodyRead[];
  count: number;
  intervalMs: number;
  label: string;
}): { avgGapMs: number; reads: number } {
  expect(deltaTimes.length, `${label}: deltas`).toBe(count);
  const gaps = deltaTimes.slice(1).map((at, i) => at - (deltaTimes[i] ?? at));
  const avgGapMs = gaps.reduce((sum, gap) => sum + gap, 0) / Math.max(1, gaps.length);
  const first = deltaTimes[0] ?? 0;
  const last = deltaTimes.at(-1) ?? 0;
  const readsDuring = reads.filter((read) => read.at >= first - 1 && read.at <= last + 1).length;
  console.log(
    `${label}: ${count} deltas in ${readsDuring} reads over ${(last - first).toFixed(0)} ms, ` +
      `average gap ${avgGapMs.toFixed(1)} ms (emulator interval ${intervalMs} ms)`,
  );
  expect(avgGapMs, `${label}: average gap`).toBeGreaterThanOrEqual(intervalMs * 0.6);
  expect(avgGapMs, `${label}: average gap`).toBeLessThan(500);
  expect(last - first, `${label}: spread`).toBeGreaterThanOrEqual((count - 1) * intervalMs * 0.6);
  expect(readsDuring, `${label}: network reads`).toBeGreaterThanOrEqual(Math.ceil(count * 0.7));
  return { avgGapMs, reads: readsDuring };
}
