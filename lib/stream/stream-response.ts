import type { ServerResponse } from "node:http";
import { runEventStream, type StreamRequest, type StreamSink } from "@/lib/stream/pipeline";

const textEncoder = new TextEncoder();

/**
 * The Response of a streaming endpoint. Under Next its body is read like any other; a lean route
 * (server/stream-routes.ts) instead calls `writeTo` and the pipeline writes straight to Node's response,
 * with no web stream, `TextEncoder` or read promise per chunk. The body starts the pipeline only when
 * first read, so whichever way is taken, the stream runs once.
 */
export class StreamResponse extends Response {
  readonly #request: StreamRequest;
  readonly #run: { abort?: () => void };

  constructor(request: StreamRequest) {
    const run: { abort?: () => void } = {};
    const body = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          run.abort ??= runEventStream(request, {
            write: (text) => controller.enqueue(textEncoder.encode(text)),
            close: () => controller.close(),
          });
        },
        cancel() {
          // Cancelled before the first read: run it as aborted, so its end is still reported and saved.
          run.abort ??= runEventStream({ ...request, signal: AbortSignal.abort() }, discard);
          run.abort();
        },
      },
      { highWaterMark: 0 },
    );
    // The client left before anyone read the body (e.g. while Next was still routing): run it as aborted,
    // so a persisted answer is marked interrupted rather than left streaming.
    request.signal.addEventListener(
      "abort",
      () => {
        run.abort ??= runEventStream(request, discard);
      },
      { once: true },
    );
    super(body, { headers: request.format.headers });
    this.#request = request;
    this.#run = run;
  }

  /** Serves the stream on a Node response: its headers now, then each event as it comes (see nodeSink). */
  writeTo(res: ServerResponse): void {
    if (this.#run.abort) throw new Error("This stream was already started.");
    res.writeHead(this.status, this.#request.format.headers);
    this.#run.abort = runEventStream(this.#request, nodeSink(res));
  }
}

/** Wraps the event stream in a Response with the format's headers. */
export function streamResponse(request: StreamRequest): StreamResponse {
  return new StreamResponse(request);
}

/** The event stream as a web stream of bytes (tests, and anything that wants the body alone). */
export function createEventStream(request: StreamRequest): ReadableStream<Uint8Array> {
  return streamResponse(request).body as ReadableStream<Uint8Array>;
}

const discard: StreamSink = { write: () => {}, close: () => {} };

/**
 * Writes to the socket as the pipeline produces. Node's http corks the socket for the rest of the tick on
 * a write, so events written in the same tick (several Ollama lines in one network read) leave in one
 * `writev`; nothing waits for later chunks.
 */
function nodeSink(res: ServerResponse): StreamSink {
  return {
    write(text) {
      if (!res.destroyed) res.write(text);
    },
    close() {
      res.end();
    },
  };
}
