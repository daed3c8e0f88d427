import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { StreamEvent, StreamStats } from "@/lib/stream/events";
import { openAiCompletionFormat } from "@/lib/stream/openai-completion-format";
import { openAiChatFormat } from "@/lib/stream/openai-format";
import { openAiResponsesFormat } from "@/lib/stream/openai-responses-format";

const NOW_S = 1_760_000_000;
beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(NOW_S * 1000);
});
afterEach(() => vi.useRealTimers());

const stats = (extra: Partial<StreamStats> = {}): StreamStats => ({
  model: "llama3.2",
  first_chunk_ms: 10,
  avg_gap_ms: 5,
  max_gap_ms: 6,
  total_chunks: 2,
  total_ms: 30,
  prompt_eval_count: 7,
  eval_count: 2,
  done_reason: "stop",
  ...extra,
});

const start: StreamEvent = { type: "start", id: "ab-12", model: "llama3.2" };
const call = { function: { name: "get_weather", arguments: { city: "Lund" } } };
const encodeAll = (
  format: { create(): { encode(e: StreamEvent): string; end(): string } },
  events: StreamEvent[],
) => {
  const encoder = format.create();
  return events.map((event) => encoder.encode(event)).join("") + encoder.end();
};

describe("OpenAI chat completion chunks", () => {
  const head = `{"id":"chatcmpl-ab12","object":"chat.completion.chunk","created":${NOW_S},"model":"llama3.2","choices":`;

  it("role first, one delta per text event, finish reason last, then [DONE]", () => {
    expect(
      encodeAll(openAiChatFormat({ includeUsage: false }), [
        start,
        { type: "text", text: "Hej" },
        { type: "text", text: " då\n🚀" },
        { type: "done", stats: stats() },
      ]),
    ).toBe(
      `data: ${head}[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}\n\n` +
        `data: ${head}[{"index":0,"delta":{"content":"Hej"},"finish_reason":null}]}\n\n` +
        `data: ${head}[{"index":0,"delta":{"content":" då\\n🚀"},"finish_reason":null}]}\n\n` +
        `data: ${head}[{"index":0,"delta":{},"finish_reason":"stop"}]}\n\n` +
        "data: [DONE]\n\n",
    );
  });

  it("tool calls as delta.tool_calls with ids and JSON arguments, finish_reason tool_calls, usage in its own chunk", () => {
    const text = encodeAll(openAiChatFormat({ includeUsage: true }), [
      start,
      { type: "tool_calls", calls: [call, { ...call, id: "call_ollama" }] },
      { type: "done", stats: stats() },
    ]);
    const frames = text.split("\n\n").filter(Boolean);
    expect(frames[1]).toBe(
      `data: ${head}[{"index":0,"delta":{"tool_calls":[` +
        `{"index":0,"id":"call_ab12_0","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Lund\\"}"}},` +
        `{"index":1,"id":"call_ollama","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Lund\\"}"}}` +
        `]},"finish_reason":null}]}`,
    );
    expect(frames[2]).toBe(`data: ${head}[{"index":0,"delta":{},"finish_reason":"tool_calls"}]}`);
    expect(frames[3]).toBe(
      `data: ${head}[],"usage":{"prompt_tokens":7,"completion_tokens":2,"total_tokens":9}}`,
    );
    expect(frames[4]).toBe("data: [DONE]");
  });

  it("length when num_predict ran out; an error as OpenAI's error object", () => {
    const encoder = openAiChatFormat({ includeUsage: false }).create();
    encoder.encode(start);
    expect(encoder.encode({ type: "done", stats: stats({ done_reason: "length" }) })).toContain(
      '"finish_reason":"length"',
    );
    expect(
      encoder.encode({ type: "error", error: { error: "Ollama failed: boom", code: "ollama_error" } }),
    ).toBe(
      'data: {"error":{"message":"Ollama failed: boom","type":"server_error","param":null,"code":"ollama_error"}}\n\n',
    );
  });
});

describe("OpenAI legacy completion chunks", () => {
  it("no role chunk; text chunks, an empty chunk with the finish reason, the usage chunk, [DONE]", () => {
    const head = `{"id":"cmpl-ab12","object":"text_completion","created":${NOW_S},"model":"llama3.2","choices":`;
    expect(
      encodeAll(openAiCompletionFormat({ includeUsage: true }), [
        start,
        { type: "text", text: "Once" },
        { type: "done", stats: stats({ done_reason: "length" }) },
      ]),
    ).toBe(
      `data: ${head}[{"text":"Once","index":0,"logprobs":null,"finish_reason":null}]}\n\n` +
        `data: ${head}[{"text":"","index":0,"logprobs":null,"finish_reason":"length"}]}\n\n` +
        `data: ${head}[],"usage":{"prompt_tokens":7,"completion_tokens":2,"total_tokens":9}}\n\n` +
        "data: [DONE]\n\n",
    );
  });
});

describe("OpenAI Responses API events", () => {
  const echo = {
    instructions: null,
    max_output_tokens: null,
    temperature: null,
    top_p: null,
    tools: [],
    tool_choice: "auto",
    text: { format: { type: "text" } },
    store: true,
    metadata: {},
    previous_response_id: null,
    parallel_tool_calls: true,
    user: null,
  };
  const parse = (text: string) =>
    text
      .split("\n\n")
      .filter(Boolean)
      .map((frame) => {
        const [eventLine, dataLine, ...rest] = frame.split("\n");
        expect(rest).toEqual([]);
        return {
          event: eventLine?.replace("event: ", ""),
          data: JSON.parse(dataLine?.replace("data: ", "") ?? ""),
        };
      });

  it("names every event, numbers them, and builds the message item delta by delta", () => {
    const events = parse(
      encodeAll(openAiResponsesFormat({ echo }), [
        start,
        { type: "text", text: "Hej" },
        { type: "text", text: " då" },
        { type: "done", stats: stats() },
      ]),
    );
    expect(events.map((e) => e.event)).toEqual([
      "response.created",
      "response.in_progress",
      "response.output_item.added",
      "response.content_part.added",
      "response.output_text.delta",
      "response.output_text.delta",
      "response.output_text.done",
      "response.content_part.done",
      "response.output_item.done",
      "response.completed",
    ]);
    for (const [i, e] of events.entries()) {
      expect(e.data.type).toBe(e.event);
      expect(e.data.sequence_number).toBe(i);
    }
    expect(events[0]?.data.response).toMatchObject({
      id: "resp_ab12",
      object: "response",
      created_at: NOW_S,
      status: "in_progress",
      model: "llama3.2",
      output: [],
      usage: null,
    });
    expect(events[2]?.data.item).toEqual({
      id: "msg_ab12",
      type: "message",
      status: "in_progress",
      role: "assistant",
      content: [],
    });
    expect(events[4]?.data).toMatchObject({
      item_id: "msg_ab12",
      output_index: 0,
      content_index: 0,
      delta: "Hej",
    });
    // The per-chunk event, byte for byte.
    const encoder = openAiResponsesFormat({ echo }).create();
    encoder.encode(start);
    const firstDelta = encoder.encode({ type: "text", text: "a" });
    expect(
      firstDelta.endsWith(
        'data: {"type":"response.output_text.delta","sequence_number":4,"item_id":"msg_ab12","output_index":0,"content_index":0,"delta":"a","logprobs":[]}\n\n',
      ),
    ).toBe(true);
    expect(encoder.encode({ type: "text", text: 'b "c"\n' })).toBe(
      'event: response.output_text.delta\ndata: {"type":"response.output_text.delta","sequence_number":5,' +
        '"item_id":"msg_ab12","output_index":0,"content_index":0,"delta":"b \\"c\\"\\n","logprobs":[]}\n\n',
    );
    expect(events[6]?.data.text).toBe("Hej då");
    expect(events[9]?.data.response).toMatchObject({
      status: "completed",
      output: [
        {
          id: "msg_ab12",
          status: "completed",
          content: [{ type: "output_text", text: "Hej då", annotations: [], logprobs: [] }],
        },
      ],
      usage: { input_tokens: 7, output_tokens: 2, total_tokens: 9 },
    });
    // Memories are Lumia's own: OpenAI's formats do not carry them.
    expect(
      openAiResponsesFormat({ echo }).create().encode({ type: "memory", memories: [], method: "keyword" }),
    ).toBe("");
  });

  it("a function call is an item of its own with its arguments; max tokens end as response.incomplete", () => {
    const withCall = parse(
      encodeAll(openAiResponsesFormat({ echo }), [
        start,
        { type: "tool_calls", calls: [call] },
        { type: "done", stats: stats() },
      ]),
    );
    expect(withCall.map((e) => e.event).slice(2)).toEqual([
      "response.output_item.added",
      "response.function_call_arguments.delta",
      "response.function_call_arguments.done",
      "response.output_item.done",
      "response.completed",
    ]);
    expect(withCall[2]?.data.item).toEqual({
      id: "fc_ab12_0",
      type: "function_call",
      status: "in_progress",
      call_id: "call_ab12_0",
      name: "get_weather",
      arguments: "",
    });
    expect(withCall[3]?.data).toMatchObject({
      item_id: "fc_ab12_0",
      output_index: 0,
      delta: '{"city":"Lund"}',
    });
    expect(withCall[5]?.data.item).toMatchObject({ status: "completed", arguments: '{"city":"Lund"}' });

    const cut = parse(
      encodeAll(openAiResponsesFormat({ echo }), [
        start,
        { type: "text", text: "Once" },
        { type: "done", stats: stats({ done_reason: "length" }) },
      ]),
    );
    expect(cut.at(-1)?.event).toBe("response.incomplete");
    expect(cut.at(-1)?.data.response).toMatchObject({
      status: "incomplete",
      incomplete_details: { reason: "max_output_tokens" },
    });
  });

  it("an error after the start is response.failed with Lumia's code and message", () => {
    const failed = parse(
      encodeAll(openAiResponsesFormat({ echo }), [
        start,
        { type: "text", text: "Par" },
        { type: "error", error: { error: "Ollama failed: boom", code: "ollama_error" } },
      ]),
    );
    expect(failed.at(-2)?.data.item).toMatchObject({ status: "incomplete" });
    expect(failed.at(-1)).toMatchObject({
      event: "response.failed",
      data: {
        response: { status: "failed", error: { code: "ollama_error", message: "Ollama failed: boom" } },
      },
    });
  });
});
