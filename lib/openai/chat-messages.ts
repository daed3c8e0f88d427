import { z } from "zod";
import type { ChatMessage } from "@/lib/ollama/wire-types";
import { imageFromUrl } from "@/lib/openai/images";
import { parseArguments } from "@/lib/openai/tools";

/*
 * Chat completion messages: their schema, and how each becomes an Ollama message (images from data URLs,
 * tool calls with object arguments, tool results named after the call they answer).
 */

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

/** One message of the conversation, by role. */
export const chatMessageSchema = z.discriminatedUnion(
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

type Message = z.infer<typeof chatMessageSchema>;

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

/** The conversation as Ollama's messages. */
export function toOllamaMessages({ messages }: { messages: readonly Message[] }): ChatMessage[] {
  const names = new Map<string, string>();
  return messages.map((message, at) => toOllamaMessage({ message, at, names }));
}
