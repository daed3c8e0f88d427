import type { ToolCallSpec } from "./config";
import { fnv1a } from "./reply";
import type { ToolDefinition } from "./request-schemas";
import { exampleFromSchema } from "./schema-example";

/** A function call as Ollama writes it in `message.tool_calls` (0.12: an id, and the index in `function`). */
export interface EmulatedToolCall {
  id: string;
  function: { index: number; name: string; arguments: Record<string, unknown> };
}

/** How a chat answer involves tools: calls to make, or text that uses the results it was given. */
export type ToolAnswer = { kind: "calls"; calls: EmulatedToolCall[] } | { kind: "text"; text: string };

interface MessageLike {
  role: string;
  content?: string | null;
  tool_name?: string | null;
}

/**
 * Decides whether tools shape the answer, as a tool-calling model would:
 * - after tool results (the last messages have role `tool`), a text answer that uses them;
 * - while the last message is the user's, the calls a directive or the config asked for, else a call
 *   of every offered tool the message names (`…use get_weather…`), its arguments made from the tool's
 *   parameter schema;
 * - otherwise undefined: a plain answer.
 */
export function planToolAnswer({
  messages,
  tools,
  toolCalls,
}: {
  messages: readonly MessageLike[];
  tools: readonly ToolDefinition[];
  toolCalls: readonly ToolCallSpec[] | null;
}): ToolAnswer | undefined {
  const last = messages.at(-1);
  if (last?.role === "tool") return { kind: "text", text: answerFromResults({ messages }) };
  if (last?.role !== "user") return undefined;
  const prompt = last.content ?? "";
  if (toolCalls && toolCalls.length > 0) {
    return { kind: "calls", calls: toolCalls.map((call, index) => toCall({ prompt, index, ...call })) };
  }
  const named = tools.filter((tool) => mentions({ text: prompt, name: tool.function.name }));
  if (named.length === 0) return undefined;
  return {
    kind: "calls",
    calls: named.map((tool, index) =>
      toCall({
        prompt,
        index,
        name: tool.function.name,
        arguments: exampleFromSchema({ schema: tool.function.parameters ?? {} }) as Record<string, unknown>,
      }),
    ),
  };
}

/** `The get_weather tool says: {"temp":18}.` for each result after the last non-tool message. */
function answerFromResults({ messages }: { messages: readonly MessageLike[] }): string {
  let first = messages.length;
  while (first > 0 && messages[first - 1]?.role === "tool") first--;
  const parts = messages
    .slice(first)
    .map((m) => `The ${m.tool_name || "tool"} tool says: ${(m.content ?? "").trim()}`);
  return `${parts.join(". ")}.`;
}

function mentions({ text, name }: { text: string; name: string }): boolean {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`(^|[^\\w])${escaped}([^\\w]|$)`).test(text);
}

/** A stable id per prompt, tool and position, like Ollama's `call_` ids. */
function toCall({
  prompt,
  index,
  name,
  arguments: args,
}: {
  prompt: string;
  index: number;
  name: string;
  arguments: Record<string, unknown>;
}): EmulatedToolCall {
  const id = `call_${fnv1a({ text: `${prompt}\u0000${name}\u0000${index}` })
    .toString(36)
    .padStart(7, "0")}`;
  return { id, function: { index, name, arguments: args } };
}
