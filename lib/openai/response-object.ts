import type { OpenAiError } from "@/lib/openai/errors";
import { openAiIds } from "@/lib/openai/ids";
import { tokenUsage } from "@/lib/openai/usage";
import type { StreamStats, ToolCall } from "@/lib/stream/events";
import type { StreamResult } from "@/lib/stream/observers";

/** The answer's text, as a Responses API output item. */
export interface MessageItem {
  id: string;
  type: "message";
  status: "in_progress" | "completed" | "incomplete";
  role: "assistant";
  content: { type: "output_text"; text: string; annotations: []; logprobs: [] }[];
}

/** One function call of the answer, as a Responses API output item. */
export interface FunctionCallItem {
  id: string;
  type: "function_call";
  status: "in_progress" | "completed";
  call_id: string;
  name: string;
  arguments: string;
}

export type OutputItem = MessageItem | FunctionCallItem;

/** What a response object repeats of its request (OpenAI echoes the settings it ran with). */
export interface ResponseEcho {
  instructions: string | null;
  max_output_tokens: number | null;
  temperature: number | null;
  top_p: number | null;
  tools: object[];
  tool_choice: unknown;
  text: { format: object };
  store: boolean;
  metadata: Record<string, string>;
  previous_response_id: string | null;
  parallel_tool_calls: boolean;
  user: string | null;
}

export type ResponseStatus = "in_progress" | "completed" | "incomplete" | "failed";

/** A Response object in any state: in progress (the stream's first events), finished, or failed. */
export function responseObject({
  id,
  createdAt,
  model,
  echo,
  status,
  output,
  stats,
  error,
}: {
  id: string;
  createdAt: number;
  model: string;
  echo: ResponseEcho;
  status: ResponseStatus;
  output: OutputItem[];
  stats?: StreamStats;
  error?: OpenAiError;
}) {
  const usage = stats ? tokenUsage({ stats }) : undefined;
  return {
    id,
    object: "response",
    created_at: createdAt,
    status,
    background: false,
    error: error ? { code: error.code, message: error.message } : null,
    incomplete_details: status === "incomplete" ? { reason: "max_output_tokens" } : null,
    ...echo,
    model,
    output,
    reasoning: { effort: null, summary: null },
    truncation: "disabled",
    usage: usage
      ? {
          input_tokens: usage.input,
          input_tokens_details: { cached_tokens: 0 },
          output_tokens: usage.output,
          output_tokens_details: { reasoning_tokens: 0 },
          total_tokens: usage.total,
        }
      : null,
  };
}

/** `incomplete` when Ollama ran out of `num_predict` (and called nothing), else `completed`. */
export function finishedStatus({
  stats,
  calls,
}: {
  stats: StreamStats;
  calls: readonly ToolCall[];
}): "completed" | "incomplete" {
  return stats.done_reason === "length" && calls.length === 0 ? "incomplete" : "completed";
}

/** A message item holding `text`. */
export function messageItem({
  id,
  text,
  status,
}: {
  id: string;
  text: string;
  status: MessageItem["status"];
}): MessageItem {
  return {
    id,
    type: "message",
    status,
    role: "assistant",
    content: [{ type: "output_text", text, annotations: [], logprobs: [] }],
  };
}

/** The function call item of the `n`th call. */
export function functionCallItem({
  streamId,
  call,
  n,
  status,
}: {
  streamId: string;
  call: ToolCall;
  n: number;
  status: FunctionCallItem["status"];
}): FunctionCallItem {
  const ids = openAiIds({ streamId });
  return {
    id: ids.functionCallItem(n),
    type: "function_call",
    status,
    call_id: ids.call(call, n),
    name: call.function.name,
    arguments: status === "completed" ? JSON.stringify(call.function.arguments) : "",
  };
}

/** The output items of a finished answer: its text (if any), then its calls, with the stream's ids. */
export function outputItemsOf({ result }: { result: StreamResult }): OutputItem[] {
  const ids = openAiIds({ streamId: result.id });
  const calls = result.toolCalls ?? [];
  const status = finishedStatus({ stats: result.stats, calls }) === "incomplete" ? "incomplete" : "completed";
  return [
    ...(result.text ? [messageItem({ id: ids.message, text: result.text, status })] : []),
    ...calls.map((call, n) => functionCallItem({ streamId: result.id, call, n, status: "completed" })),
  ];
}
