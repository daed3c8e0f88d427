import { z } from "zod";
import { LumiaError } from "@/lib/errors";
import type { ChatMessage, OllamaGenerationOptions } from "@/lib/ollama/wire-types";
import { imageFromUrl } from "@/lib/openai/images";
import { samplingShape, toModelOptions } from "@/lib/openai/sampling";
import {
  functionName,
  functionShape,
  parseArguments,
  type ToolChoice,
  toOllamaTools,
} from "@/lib/openai/tools";

const unsupported = (what: string) => `is not supported: ${what}`;

const textPart = z.object({ type: z.literal("text"), text: z.string() });
const imagePart = z.object({
  type: z.literal("image_url"),
  image_url: z.union([z.string(), z.object({ url: z.string(), detail: z.string().nullish() })]),
});
const refusalPart = z.object({ type: z.literal("refusal"), refusal: z.string() });

const textContent = z.union([
  z.string(),
  z.array(z.discriminatedUnion("type", [textPart], { error: "must be a text part" })),
]);
const userContent = z.union([
  z.string(),
  z.array(
    z.discriminatedUnion("type", [textPart, imagePart], {
      error: "must be a text or image_url part (audio and files are not supported)",
    }),
  ),
]);

const toolCallSchema = z.object({
  id: z.string().min(1),
  type: z.literal("function").optional(),
  function: z.object({ name: z.string().min(1), arguments: z.string() }),
});

const messageSchema = z.discriminatedUnion(
  "role",
  [
    z.object({ role: z.enum(["system", "developer"]), content: textContent, name: z.string().nullish() }),
    z.object({ role: z.literal("user"), content: userContent, name: z.string().nullish() }),
    z
      .object({
        role: z.literal("assistant"),
        content: z
          .union([
            z.string(),
            z.array(z.discriminatedUnion("type", [textPart, refusalPart], { error: "must be a text part" })),
          ])
          .nullish(),
        tool_calls: z.array(toolCallSchema).nullish(),
        name: z.string().nullish(),
      })
      .refine((m) => m.content != null || (m.tool_calls?.length ?? 0) > 0, "needs content or tool_calls"),
    z.object({ role: z.literal("tool"), content: textContent, tool_call_id: z.string().min(1) }),
  ],
  { error: "role must be system, developer, user, assistant or tool (function messages are not supported)" },
);

/** OpenAI's chat completion request, as far as Ollama can answer it. Unknown fields are ignored. */
export const openAiChatSchema = z.object({
  model: z.string().trim().min(1).max(200).optional(),
  messages: z.array(messageSchema).min(1).max(1000),
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
  logprobs: z.literal(false, unsupported("Ollama's OpenAI layer gives no log probabilities here")).nullish(),
  top_logprobs: z.literal(0, unsupported("Ollama's OpenAI layer gives no log probabilities here")).nullish(),
  audio: z.null(unsupported("Ollama answers in text")).optional(),
});
export type OpenAiChatInput = z.infer<typeof openAiChatSchema>;

type Message = OpenAiChatInput["messages"][number];

const textOf = (content: string | { type: string; text?: string; refusal?: string }[]) =>
  typeof content === "string" ? content : content.map((p) => p.text ?? p.refusal ?? "").join("\n");

/** One OpenAI message as Ollama's: images from data URLs, tool calls with object arguments. */
function toOllamaMessage({
  message,
  at,
  names,
}: {
  message: Message;
  at: number;
  names: Map<string, string>;
}) {
  const param = `messages[${at}]`;
  switch (message.role) {
    case "system":
    case "developer":
      return { role: "system", content: textOf(message.content) } satisfies ChatMessage;
    case "user": {
      if (typeof message.content === "string")
        return { role: "user", content: message.content } satisfies ChatMessage;
      const images = message.content.flatMap((part, j) =>
        part.type === "image_url"
          ? [
              imageFromUrl({
                url: typeof part.image_url === "string" ? part.image_url : part.image_url.url,
                param: `${param}.content[${j}].image_url`,
              }),
            ]
          : [],
      );
      const text = message.content.flatMap((part) => (part.type === "text" ? [part.text] : [])).join("\n");
      return { role: "user", content: text, ...(images.length ? { images } : {}) } satisfies ChatMessage;
    }
    case "assistant": {
      const calls = (message.tool_calls ?? []).map((call, j) => {
        names.set(call.id, call.function.name);
        return {
          id: call.id,
          function: {
            name: call.function.name,
            arguments: parseArguments({
              text: call.function.arguments,
              param: `${param}.tool_calls[${j}].function.arguments`,
            }),
          },
        };
      });
      return {
        role: "assistant",
        content: message.content == null ? "" : textOf(message.content),
        ...(calls.length ? { tool_calls: calls } : {}),
      } satisfies ChatMessage;
    }
    case "tool": {
      // Ollama matches a result to its call by the function's name; OpenAI clients send the call's id.
      const name = names.get(message.tool_call_id);
      return {
        role: "tool",
        content: textOf(message.content),
        tool_call_id: message.tool_call_id,
        ...(name ? { tool_name: name } : {}),
      } satisfies ChatMessage;
    }
  }
}

/** The request as Ollama's `/api/chat` takes it: messages, then options, format and tools. */
export function toOllamaChat({ input }: { input: OpenAiChatInput }): {
  messages: ChatMessage[];
  generation: OllamaGenerationOptions;
} {
  const names = new Map<string, string>();
  const messages = input.messages.map((message, at) => toOllamaMessage({ message, at, names }));
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
