import type { StreamEncoder, StreamFormat } from "@/lib/stream/encoder";
import type { StreamEvent } from "@/lib/stream/events";
import { SEED_SSE_HEADERS } from "@/lib/stream/headers";
import { SSE_KEEP_ALIVE } from "@/lib/stream/sse";

const frame = (chunk: object) => `data: ${JSON.stringify(chunk)}\n\n`;

/**
 * OpenAI's chat completion chunks, for clients written against OpenAI's API (`/v1/chat/completions`).
 * The first chunk carries the role, each text event one `delta.content`, the last the finish reason and
 * token usage from Ollama's figures, then `[DONE]`.
 */
function createOpenAiEncoder(): StreamEncoder {
  let base = { id: "", object: "chat.completion.chunk", created: 0, model: "" };
  const chunk = (delta: object, finishReason: string | null = null, extra: object = {}) =>
    frame({ ...base, choices: [{ index: 0, delta, finish_reason: finishReason }], ...extra });
  return {
    encode(event: StreamEvent): string {
      switch (event.type) {
        case "text":
          return chunk({ content: event.text });
        case "start":
          base = {
            ...base,
            id: `chatcmpl-${event.id}`,
            created: Math.floor(Date.now() / 1000),
            model: event.model,
          };
          return chunk({ role: "assistant", content: "" });
        case "memory":
        case "caught_up":
          return "";
        case "tool_calls":
          return chunk({
            tool_calls: event.calls.map((call, i) => ({
              index: call.index ?? i,
              id: `call_${base.id}_${call.index ?? i}`,
              type: "function",
              function: { name: call.function.name, arguments: JSON.stringify(call.function.arguments) },
            })),
          });
        case "stopped":
        case "done": {
          const prompt = event.stats.prompt_eval_count ?? 0;
          const completion = event.stats.eval_count ?? event.stats.total_chunks;
          return chunk({}, event.stats.done_reason === "length" ? "length" : "stop", {
            usage: {
              prompt_tokens: prompt,
              completion_tokens: completion,
              total_tokens: prompt + completion,
            },
          });
        }
        case "error":
          return frame({
            error: { message: event.error.error, type: "server_error", code: event.error.code },
          });
      }
    },
    heartbeat: () => SSE_KEEP_ALIVE,
    end: () => "data: [DONE]\n\n",
  };
}

/** OpenAI-compatible streaming, spoken by `POST /v1/chat/completions`. */
export const openAiFormat: StreamFormat = {
  name: "openai",
  headers: SEED_SSE_HEADERS,
  create: createOpenAiEncoder,
};
