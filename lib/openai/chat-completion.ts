import { openAiIds } from "@/lib/openai/ids";
import { finishReason, tokenUsage } from "@/lib/openai/usage";
import type { StreamResult } from "@/lib/stream/observers";

/**
 * The `chat.completion` object of a finished answer (`stream` not set), with the same ids, finish reason
 * and usage its stream would have had. `content` is null when the answer only called functions.
 */
export function chatCompletionObject({ result, created }: { result: StreamResult; created: number }) {
  const ids = openAiIds({ streamId: result.id });
  const calls = result.toolCalls ?? [];
  const usage = tokenUsage({ stats: result.stats });
  return {
    id: ids.chatCompletion,
    object: "chat.completion",
    created,
    model: result.model,
    choices: [
      {
        index: 0,
        message: {
          role: "assistant",
          content: result.text === "" && calls.length > 0 ? null : result.text,
          refusal: null,
          ...(calls.length > 0
            ? {
                tool_calls: calls.map((call, n) => ({
                  id: ids.call(call, n),
                  type: "function",
                  function: { name: call.function.name, arguments: JSON.stringify(call.function.arguments) },
                })),
              }
            : {}),
        },
        logprobs: null,
        finish_reason: finishReason({ stats: result.stats, toolCalls: calls }),
      },
    ],
    usage: { prompt_tokens: usage.input, completion_tokens: usage.output, total_tokens: usage.total },
  };
}
