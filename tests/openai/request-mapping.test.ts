import { describe, expect, it } from "vitest";
import { validate } from "@/lib/http/parse-body";
import { openAiChatSchema, toOllamaChat } from "@/lib/openai/chat-request";
import { toModelOptions } from "@/lib/openai/sampling";

describe("OpenAI's parameters as Ollama's options", () => {
  it("sends only what the client set; named parameters override Lumia's `options` extension", () => {
    expect(toModelOptions({ sampling: {} })).toBeUndefined();
    expect(
      toModelOptions({
        sampling: {
          temperature: 0.5,
          stop: "END",
          seed: null,
          options: { top_k: 20, temperature: 0.1, num_ctx: 8192 },
        },
        maxTokens: 64,
      }),
    ).toEqual({ top_k: 20, temperature: 0.5, num_ctx: 8192, stop: ["END"], num_predict: 64 });
  });

  it("maps a conversation: developer to system, formats, tool choice narrowing the offered tools", () => {
    const input = validate({
      schema: openAiChatSchema,
      value: {
        messages: [
          { role: "developer", content: [{ type: "text", text: "Be brief." }] },
          { role: "user", content: "Hi" },
        ],
        max_tokens: 10,
        max_completion_tokens: 20,
        response_format: { type: "json_schema", json_schema: { name: "x", schema: { type: "object" } } },
        tools: [
          { type: "function", function: { name: "a", parameters: { type: "object", properties: {} } } },
          { type: "function", function: { name: "b", description: "B" } },
        ],
        tool_choice: { type: "function", function: { name: "b" } },
      },
    });
    expect(toOllamaChat({ input })).toEqual({
      messages: [
        { role: "system", content: "Be brief." },
        { role: "user", content: "Hi" },
      ],
      generation: {
        options: { num_predict: 20 },
        format: { type: "object" },
        tools: [
          {
            type: "function",
            function: { name: "b", description: "B", parameters: { type: "object", properties: {} } },
          },
        ],
      },
    });
    const none = validate({
      schema: openAiChatSchema,
      value: {
        messages: [{ role: "user", content: "Hi" }],
        tools: input.tools,
        tool_choice: "none",
        response_format: { type: "json_object" },
      },
    });
    expect(toOllamaChat({ input: none }).generation).toEqual({
      options: undefined,
      format: "json",
      tools: undefined,
    });
  });
});
