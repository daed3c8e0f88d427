import type { ServerResponse } from "node:http";
import type { Generation } from "@/lib/generation/generation";
import { encodingSubscriber, type StreamSink, type Subscriber } from "@/lib/generation/subscriber";
import type { StreamFormat } from "@/lib/stream/encoder";

const textEncoder = new TextEncoder();

export interface StreamConnection {
  format: StreamFormat;
  /** Attaches the connection's subscriber to the answer; returns the detach. */
  connect: (subscriber: Subscriber) => () => void;
  /** The response was dropped before it connected (its client left first). */
  release?: () => void;
  /** Events carry `id: <idPrefix><n>` (resumable thread answers). */
  idPrefix?: string;
  /** Aborts when the client leaves, under Next (the lean routes watch the socket itself). */
  signal?: AbortSignal;
}

/**
 * The Response of a streaming endpoint: one connection reading one answer. Under Next its body is read
 * like any other; a lean route (server/stream-routes.ts) instead calls `writeTo`, and the answer writes
 * straight to Node's response, with no web stream, `TextEncoder` or read promise per chunk. Either way
 * it connects once, when first read; the connection's end detaches it, which does not stop a thread
 * answer (it outlives its connections) but does end a stateless one.
 *
 * The web stream is built only when `body` is first asked for: on a lean route nobody ever asks, and on
 * Node 20 a `ReadableStream` costs more to build than the rest of this Response (it is made
 * transferable, with its own promises).
 */
export class StreamResponse extends Response {
  readonly #connection: StreamConnection;
  #state: "new" | "connected" | "gone" = "new";
  #detach: () => void = () => {};
  #body: ReadableStream<Uint8Array> | undefined;

  static {
    // `body` is an accessor of Response.prototype: this one shadows it for every StreamResponse.
    Object.defineProperty(StreamResponse.prototype, "body", {
      configurable: true,
      get(this: StreamResponse) {
        this.#body ??= this.#webStream();
        return this.#body;
      },
    });
  }

  constructor(connection: StreamConnection) {
    super(null, { headers: connection.format.headers });
    this.#connection = connection;
    connection.signal?.addEventListener("abort", () => this.cancel(), { once: true });
  }

  // Response's own readers know only the empty body given to super(): each of these reads the answer
  // (once, as any body; a second read rejects).
  override async text(): Promise<string> {
    return new Response(this.body).text();
  }

  override async arrayBuffer(): Promise<ArrayBuffer> {
    return new Response(this.body).arrayBuffer();
  }

  override async bytes(): Promise<Uint8Array<ArrayBuffer>> {
    return new Uint8Array(await this.arrayBuffer());
  }

  override async blob(): Promise<Blob> {
    return new Response(this.body).blob();
  }

  override async json(): Promise<unknown> {
    return new Response(this.body).json();
  }

  /** An answer has one reader (its events are not buffered for a second one): refused, not emptied. */
  override clone(): Response {
    throw new TypeError("A streamed answer cannot be cloned; read its body once.");
  }

  #webStream(): ReadableStream<Uint8Array> {
    return new ReadableStream<Uint8Array>(
      {
        pull: (controller) => {
          this.connectOnce({
            write: (text) => controller.enqueue(textEncoder.encode(text)),
            close: () => controller.close(),
          });
        },
        cancel: () => this.cancel(),
      },
      { highWaterMark: 0 },
    );
  }

  /** Serves the answer on a Node response: its headers now, then each event as it comes (see nodeSink). */
  writeTo(res: ServerResponse): void {
    if (this.#state !== "new") throw new Error("This stream was already started.");
    res.writeHead(this.status, this.#connection.format.headers);
    // The socket's own close, held by the response itself: no signal in between that could be collected.
    res.once("close", () => this.cancel());
    this.connectOnce(nodeSink(res));
  }

  /** The client left: detach, or release the answer when it never connected. */
  cancel(): void {
    const state = this.#state;
    this.#state = "gone";
    if (state === "connected") this.#detach();
    else if (state === "new") this.#connection.release?.();
  }

  private connectOnce(sink: StreamSink) {
    if (this.#state !== "new") return;
    this.#state = "connected";
    const { format, idPrefix } = this.#connection;
    this.#detach = this.#connection.connect(encodingSubscriber({ format, sink, idPrefix }));
  }
}

/** A connection to `generation` from its start (or after event `afterId`, for a client that reconnects). */
export function generationResponse({
  generation,
  format,
  afterId = 0,
  signal,
}: {
  generation: Generation;
  format: StreamFormat;
  afterId?: number;
  signal?: AbortSignal;
}): StreamResponse {
  return new StreamResponse({
    format,
    signal,
    idPrefix: generation.threadId ? eventIdPrefix(generation.id) : undefined,
    connect: (subscriber) => generation.attach(subscriber, { afterId }),
    release: () => generation.release(),
  });
}

/** The id of a thread answer's events: `<message id>:<n>`, so a Last-Event-ID says which answer too. */
export function eventIdPrefix(messageId: string): string {
  return `${messageId}:`;
}

/**
 * Writes to the socket as the answer is made. Node's http corks the socket for the rest of the tick on a
 * write, so events written in the same tick (several Ollama lines in one network read) leave in one
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
