import { z } from "zod";
import { LumiaError } from "@/lib/errors";
import { fieldPath } from "@/lib/http/parse-body";
import type { ChatMessage } from "@/lib/ollama/wire-types";
import { imageFromUrl } from "@/lib/openai/images";
import { findItem, findResponse } from "@/lib/openai/response-store";
import type { OpenAiResponsesInput } from "@/lib/openai/responses-request";
import { parseArguments } from "@/lib/openai/tools";

/*
 * The Responses API's input items: validated one by one (a bad item is a 400 naming `input[i]`),
 * references resolved from the stored responses, and turned into Ollama's chat messages.
 */

const inputText = z.object({ type: z.enum(["input_text", "output_text"]), text: z.string() });
const inputImage = z.object({
  type: z.literal("input_image"),
  image_url: z.string({ error: "must be a base64 data URL (file ids are not supported)" }),
  detail: z.string().nullish(),
});
const refusal = z.object({ type: z.literal("refusal"), refusal: z.string() });

const itemSchema = z.discriminatedUnion(
  "type",
  [
    z.object({
      type: z.literal("message"),
      role: z.enum(["user", "assistant", "system", "developer"]),
      content: z.union([
        z.string(),
        z.array(
          z.discriminatedUnion("type", [inputText, inputImage, refusal], {
            error: "must be an input_text, output_text or input_image part (files are not supported)",
          }),
        ),
      ]),
    }),
    z.object({
      type: z.literal("function_call"),
      call_id: z.string().min(1),
      name: z.string().min(1),
      arguments: z.string(),
    }),
    z.object({
      type: z.literal("function_call_output"),
      call_id: z.string().min(1),
      output: z.union([z.string(), z.array(z.discriminatedUnion("type", [inputText, inputImage]))]),
    }),
    z.object({ type: z.literal("item_reference"), id: z.string().min(1) }),
    z.object({ type: z.literal("reasoning") }),
  ],
  {
    error:
      "must be a message, function_call, function_call_output or item_reference item (hosted tool items are not supported)",
  },
);
/** One input item, validated. */
export type Item = z.infer<typeof itemSchema>;

/** An item as parsed: a message without `type` (OpenAI's short form) is a message item. */
function parseItem({ raw, at }: { raw: Record<string, unknown>; at: number }): Item {
  const parsed = itemSchema.safeParse(
    raw.type === undefined && "role" in raw ? { ...raw, type: "message" } : raw,
  );
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = ["input", at, ...(issue?.path ?? [])];
  throw new LumiaError(
    "invalid_request",
    `Invalid request: ${fieldPath(path)}: ${issue?.message ?? "invalid"}`,
    {
      param: fieldPath(path),
    },
  );
}

/** The conversation a request stands for, each item validated. */
export interface Conversation {
  items: Item[];
  /** How many of the items came from `previous_response_id` (the rest are `input[i - fromPrevious]`). */
  fromPrevious: number;
}

/**
 * The conversation the request stands for, as plain input items: the stored conversation of
 * `previous_response_id`, then the request's items with `item_reference`s looked up. These are what a
 * stored response keeps, and what goes to Ollama.
 */
export function conversationOf({ input }: { input: OpenAiResponsesInput }): Conversation {
  const before: Item[] = [];
  if (input.previous_response_id) {
    const previous = findResponse({ id: input.previous_response_id });
    if (!previous) {
      throw new LumiaError(
        "invalid_request",
        `Previous response with id '${input.previous_response_id}' not found (Lumia keeps recent responses in memory only).`,
        { param: "previous_response_id" },
      );
    }
    before.push(...previous.map((raw, at) => parseItem({ raw, at })));
  }
  if (typeof input.input === "string") {
    return {
      items: [...before, { type: "message", role: "user", content: input.input }],
      fromPrevious: before.length,
    };
  }
  const items = input.input.map((raw, at) => {
    const item = parseItem({ raw, at });
    if (item.type !== "item_reference") return item;
    const found = findItem({ id: item.id });
    if (!found) {
      throw new LumiaError(
        "invalid_request",
        `Item with id '${item.id}' not found (Lumia keeps recent responses in memory only; send the item itself, or set store: false).`,
        { param: `input[${at}].id` },
      );
    }
    return parseItem({ raw: found, at });
  });
  return { items: [...before, ...items], fromPrevious: before.length };
}

const contentText = (content: string | { type: string; text?: string; refusal?: string }[]) =>
  typeof content === "string"
    ? content
    : content
        .flatMap((part) => (part.type === "input_image" ? [] : [part.text ?? part.refusal ?? ""]))
        .join("\n");

const contentImages = (content: string | { type: string; image_url?: string }[], param: string) =>
  typeof content === "string"
    ? []
    : content.flatMap((part, j) =>
        part.type === "input_image"
          ? [imageFromUrl({ url: part.image_url ?? "", param: `${param}.content[${j}].image_url` })]
          : [],
      );

/** The conversation as Ollama's messages: calls join the assistant turn before them, outputs become tool messages. */
export function toOllamaMessages({
  conversation,
  instructions,
}: {
  conversation: Conversation;
  instructions: string | null | undefined;
}): ChatMessage[] {
  const messages: ChatMessage[] = instructions ? [{ role: "system", content: instructions }] : [];
  const names = new Map<string, string>();
  conversation.items.forEach((item, at) => {
    const param =
      at < conversation.fromPrevious ? "previous_response_id" : `input[${at - conversation.fromPrevious}]`;
    switch (item.type) {
      case "message": {
        const images = contentImages(item.content, param);
        messages.push({
          role: item.role === "developer" ? "system" : item.role,
          content: contentText(item.content),
          ...(images.length ? { images } : {}),
        });
        return;
      }
      case "function_call": {
        names.set(item.call_id, item.name);
        const call = {
          id: item.call_id,
          function: {
            name: item.name,
            arguments: parseArguments({ text: item.arguments, param: `${param}.arguments` }),
          },
        };
        const last = messages.at(-1);
        if (last?.role === "assistant") last.tool_calls = [...(last.tool_calls ?? []), call];
        else messages.push({ role: "assistant", content: "", tool_calls: [call] });
        return;
      }
      case "function_call_output": {
        const name = names.get(item.call_id);
        const images = contentImages(item.output, `${param}.output`);
        messages.push({
          role: "tool",
          content: contentText(item.output),
          tool_call_id: item.call_id,
          ...(name ? { tool_name: name } : {}),
          ...(images.length ? { images } : {}),
        });
        return;
      }
      default:
        // Reasoning items (never produced here) carry nothing Ollama reads.
        return;
    }
  });
  return messages;
}
