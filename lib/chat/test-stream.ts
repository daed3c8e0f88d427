import type { TestStreamQuery } from "@/lib/chat/schemas";
import type { StreamFormat } from "@/lib/stream/encoder";
import type { SourceEvent } from "@/lib/stream/events";
import { streamResponse } from "@/lib/stream/pipeline";

/** The model name the synthetic stream reports. */
export const TEST_STREAM_MODEL = "lumia-test-stream";

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * `chunks` text chunks at a fixed pace, scheduled against the start time so that timer drift does not
 * add up: the known pace that lets a client tell real time from buffering without any model.
 */
export function syntheticSource({ chunks, interval_ms }: TestStreamQuery) {
  return async function* synthetic(signal: AbortSignal): AsyncGenerator<SourceEvent> {
    const startedAt = performance.now();
    for (let i = 1; i <= chunks; i++) {
      const due = startedAt + i * interval_ms;
      await sleep(Math.max(0, due - performance.now()), signal);
      yield { type: "text", text: `chunk ${i}/${chunks} ` };
    }
    const elapsedNs = Math.round((performance.now() - startedAt) * 1e6);
    yield {
      type: "finish",
      metrics: {
        done_reason: "stop",
        eval_count: chunks,
        eval_duration: elapsedNs,
        total_duration: elapsedNs,
      },
    };
  };
}

/** The streaming test endpoint: same wire format and pipeline as chat, no Ollama needed. */
export function startTestStream({
  query,
  endpoint,
  signal,
  format,
}: {
  query: TestStreamQuery;
  endpoint: string;
  signal?: AbortSignal;
  format: StreamFormat;
}): Response {
  return streamResponse({
    endpoint,
    model: TEST_STREAM_MODEL,
    format,
    signal,
    source: syntheticSource(query),
  });
}
