import type { ToolCall } from "@/lib/stream/events";

/**
 * The ids of one answer's OpenAI objects, all made from the stream's id so that the streamed chunks,
 * the whole object and the stored items of the same answer agree without sharing state.
 */
export function openAiIds({ streamId }: { streamId: string }) {
  const key = streamId.replace(/-/g, "");
  return {
    chatCompletion: `chatcmpl-${key}`,
    completion: `cmpl-${key}`,
    response: `resp_${key}`,
    /** The answer's text (one message item per response). */
    message: `msg_${key}`,
    /** The `n`th call of the answer: Ollama's own id when it sent one. */
    call: (call: ToolCall, n: number) => call.id || `call_${key}_${n}`,
    /** The Responses API item that carries the `n`th call. */
    functionCallItem: (n: number) => `fc_${key}_${n}`,
  };
}
