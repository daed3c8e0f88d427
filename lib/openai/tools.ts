import { z } from "zod";
import { LumiaError } from "@/lib/errors";
import type { ToolDefinition } from "@/lib/ollama/wire-types";

/** A function name as OpenAI allows one. */
export const functionName = z
  .string()
  .regex(/^[a-zA-Z0-9_-]{1,64}$/, "must be 1-64 letters, digits, underscores or dashes");

/** A function's description and JSON schema, as both OpenAI APIs describe one. */
export const functionShape = {
  name: functionName,
  description: z.string().nullish(),
  parameters: z.record(z.string(), z.unknown()).nullish(),
  strict: z.boolean().nullish(),
};

/** `tool_choice`, normalised: which of the offered functions Ollama sees. */
export type ToolChoice = "none" | "auto" | "required" | { name: string };

/**
 * The tools Ollama is offered. Ollama has no tool choice, so it is mapped onto the offer: `none` offers
 * nothing, `auto` and `required` offer every tool, a named function offers that one alone (the model
 * still decides whether to call it: forcing a call is not possible).
 */
export function toOllamaTools({
  tools,
  choice,
}: {
  tools: readonly {
    name: string;
    description?: string | null;
    parameters?: Record<string, unknown> | null;
  }[];
  choice: ToolChoice | undefined;
}): ToolDefinition[] | undefined {
  if (tools.length === 0 || choice === "none") return undefined;
  let offered = tools;
  if (typeof choice === "object") {
    offered = tools.filter((tool) => tool.name === choice.name);
    if (offered.length === 0) {
      throw new LumiaError("invalid_request", `tool_choice names '${choice.name}', which is not in tools.`, {
        param: "tool_choice",
      });
    }
  }
  return offered.map((tool) => ({
    type: "function",
    function: {
      name: tool.name,
      ...(tool.description ? { description: tool.description } : {}),
      parameters: tool.parameters ?? { type: "object", properties: {} },
    },
  }));
}

/**
 * A call's arguments as Ollama takes them: an object, from the JSON text OpenAI clients send back
 * (empty means no arguments).
 */
export function parseArguments({ text, param }: { text: string; param: string }): Record<string, unknown> {
  if (text.trim() === "") return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new LumiaError("invalid_request", "The arguments of a tool call must be a JSON object.", { param });
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new LumiaError("invalid_request", "The arguments of a tool call must be a JSON object.", { param });
  }
  return value as Record<string, unknown>;
}
