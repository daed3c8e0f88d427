import { getEnv } from "@/lib/env";
import { asLumiaError, LumiaError } from "@/lib/errors";
import { installStreamMetrics } from "@/lib/metrics/stream-metrics";
import type {
  OllamaFinalMetrics,
  Source,
  SourceEvent,
  StartMeta,
  StreamEvent,
  ToolCall,
} from "@/lib/stream/events";
import { logStreamEnd } from "@/lib/stream/monitor";
import { type EndReason, type StreamResult, type StreamTracker, trackStream } from "@/lib/stream/observers";
import { StreamTimer } from "@/lib/stream/timing";
import { EventLog } from "./event-log";
import type { Subscriber } from "./subscriber";

export interface GenerationInit {
  /** The answer's id: the assistant message's id when it is stored. */
  id?: string;
  /** The path the client called, for logs and metrics. */
  endpoint: string;
  model: string;
  /** Produces the answer (see `Source`). */
  source: Source;
  /** The thread and user message of a stored answer, for formats that carry it. */
  meta?: StartMeta;
  /**
   * A thread answer outlives its connections: its events are kept for clients that reconnect, and when
   * the last one leaves it goes on for `graceMs` before Ollama is stopped. Without it, the answer ends
   * the moment its one client leaves (the seed's stateless endpoints).
   */
  thread?: { threadId: string; graceMs: number };
  /** Silence before a heartbeat is written; LUMIA_HEARTBEAT_MS (15 s) unless given. */
  heartbeatMs?: number;
  /**
   * Stores how the answer ended, before its last event goes out (waited for up to a second): a client
   * that reads the thread when its stream ends finds the answer stored. Never on the per-chunk path.
   */
  persist?: (result: StreamResult) => Promise<void>;
  /** Told once how the answer ended, after the last byte went out; never on the per-chunk path. */
  onFinish?: (result: StreamResult) => void | Promise<void>;
  /** Told when text arrives and none was waiting to be saved (once per save cycle, not per chunk). */
  onUnsavedText?: (generation: Generation) => void;
}

/** How long an answer's last event waits for its end to be stored. */
const PERSIST_WAIT_MS = 1_000;

// Every process that streams counts its streams, whether or not /api/metrics was asked yet.
installStreamMetrics();

// On globalThis: every copy of this module (Next bundles, the lean routes) shares one set.
const store = globalThis as typeof globalThis & { lumiaRunning?: Set<Generation> };
store.lumiaRunning ??= new Set();
const runningSet = store.lumiaRunning;

/** Every answer running in this process, stateless or not (for a drain at shutdown). */
export function runningGenerations(): Generation[] {
  return [...runningSet];
}

/**
 * One answer being made: the one streaming pipeline (source events → timing → normalised events → each
 * subscriber's encoder → its connection). The `start` event goes out before the source is even asked,
 * so clients and proxies see the stream open while Ollama loads. Each text event is handed to every
 * subscriber as it arrives: nothing is merged, split or awaited between two chunks. The generation owns
 * the Ollama request: connections attach and detach (`attach`), and only `stop`, the last client leaving
 * (after the grace for thread answers), a stall, a failure or `shutdown` end it early.
 */
export class Generation {
  readonly id: string;
  readonly endpoint: string;
  readonly model: string;
  readonly threadId: string | undefined;
  readonly startedAt = Date.now();
  /** Settles once the end is reported and `onFinish` has run. */
  readonly finished: Promise<StreamResult>;

  private readonly init: GenerationInit;
  private readonly timer = new StreamTimer();
  private readonly trackers: StreamTracker[];
  private readonly chunkTrackers: StreamTracker[];
  private readonly sourceAbort = new AbortController();
  private readonly heartbeatMs: number;
  private readonly stallMs: number;
  private readonly parts: string[] = [];
  private textLength = 0;
  private subscribers: Subscriber[] = [];
  /** Told every event with its id (a shared registry's copy); never more than a push per chunk. */
  private observer: ((event: StreamEvent, id: number) => void) | undefined;
  /** Null once a stateless answer's one client attached: nobody will ask for old events. */
  private log: EventLog | null = new EventLog();
  private lastId = 0;
  private memories: StreamResult["memories"];
  private readonly toolCalls: ToolCall[] = [];
  private metrics: OllamaFinalMetrics | undefined;
  private ended: StreamResult | undefined;
  /** The last event went out (after `persist`, or a second of waiting for it). */
  private delivered = false;
  private persisted: Promise<void> | undefined;
  private lastWriteAt: number;
  private lastChunkAt = -1;
  private heartbeat: ReturnType<typeof setTimeout> | undefined;
  private grace: ReturnType<typeof setTimeout> | undefined;
  /** Index into `parts` from which text has not been saved yet (see takeUnsavedText). */
  private savedParts = 0;
  private unsavedFlagged = false;
  private resolveFinished!: (result: StreamResult) => void;

  constructor(init: GenerationInit) {
    this.init = init;
    this.id = init.id ?? crypto.randomUUID();
    this.endpoint = init.endpoint;
    this.model = init.model;
    this.threadId = init.thread?.threadId;
    this.finished = new Promise((resolve) => {
      this.resolveFinished = resolve;
    });
    this.trackers = trackStream({ endpoint: init.endpoint, model: init.model });
    this.chunkTrackers = this.trackers.filter((t) => t.chunk);
    const env = getEnv();
    this.heartbeatMs = init.heartbeatMs ?? env.LUMIA_HEARTBEAT_MS;
    this.stallMs = env.LUMIA_STALL_TIMEOUT_MS;
    this.lastWriteAt = this.timer.startedAt;
    this.publish({
      type: "start",
      id: this.id,
      model: init.model,
      ...(init.meta ? { meta: init.meta } : {}),
    });
    this.heartbeat = setTimeout(this.beat, this.heartbeatMs);
    this.heartbeat.unref?.();
    runningSet.add(this);
    // Nobody may ever read a thread answer that was started (a client gone before its response):
    // the grace runs until someone attaches.
    if (init.thread) this.startGrace();
    void this.run();
  }

  /** True until the answer's last event went out, whatever the reason it ended. */
  get running(): boolean {
    return !this.delivered;
  }

  /** How the answer ended, once it has. */
  get result(): StreamResult | undefined {
    return this.ended;
  }

  /** The text so far (or all of it, once ended). */
  get text(): string {
    return this.parts.join("");
  }

  /** The id of the last event sent so far (its end, once ended). */
  get lastEventId(): number {
    return this.lastId;
  }

  /** How many connections read it now. */
  get subscriberCount(): number {
    return this.subscribers.length;
  }

  /**
   * Connects a reader: it first gets every event after `afterId` that it has not seen (all of them for
   * 0), then the live ones, with no gap and no duplicate; if the answer already ended, it gets the rest
   * and `end`. Returns the function that detaches it (the connection left).
   */
  attach(subscriber: Subscriber, { afterId = 0 }: { afterId?: number } = {}): () => void {
    let missedText = false;
    if (this.log) {
      this.log.replay({
        afterId,
        text: () => this.text,
        visit: (event, id) => {
          if (event.type === "text") missedText = true;
          subscriber.send(event, id);
        },
      });
    }
    if (missedText && !this.ended) {
      subscriber.note({
        type: "caught_up",
        stats: this.timer.stats({ model: this.model, metrics: this.metrics }),
      });
    }
    if (this.delivered) {
      subscriber.end();
      return () => {};
    }
    // A reader that comes while the end is being stored is told the end with the others.
    this.subscribers.push(subscriber);
    clearTimeout(this.grace);
    this.grace = undefined;
    if (!this.init.thread) this.log = null;
    let attached = true;
    return () => {
      if (!attached) return;
      attached = false;
      this.detach(subscriber);
    };
  }

  /**
   * Hands `listener` every event so far and then each new one with its id, in order (a shared registry
   * copies a thread answer's events for other instances). One listener; it must not block.
   */
  observe(listener: (event: StreamEvent, id: number) => void): void {
    this.log?.replay({ afterId: 0, text: () => this.text, visit: listener });
    this.observer = listener;
  }

  /**
   * Tells the generation that a response made for it will never attach (its client left first). For a
   * stateless answer that is its client leaving.
   */
  release(): void {
    if (this.subscribers.length === 0 && !this.ended && !this.init.thread) this.finish("client_left");
  }

  /** Ends the answer now (the user pressed stop): readers get its end, Ollama is aborted. */
  stop(): boolean {
    if (this.ended) return false;
    this.finish("stopped");
    return true;
  }

  /** Ends the answer with a `server_shutdown` error event; the text so far is kept. */
  shutdown(): void {
    if (this.ended) return;
    this.finish(
      "shutdown",
      new LumiaError("server_shutdown", "Lumia is shutting down; the answer was cut off here."),
    );
  }

  /**
   * The text that arrived since the last call, for the periodic partial save; `undo` gives it back
   * when the save failed, so the next save includes it.
   */
  takeUnsavedText(): { text: string; undo: () => void } {
    const from = this.savedParts;
    this.savedParts = this.parts.length;
    this.unsavedFlagged = false;
    const text = from === this.parts.length ? "" : this.parts.slice(from).join("");
    return {
      text,
      undo: () => {
        this.savedParts = Math.min(this.savedParts, from);
      },
    };
  }

  private detach(subscriber: Subscriber) {
    const index = this.subscribers.indexOf(subscriber);
    if (index >= 0) this.subscribers.splice(index, 1);
    if (this.subscribers.length > 0 || this.ended) return;
    if (this.init.thread) this.startGrace();
    else this.finish("client_left");
  }

  private startGrace() {
    clearTimeout(this.grace);
    const graceMs = this.init.thread?.graceMs ?? 0;
    this.grace = setTimeout(() => {
      if (this.subscribers.length === 0) this.finish("grace_expired");
    }, graceMs);
    this.grace.unref?.();
  }

  private publish(event: StreamEvent) {
    const id = ++this.lastId;
    this.log?.push(event, this.textLength);
    this.observer?.(event, id);
    const subscribers = this.subscribers;
    for (let i = 0; i < subscribers.length; i++) (subscribers[i] as Subscriber).send(event, id);
  }

  // The per-chunk path: called synchronously by the source for every event.
  private readonly onEvent = (event: SourceEvent) => {
    if (this.ended) return;
    if (event.type === "text") {
      if (event.text.length === 0) return;
      const at = performance.now();
      const gap = this.timer.chunk(at);
      this.lastChunkAt = this.lastWriteAt = at;
      this.parts.push(event.text);
      this.textLength += event.text.length;
      this.publish(event);
      const trackers = this.chunkTrackers;
      for (let i = 0; i < trackers.length; i++) trackers[i]?.chunk?.(gap, at - this.timer.startedAt);
      if (!this.unsavedFlagged && this.init.onUnsavedText) {
        this.unsavedFlagged = true;
        this.init.onUnsavedText(this);
      }
    } else if (event.type === "memory") {
      this.memories = { memories: event.memories, method: event.method };
      this.lastWriteAt = performance.now();
      this.publish(event);
    } else if (event.type === "tool_calls") {
      this.toolCalls.push(...event.calls);
      this.lastWriteAt = performance.now();
      this.publish(event);
    } else {
      this.metrics = event.metrics;
    }
  };

  private readonly beat = () => {
    if (this.ended) return;
    const now = performance.now();
    // Before the first chunk a model may load for minutes; after it, this much silence means Ollama hangs.
    if (this.lastChunkAt >= 0 && now - this.lastChunkAt >= this.stallMs) {
      const seconds = Math.round((now - this.lastChunkAt) / 1000);
      return this.finish(
        "error",
        new LumiaError("ollama_stalled", `Ollama stopped sending for ${seconds} s; the answer was cut off.`),
      );
    }
    const idle = now - this.lastWriteAt;
    if (idle >= this.heartbeatMs - 5) {
      for (const subscriber of this.subscribers) subscriber.heartbeat();
      this.lastWriteAt = now;
    }
    this.heartbeat = setTimeout(
      this.beat,
      idle >= this.heartbeatMs - 5 ? this.heartbeatMs : this.heartbeatMs - idle,
    );
    this.heartbeat.unref?.();
  };

  private async run() {
    try {
      const produced = this.init.source(this.sourceAbort.signal, this.onEvent);
      if (isAsyncIterable(produced)) {
        for await (const event of produced) {
          if (this.ended) return;
          this.onEvent(event);
        }
      } else {
        await produced;
      }
      this.finish("done");
    } catch (error) {
      if (this.ended || this.sourceAbort.signal.aborted) return;
      const lumiaError = asLumiaError(error);
      if (lumiaError.code === "internal_error") console.error(`Stream ${this.id} failed:`, error);
      this.finish("error", lumiaError);
    }
  }

  private finish(reason: EndReason, error?: LumiaError) {
    if (this.ended) return;
    clearTimeout(this.heartbeat);
    clearTimeout(this.grace);
    const stats = this.timer.stats({ model: this.model, metrics: this.metrics });
    const result: StreamResult = {
      id: this.id,
      endpoint: this.endpoint,
      model: this.model,
      outcome: reason === "done" ? "done" : reason === "error" || reason === "shutdown" ? "error" : "aborted",
      endReason: reason,
      text: this.text,
      stats,
    };
    if (this.memories) result.memories = this.memories;
    if (this.toolCalls.length > 0) result.toolCalls = this.toolCalls;
    if (error) result.error = error.toBody();
    this.ended = result;
    runningSet.delete(this);
    // Abort first: Ollama stops generating before anything else is written.
    if (reason !== "done") this.sourceAbort.abort();
    const last: StreamEvent = error
      ? { type: "error", error: error.toBody() }
      : reason === "done"
        ? { type: "done", stats }
        : { type: "stopped", stats };
    const deliver = () => {
      this.delivered = true;
      this.publish(last);
      const subscribers = this.subscribers;
      this.subscribers = [];
      for (const subscriber of subscribers) {
        try {
          subscriber.end();
        } catch {
          // That client went away while we were finishing: nothing left to tell it.
        }
      }
      this.report(result);
    };
    if (!this.init.persist) return deliver();
    this.persisted = this.init.persist(result).catch((failure) => {
      console.error(`Storing the end of answer ${result.id} failed:`, failure);
    });
    // A database that holds the write back (a lock) must not hold the client's end back for long.
    const waited = setTimeout(deliver, PERSIST_WAIT_MS);
    void this.persisted.then(() => {
      clearTimeout(waited);
      if (!this.delivered) deliver();
    });
  }

  private report(result: StreamResult) {
    logStreamEnd(result);
    for (const tracker of this.trackers) tracker.end?.(result);
    // A stateless answer has nothing left to wait for: no promise chain per request.
    if (!this.persisted && !this.init.onFinish) return this.resolveFinished(result);
    Promise.resolve(this.persisted)
      .then(() => this.init.onFinish?.(result))
      .catch((error) => console.error(`Saving the end of stream ${result.id} failed:`, error))
      .finally(() => this.resolveFinished(result));
  }
}

function isAsyncIterable(value: unknown): value is AsyncIterable<SourceEvent> {
  return typeof value === "object" && value !== null && Symbol.asyncIterator in value;
}
