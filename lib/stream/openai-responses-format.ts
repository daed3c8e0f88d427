import { openAiErrorOfBody } from "@/lib/openai/errors";
import { openAiIds } from "@/lib/openai/ids";
import {
  finishedStatus,
  functionCallItem,
  type MessageItem,
  messageItem,
  type OutputItem,
  type ResponseEcho,
  responseObject,
} from "@/lib/openai/response-object";
import type { StreamEncoder, StreamFormat } from "@/lib/stream/encoder";
import type { StreamEvent, ToolCall } from "@/lib/stream/events";
import { SEED_SSE_HEADERS } from "@/lib/stream/headers";
import { SSE_KEEP_ALIVE } from "@/lib/stream/sse";

/**
 * OpenAI's Responses API events (`/v1/responses` with `stream: true`), named in `event:` as OpenAI sends
 * them and numbered by `sequence_number`:
 * `response.created`, `response.in_progress`; for the text, at its first chunk `response.output_item.added`
 * (a message) and `response.content_part.added`, then one `response.output_text.delta` per text event,
 * and at the end `response.output_text.done`, `response.content_part.done`, `response.output_item.done`;
 * for each function call `response.output_item.added`, `response.function_call_arguments.delta` (the
 * whole arguments: Ollama sends a call complete), `response.function_call_arguments.done`,
 * `response.output_item.done`; last `response.completed` (or `response.incomplete` when
 * `max_output_tokens` ran out) with the usage, or `response.failed` with the error. No `[DONE]`.
 */
function createResponsesEncoder({ echo }: { echo: ResponseEcho }): StreamEncoder {
  let seq = 0;
  let streamId = "";
  let ids = openAiIds({ streamId });
  let model = "";
  let createdAt = 0;
  const output: OutputItem[] = [];
  const calls: ToolCall[] = [];
  let message: { index: number; text: string } | undefined;

  const event = (type: string, data: object) =>
    `event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: seq++, ...data })}\n\n`;
  const response = (status: Parameters<typeof responseObject>[0]["status"], extra: object = {}) =>
    responseObject({ id: ids.response, createdAt, model, echo, status, output, ...extra });

  const openMessage = () => {
    const index = output.length;
    message = { index, text: "" };
    output.push(messageItem({ id: ids.message, text: "", status: "in_progress" }));
    const part = { type: "output_text", text: "", annotations: [], logprobs: [] };
    return (
      event("response.output_item.added", {
        output_index: index,
        item: { ...(output[index] as MessageItem), content: [] },
      }) +
      event("response.content_part.added", {
        item_id: ids.message,
        output_index: index,
        content_index: 0,
        part,
      })
    );
  };

  const closeMessage = (status: "completed" | "incomplete") => {
    if (!message) return "";
    const { index, text } = message;
    message = undefined;
    const item = messageItem({ id: ids.message, text, status });
    output[index] = item;
    const where = { item_id: ids.message, output_index: index, content_index: 0 };
    return (
      event("response.output_text.done", { ...where, text, logprobs: [] }) +
      event("response.content_part.done", { ...where, part: item.content[0] }) +
      event("response.output_item.done", { output_index: index, item })
    );
  };

  const functionCall = (call: ToolCall) => {
    const n = calls.push(call) - 1;
    const index = output.length;
    const pending = functionCallItem({ streamId, call, n, status: "in_progress" });
    const done = functionCallItem({ streamId, call, n, status: "completed" });
    output.push(done);
    const where = { item_id: done.id, output_index: index };
    return (
      event("response.output_item.added", { output_index: index, item: pending }) +
      event("response.function_call_arguments.delta", { ...where, delta: done.arguments }) +
      event("response.function_call_arguments.done", {
        ...where,
        name: done.name,
        arguments: done.arguments,
      }) +
      event("response.output_item.done", { output_index: index, item: done })
    );
  };

  return {
    encode(streamEvent: StreamEvent): string {
      switch (streamEvent.type) {
        case "text": {
          const open = message ? "" : openMessage();
          const current = message as { index: number; text: string };
          current.text += streamEvent.text;
          // The per-chunk event: the bytes `event()` would write, without an object per chunk.
          const head = `event: response.output_text.delta\ndata: {"type":"response.output_text.delta","sequence_number":${seq++}`;
          const where = `,"item_id":"${ids.message}","output_index":${current.index},"content_index":0,"delta":`;
          return `${open}${head}${where}${JSON.stringify(streamEvent.text)},"logprobs":[]}\n\n`;
        }
        case "start": {
          streamId = streamEvent.id;
          ids = openAiIds({ streamId });
          model = streamEvent.model;
          createdAt = Math.floor(Date.now() / 1000);
          const started = response("in_progress");
          return (
            event("response.created", { response: started }) +
            event("response.in_progress", { response: started })
          );
        }
        case "memory":
        case "caught_up":
          return "";
        case "tool_calls":
          return streamEvent.calls.map(functionCall).join("");
        case "stopped":
        case "done": {
          const status = finishedStatus({ stats: streamEvent.stats, calls });
          const closed = closeMessage(status === "incomplete" ? "incomplete" : "completed");
          return (
            closed + event(`response.${status}`, { response: response(status, { stats: streamEvent.stats }) })
          );
        }
        case "error": {
          const closed = closeMessage("incomplete");
          const error = openAiErrorOfBody({ body: streamEvent.error });
          return closed + event("response.failed", { response: response("failed", { error }) });
        }
      }
    },
    heartbeat: () => SSE_KEEP_ALIVE,
    end: () => "",
  };
}

/** The Responses API's streaming events, spoken by `POST /v1/responses`; `echo` is what the response repeats of its request. */
export function openAiResponsesFormat({ echo }: { echo: ResponseEcho }): StreamFormat {
  return {
    name: "openai-responses",
    headers: SEED_SSE_HEADERS,
    create: () => createResponsesEncoder({ echo }),
  };
}
