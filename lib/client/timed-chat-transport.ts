import {
  DefaultChatTransport,
  type HttpChatTransportInitOptions,
  type UIMessage,
  type UIMessageChunk,
} from "ai";
import type { StreamMonitor } from "./stream-monitor";

/**
 * The AI SDK's HTTP transport with a tap: every decoded chunk passes a TransformStream that stamps text
 * deltas into the monitor the moment they are read off the network, before useChat or React see them.
 */
export class TimedChatTransport<M extends UIMessage> extends DefaultChatTransport<M> {
  private readonly monitor: StreamMonitor;

  constructor({ monitor, ...options }: HttpChatTransportInitOptions<M> & { monitor: StreamMonitor }) {
    super(options);
    this.monitor = monitor;
  }

  override sendMessages(options: Parameters<DefaultChatTransport<M>["sendMessages"]>[0]) {
    this.monitor.begin();
    return super.sendMessages(options).catch((error: unknown) => {
      this.monitor.end();
      throw error;
    });
  }

  protected override processResponseStream(
    stream: ReadableStream<Uint8Array<ArrayBufferLike>>,
  ): ReadableStream<UIMessageChunk> {
    const monitor = this.monitor;
    return super.processResponseStream(stream).pipeThrough(
      new TransformStream<UIMessageChunk, UIMessageChunk>({
        transform(chunk, controller) {
          if (chunk.type === "text-delta") monitor.recordChunk();
          else if (chunk.type === "start" && chunk.messageId) monitor.setMessageId(chunk.messageId);
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
