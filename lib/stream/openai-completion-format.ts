import { openAiErrorOfBody } from "@/lib/openai/errors";
import { openAiIds } from "@/lib/openai/ids";
import { finishReason, tokenUsage } from "@/lib/openai/usage";
import type { StreamEncoder, StreamFormat } from "@/lib/stream/encoder";
import type { StreamEvent } from "@/lib/stream/events";
import { SEED_SSE_HEADERS } from "@/lib/stream/headers";
import { SSE_KEEP_ALIVE } from "@/lib/stream/sse";

const frame = (chunk: object) => `data: ${JSON.stringify(chunk)}\n\n`;

/**
 * OpenAI's legacy completion chunks (`/v1/completions` with `stream: true`): one `text_completion`
 * chunk per text event (no role chunk first, as OpenAI sends them), the finish reason on a last empty
 * one, the usage in a chunk of its own with `include_usage`, then `[DONE]`.
 */
function createCompletionEncoder({ includeUsage }: { includeUsage: boolean }): StreamEncoder {
  let base = { id: "", object: "text_completion", created: 0, model: "" };
  const chunk = (text: string, finish: string | null = null) =>
    frame({ ...base, choices: [{ text, index: 0, logprobs: null, finish_reason: finish }] });
  return {
    encode(event: StreamEvent): string {
      switch (event.type) {
        case "text":
          return chunk(event.text);
        case "start":
          base = {
            ...base,
            id: openAiIds({ streamId: event.id }).completion,
            created: Math.floor(Date.now() / 1000),
            model: event.model,
          };
          return "";
        case "memory":
        case "tool_calls":
        case "caught_up":
          return "";
        case "stopped":
        case "done": {
          const finish = chunk("", finishReason({ stats: event.stats, toolCalls: undefined }));
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

/** OpenAI-compatible completion streaming, spoken by `POST /v1/completions`. */
export function openAiCompletionFormat({ includeUsage }: { includeUsage: boolean }): StreamFormat {
  return {
    name: "openai-completion",
    headers: SEED_SSE_HEADERS,
    create: () => createCompletionEncoder({ includeUsage }),
  };
}
