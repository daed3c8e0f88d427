import { getEnv } from "@/lib/env";
import { asLumiaError, LumiaError } from "@/lib/errors";
import { installStreamMetrics } from "@/lib/metrics/stream-metrics";
import type { StreamFormat } from "@/lib/stream/encoder";
import type {
  OllamaFinalMetrics,
  Source,
  SourceEvent,
  StartMeta,
  StreamEvent,
  StreamOutcome,
  ToolCall,
} from "@/lib/stream/events";
import { logStreamEnd } from "@/lib/stream/monitor";
import { type StreamResult, trackStream } from "@/lib/stream/observers";
import { StreamTimer } from "@/lib/stream/timing";

export interface StreamRequest {
  /** The path the client called, for logs and metrics. */
  endpoint: string;
  model: string;
  format: StreamFormat;
  /** The incoming request's signal: it aborts when the client disconnects. */
  signal: AbortSignal;
  /** Produces the answer (see `Source`). */
  source: Source;
  /** The stream's id in the `start` event (a message id when the answer is persisted). */
  id?: string;
  /** The thread and user message of a persisted answer, for formats that carry it. */
  meta?: StartMeta;
  /** Told once how the stream ended, after the last byte was written; never on the per-chunk path. */
  onFinish?: (result: StreamResult) => void | Promise<void>;
  /** Silence before a heartbeat is written; LUMIA_HEARTBEAT_MS (15 s) unless given. */
  heartbeatMs?: number;
}

/** Where the pipeline writes: a web stream's controller under Next, the socket's response on lean routes. */
export interface StreamSink {
  write(text: string): void;
  /** After the last event; never called when the client left. */
  close(): void;
}

// Every process that streams counts its streams, whether or not /api/metrics was asked yet.
installStreamMetrics();

/**
 * The one streaming pipeline: source events → timing → encoder → sink. The `start` event is written at
 * once, before the source is even asked, so clients and proxies see the stream open while Ollama loads.
 * Each text event is encoded and written as it arrives: nothing is merged, split or awaited between two
 * chunks. Abort (client gone, or the returned function) cancels the source; errors after the start
 * become an `error` event. Returns the abort.
 */
export function runEventStream(request: StreamRequest, sink: StreamSink): () => void {
  const { endpoint, model, format, signal } = request;
  const id = request.id ?? crypto.randomUUID();
  const trackers = trackStream({ endpoint, model });
  const chunkTrackers = trackers.filter((t) => t.chunk);
  const env = getEnv();
  const heartbeatMs = request.heartbeatMs ?? env.LUMIA_HEARTBEAT_MS;
  const stallMs = env.LUMIA_STALL_TIMEOUT_MS;
  const encoder = format.create();
  const timer = new StreamTimer();
  const sourceAbort = new AbortController();
  const parts: string[] = [];
  let memories: StreamResult["memories"];
  const toolCalls: ToolCall[] = [];
  let metrics: OllamaFinalMetrics | undefined;
  let finished = false;
  let lastWriteAt = timer.startedAt;
  let lastChunkAt = -1;
  let heartbeat: ReturnType<typeof setTimeout> | undefined;

  const write = (text: string) => {
    if (text.length === 0) return;
    sink.write(text);
    lastWriteAt = performance.now();
  };

  const beat = () => {
    if (finished) return;
    const now = performance.now();
    // Before the first chunk a model may load for minutes; after it, this much silence means Ollama hangs.
    if (lastChunkAt >= 0 && now - lastChunkAt >= stallMs) {
      sourceAbort.abort();
      const seconds = Math.round((now - lastChunkAt) / 1000);
      return finish(
        "error",
        new LumiaError("ollama_stalled", `Ollama stopped sending for ${seconds} s; the answer was cut off.`),
      );
    }
    const idle = now - lastWriteAt;
    if (idle >= heartbeatMs - 5) write(encoder.heartbeat());
    heartbeat = setTimeout(beat, idle >= heartbeatMs - 5 ? heartbeatMs : heartbeatMs - idle);
    heartbeat.unref?.();
  };

  const finish = (outcome: StreamOutcome, error?: LumiaError) => {
    if (finished) return;
    finished = true;
    clearTimeout(heartbeat);
    signal.removeEventListener("abort", onAbort);
    const stats = timer.stats({ model, metrics });
    const result: StreamResult = { id, endpoint, model, outcome, text: parts.join(""), stats };
    if (memories) result.memories = memories;
    if (toolCalls.length > 0) result.toolCalls = toolCalls;
    if (error) result.error = error.toBody();
    if (outcome === "aborted") {
      sourceAbort.abort();
    } else {
      try {
        const last: StreamEvent = error ? { type: "error", error: error.toBody() } : { type: "done", stats };
        write(encoder.encode(last));
        write(encoder.end());
        sink.close();
      } catch {
        // The client went away while we were finishing: nothing left to tell it.
      }
    }
    report(result);
  };

  const report = (result: StreamResult) => {
    logStreamEnd(result);
    for (const tracker of trackers) tracker.end?.(result);
    if (!request.onFinish) return;
    Promise.resolve()
      .then(() => request.onFinish?.(result))
      .catch((error) => console.error(`Saving the end of stream ${result.id} failed:`, error));
  };

  const onAbort = () => finish("aborted");

  // The per-chunk path: called synchronously by the source for every event.
  const onEvent = (event: SourceEvent) => {
    if (finished) return;
    if (event.type === "text") {
      if (event.text.length === 0) return;
      const at = performance.now();
      const gap = timer.chunk(at);
      lastChunkAt = at;
      parts.push(event.text);
      write(encoder.encode(event));
      for (const tracker of chunkTrackers) tracker.chunk?.(gap, at - timer.startedAt);
    } else if (event.type === "memory") {
      memories = { memories: event.memories, method: event.method };
      write(encoder.encode(event));
    } else if (event.type === "tool_calls") {
      toolCalls.push(...event.calls);
      write(encoder.encode(event));
    } else {
      metrics = event.metrics;
    }
  };

  const run = async () => {
    try {
      const produced = request.source(sourceAbort.signal, onEvent);
      if (isAsyncIterable(produced)) {
        for await (const event of produced) {
          if (finished) return;
          onEvent(event);
        }
      } else {
        await produced;
      }
      finish("done");
    } catch (error) {
      if (sourceAbort.signal.aborted || signal.aborted) return finish("aborted");
      const lumiaError = asLumiaError(error);
      if (lumiaError.code === "internal_error") console.error(`Stream ${id} failed:`, error);
      finish("error", lumiaError);
    }
  };

  if (signal.aborted) {
    finish("aborted");
  } else {
    signal.addEventListener("abort", onAbort, { once: true });
    write(encoder.encode({ type: "start", id, model, ...(request.meta ? { meta: request.meta } : {}) }));
    heartbeat = setTimeout(beat, heartbeatMs);
    heartbeat.unref?.();
    void run();
  }
  return onAbort;
}

function isAsyncIterable(value: unknown): value is AsyncIterable<SourceEvent> {
  return typeof value === "object" && value !== null && Symbol.asyncIterator in value;
}
