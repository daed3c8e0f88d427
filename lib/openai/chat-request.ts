import { z } from "zod";
import { LumiaError } from "@/lib/errors";
import type { ChatMessage, OllamaGenerationOptions } from "@/lib/ollama/wire-types";
import { chatMessageSchema, toOllamaMessages } from "@/lib/openai/chat-messages";
import { samplingShape, toModelOptions } from "@/lib/openai/sampling";
import { functionName, functionShape, type ToolChoice, toOllamaTools } from "@/lib/openai/tools";

const unsupported = (what: string) => `is not supported: ${what}`;

/** OpenAI's chat completion request, as far as Ollama can answer it. Unknown fields are ignored. */
export const openAiChatSchema = z.object({
  model: z.string().trim().min(1).max(200).optional(),
  messages: z.array(chatMessageSchema).min(1).max(1000),
  stream: z.boolean().nullish(),
  stream_options: z.object({ include_usage: z.boolean().nullish() }).nullish(),
  ...samplingShape,
  max_completion_tokens: z.number().int().min(1).nullish(),
  response_format: z
    .discriminatedUnion(
      "type",
      [
        z.object({ type: z.literal("text") }),
        z.object({ type: z.literal("json_object") }),
        z.object({
          type: z.literal("json_schema"),
          json_schema: z.object({
            name: z.string().min(1).max(64),
            description: z.string().nullish(),
            schema: z.record(z.string(), z.unknown()).nullish(),
            strict: z.boolean().nullish(),
          }),
        }),
      ],
      { error: "type must be text, json_object or json_schema" },
    )
    .nullish(),
  tools: z
    .array(z.object({ type: z.literal("function"), function: z.object(functionShape) }), {
      error: "must be a list of function tools (other tool types are not supported)",
    })
    .max(128)
    .nullish(),
  tool_choice: z
    .union([
      z.enum(["none", "auto", "required"]),
      z.object({ type: z.literal("function"), function: z.object({ name: functionName }) }),
    ])
    .nullish(),
  parallel_tool_calls: z.boolean().nullish(),
  logprobs: z.literal(false, unsupported("Lumia does not pass log probabilities on")).nullish(),
  top_logprobs: z.literal(0, unsupported("Lumia does not pass log probabilities on")).nullish(),
  audio: z.null(unsupported("Ollama answers in text")).optional(),
});
export type OpenAiChatInput = z.infer<typeof openAiChatSchema>;

/** The request as Ollama's `/api/chat` takes it: messages, then options, format and tools. */
export function toOllamaChat({ input }: { input: OpenAiChatInput }): {
  messages: ChatMessage[];
  generation: OllamaGenerationOptions;
} {
  const messages = toOllamaMessages({ messages: input.messages });
  const format = input.response_format;
  const choice = input.tool_choice;
  const tools = toOllamaTools({
    tools: (input.tools ?? []).map((tool) => tool.function),
    choice:
      typeof choice === "object" && choice
        ? { name: choice.function.name }
        : (choice as ToolChoice | undefined),
  });
  if (choice && choice !== "none" && choice !== "auto" && !tools) {
    throw new LumiaError("invalid_request", "tool_choice needs tools to choose from.", {
      param: "tool_choice",
    });
  }
  return {
    messages,
    generation: {
      options: toModelOptions({
        sampling: input,
        maxTokens: input.max_completion_tokens ?? input.max_tokens,
      }),
      format:
        format?.type === "json_object"
          ? "json"
          : format?.type === "json_schema"
            ? (format.json_schema.schema ?? "json")
            : undefined,
      tools,
    },
  };
}
