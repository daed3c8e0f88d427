import { UI_MESSAGE_STREAM_HEADERS } from "ai";
import type { StreamEncoder, StreamFormat } from "@/lib/stream/encoder";
import type { StreamEvent } from "@/lib/stream/events";
import { SSE_KEEP_ALIVE } from "@/lib/stream/sse";

const frame = (chunk: object) => `data: ${JSON.stringify(chunk)}\n\n`;

/**
 * The AI SDK UI message stream (what `useChat` reads). `useChat` throws on a delta without its
 * `text-start`, so the text part is opened by the first chunk and closed before finish or error. Stats
 * travel as message metadata, the memories used as a `data-memories` part.
 */
function createAiSdkEncoder(): StreamEncoder {
  let textId: string | null = null;
  let messageId = "";
  const closeText = () => {
    if (!textId) return "";
    const out = frame({ type: "text-end", id: textId });
    textId = null;
    return out;
  };
  return {
    encode(event: StreamEvent): string {
      switch (event.type) {
        case "text": {
          if (textId) return frame({ type: "text-delta", id: textId, delta: event.text });
          textId = `${messageId}-text`;
          return (
            frame({ type: "text-start", id: textId }) +
            frame({ type: "text-delta", id: textId, delta: event.text })
          );
        }
        case "start":
          messageId = event.id;
          return frame({
            type: "start",
            messageId: event.id,
            messageMetadata: { model: event.model, ...event.meta },
          });
        case "caught_up":
          // Transient: useChat hands it to onData and the transport, never into the message.
          return frame({ type: "data-live", transient: true, data: { stats: event.stats } });
        case "memory":
          return frame({
            type: "data-memories",
            id: "memories",
            data: { memories: event.memories, method: event.method },
          });
        case "tool_calls":
          // The UI message stream's own tool parts: the call is complete when Ollama sends it.
          return event.calls
            .map((call, i) =>
              frame({
                type: "tool-input-available",
                toolCallId: call.id ?? `${messageId}-tool-${call.function.index ?? i}`,
                toolName: call.function.name,
                input: call.function.arguments,
              }),
            )
            .join("");
        case "done":
          return (
            closeText() +
            frame({ type: "finish", finishReason: "stop", messageMetadata: { stats: event.stats } })
          );
        case "stopped":
          return (
            closeText() +
            frame({
              type: "finish",
              finishReason: "stop",
              messageMetadata: { stats: event.stats, status: "interrupted" },
            })
          );
        case "error":
          return (
            closeText() +
            frame({ type: "message-metadata", messageMetadata: { error: event.error } }) +
            frame({ type: "error", errorText: event.error.error })
          );
      }
    },
    heartbeat: () => SSE_KEEP_ALIVE,
    end: () => "data: [DONE]\n\n",
  };
}

/** The Vercel AI SDK's UI message stream protocol (v1), spoken by `POST /api/chat`. */
export const aiSdkFormat: StreamFormat = {
  name: "ai-sdk",
  headers: Object.freeze({
    ...UI_MESSAGE_STREAM_HEADERS,
    "content-type": "text/event-stream; charset=utf-8",
    "cache-control": "no-cache, no-transform",
  }),
  create: createAiSdkEncoder,
};
