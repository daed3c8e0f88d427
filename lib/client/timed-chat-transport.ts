import {
  DefaultChatTransport,
  type HttpChatTransportInitOptions,
  type UIMessage,
  type UIMessageChunk,
} from "ai";
import type { StreamStats } from "@/lib/stream/events";
import type { StreamMonitor } from "./stream-monitor";

/** The answer a resume reconnects to. */
export interface ResumeTarget {
  threadId: string;
  messageId: string;
}

/**
 * The AI SDK's HTTP transport with a tap: every decoded chunk passes a TransformStream that stamps text
 * deltas into the monitor the moment they are read off the network, before useChat or React see them.
 * It also reconnects to a running thread answer (useChat's `resumeStream`): the server replays what
 * this page missed, then a transient `data-live` part with its figures so far, then the live chunks;
 * only those are timed here.
 */
export class TimedChatTransport<M extends UIMessage> extends DefaultChatTransport<M> {
  private readonly monitor: StreamMonitor;
  private resumeTarget: ResumeTarget | null = null;
  private nextIsReplay = false;

  constructor({ monitor, ...options }: HttpChatTransportInitOptions<M> & { monitor: StreamMonitor }) {
    super(options);
    this.monitor = monitor;
    this.prepareReconnectToStreamRequest = ({ headers, credentials }) => {
      const target = this.resumeTarget;
      if (!target) throw new Error("No answer to resume.");
      const path = `${encodeURIComponent(target.threadId)}/messages/${encodeURIComponent(target.messageId)}`;
      return { api: `/api/threads/${path}/stream?format=ai-sdk`, headers, credentials };
    };
  }

  /** Names the answer the next `resumeStream()` reconnects to. */
  resumeFrom(target: ResumeTarget): void {
    this.resumeTarget = target;
  }

  override sendMessages(options: Parameters<DefaultChatTransport<M>["sendMessages"]>[0]) {
    this.monitor.begin();
    return super.sendMessages(options).catch((error: unknown) => {
      this.monitor.end();
      throw error;
    });
  }

  override async reconnectToStream(options: Parameters<DefaultChatTransport<M>["reconnectToStream"]>[0]) {
    if (!this.resumeTarget) return null;
    this.monitor.begin();
    this.nextIsReplay = true;
    try {
      const stream = await super.reconnectToStream(options);
      if (!stream) this.monitor.end();
      return stream;
    } catch (error) {
      this.monitor.end();
      throw error;
    } finally {
      this.nextIsReplay = false;
    }
  }

  protected override processResponseStream(
    stream: ReadableStream<Uint8Array<ArrayBufferLike>>,
  ): ReadableStream<UIMessageChunk> {
    const monitor = this.monitor;
    // What a resume replays arrives in a burst: it is not timed, the server's figures stand for it.
    let replaying = this.nextIsReplay;
    return super.processResponseStream(stream).pipeThrough(
      new TransformStream<UIMessageChunk, UIMessageChunk>({
        transform(chunk, controller) {
          if (chunk.type === "text-delta") {
            if (!replaying) monitor.recordChunk();
          } else if (chunk.type === "data-live") {
            const stats = (chunk.data as { stats: StreamStats }).stats;
            monitor.resume({
              firstChunkMs: stats.first_chunk_ms,
              chunks: stats.total_chunks,
              elapsedMs: stats.total_ms,
            });
            replaying = false;
          } else if (chunk.type === "start" && chunk.messageId) monitor.setMessageId(chunk.messageId);
          else if (chunk.type === "finish" || chunk.type === "error" || chunk.type === "abort") monitor.end();
          controller.enqueue(chunk);
        },
        flush() {
          monitor.end();
        },
      }),
    );
  }
}
