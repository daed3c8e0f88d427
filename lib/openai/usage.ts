import type { StreamStats, ToolCall } from "@/lib/stream/events";

/** Token counts from Ollama's figures: prompt_eval_count in, eval_count out. */
export function tokenUsage({ stats }: { stats: StreamStats }) {
  const input = stats.prompt_eval_count ?? 0;
  const output = stats.eval_count ?? stats.total_chunks;
  return { input, output, total: input + output };
}

/**
 * OpenAI's finish reason: `tool_calls` when the answer called functions, `length` when Ollama ran out of
 * `num_predict`, else `stop`.
 */
export function finishReason({
  stats,
  toolCalls,
}: {
  stats: StreamStats;
  toolCalls: readonly ToolCall[] | undefined;
}): "tool_calls" | "length" | "stop" {
  if (toolCalls && toolCalls.length > 0) return "tool_calls";
  return stats.done_reason === "length" ? "length" : "stop";
}
