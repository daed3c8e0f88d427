import { openAiErrorOfBody } from "@/lib/openai/errors";
import { openAiIds } from "@/lib/openai/ids";
import { finishReason, tokenUsage } from "@/lib/openai/usage";
import type { StreamEncoder, StreamFormat } from "@/lib/stream/encoder";
import type { StreamEvent, ToolCall } from "@/lib/stream/events";
import { SEED_SSE_HEADERS } from "@/lib/stream/headers";
import { SSE_KEEP_ALIVE } from "@/lib/stream/sse";

const frame = (chunk: object) => `data: ${JSON.stringify(chunk)}\n\n`;

/**
 * OpenAI's chat completion chunks (`/v1/chat/completions` with `stream: true`). The first chunk carries
 * the role, each text event one `delta.content`, each tool-call event a `delta.tool_calls` whose calls are
 * complete (Ollama sends a call whole: id, name and all its arguments in one chunk), the last the finish
 * reason (`tool_calls`, `length` or `stop`). With `include_usage`, the usage follows in a chunk of its
 * own with `choices: []`, as OpenAI sends it; then `[DONE]`. An error after the start is a chunk
 * `{"error": {message, type, param, code}}`, which OpenAI's SDKs raise as an APIError.
 */
function createOpenAiChatEncoder({ includeUsage }: { includeUsage: boolean }): StreamEncoder {
  let base = { id: "", object: "chat.completion.chunk", created: 0, model: "" };
  let ids = openAiIds({ streamId: "" });
  // The per-chunk event: the bytes `chunk({ content })` would write, without an object per chunk.
  let textHead = "";
  const calls: ToolCall[] = [];
  const chunk = (delta: object, finish: string | null = null) =>
    frame({ ...base, choices: [{ index: 0, delta, finish_reason: finish }] });
  return {
    encode(event: StreamEvent): string {
      switch (event.type) {
        case "text":
          return `${textHead}${JSON.stringify(event.text)}},"finish_reason":null}]}\n\n`;
        case "start":
          ids = openAiIds({ streamId: event.id });
          base = {
            ...base,
            id: ids.chatCompletion,
            created: Math.floor(Date.now() / 1000),
            model: event.model,
          };
          textHead = `data: ${JSON.stringify(base).slice(0, -1)},"choices":[{"index":0,"delta":{"content":`;
          return chunk({ role: "assistant", content: "" });
        case "memory":
        case "caught_up":
          return "";
        case "tool_calls":
          return chunk({
            tool_calls: event.calls.map((call) => {
              const index = calls.push(call) - 1;
              return {
                index,
                id: ids.call(call, index),
                type: "function",
                function: { name: call.function.name, arguments: JSON.stringify(call.function.arguments) },
              };
            }),
          });
        case "stopped":
        case "done": {
          const finish = chunk({}, finishReason({ stats: event.stats, toolCalls: calls }));
          if (!includeUsage) return finish;
          const usage = tokenUsage({ stats: event.stats });
          return (
            finish +
            frame({
              ...base,
              choices: [],
              usage: {
                prompt_tokens: usage.input,
                completion_tokens: usage.output,
                total_tokens: usage.total,
              },
            })
          );
        }
        case "error":
          return frame({ error: openAiErrorOfBody({ body: event.error }) });
      }
    },
    heartbeat: () => SSE_KEEP_ALIVE,
    end: () => "data: [DONE]\n\n",
  };
}

/** OpenAI-compatible chat streaming, spoken by `POST /v1/chat/completions`. */
export function openAiChatFormat({ includeUsage }: { includeUsage: boolean }): StreamFormat {
  return {
    name: "openai",
    headers: SEED_SSE_HEADERS,
    create: () => createOpenAiChatEncoder({ includeUsage }),
  };
}
