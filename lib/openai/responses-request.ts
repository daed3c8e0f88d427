import { z } from "zod";
import { modelOptionsSchema } from "@/lib/chat/model-options";
import type { OllamaGenerationOptions } from "@/lib/ollama/wire-types";
import type { ResponseEcho } from "@/lib/openai/response-object";
import { toModelOptions } from "@/lib/openai/sampling";
import { functionName, functionShape, type ToolChoice, toOllamaTools } from "@/lib/openai/tools";

const unsupported = (what: string) => `is not supported: ${what}`;

const formatSchema = z.discriminatedUnion(
  "type",
  [
    z.object({ type: z.literal("text") }),
    z.object({ type: z.literal("json_object") }),
    z.object({
      type: z.literal("json_schema"),
      name: z.string().min(1).max(64),
      schema: z.record(z.string(), z.unknown()),
      description: z.string().nullish(),
      strict: z.boolean().nullish(),
    }),
  ],
  { error: "type must be text, json_object or json_schema" },
);

/** OpenAI's Responses API request, as far as Ollama can answer it. Unknown fields are ignored. */
export const openAiResponsesSchema = z.object({
  model: z.string().trim().min(1).max(200).optional(),
  input: z.union([z.string(), z.array(z.record(z.string(), z.unknown()))], {
    error: "must be a string or a list of input items",
  }),
  instructions: z.string().nullish(),
  previous_response_id: z.string().min(1).nullish(),
  store: z.boolean().nullish(),
  stream: z.boolean().nullish(),
  max_output_tokens: z.number().int().min(1).nullish(),
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().min(0).max(1).nullish(),
  tools: z
    .array(z.object({ type: z.literal("function"), ...functionShape }), {
      error: "must be a list of function tools (hosted tools such as web_search are not supported)",
    })
    .max(128)
    .nullish(),
  tool_choice: z
    .union([
      z.enum(["none", "auto", "required"]),
      z.object({ type: z.literal("function"), name: functionName }),
    ])
    .nullish(),
  text: z.object({ format: formatSchema.nullish(), verbosity: z.string().nullish() }).nullish(),
  parallel_tool_calls: z.boolean().nullish(),
  metadata: z.record(z.string(), z.string()).nullish(),
  user: z.string().nullish(),
  background: z.literal(false, unsupported("answers are streamed or waited for")).nullish(),
  conversation: z.null(unsupported("use previous_response_id or send the items")).optional(),
  top_logprobs: z.literal(0, unsupported("Lumia does not pass log probabilities on")).nullish(),
  /** Lumia's extension: Ollama's own model options, which the named parameters override. */
  options: modelOptionsSchema.optional(),
});
export type OpenAiResponsesInput = z.infer<typeof openAiResponsesSchema>;

/** Ollama's options, format and tools for the request. */
export function toResponsesGeneration({ input }: { input: OpenAiResponsesInput }): OllamaGenerationOptions {
  const format = input.text?.format;
  const choice = input.tool_choice;
  const tools = toOllamaTools({
    tools: input.tools ?? [],
    choice: typeof choice === "object" && choice ? { name: choice.name } : (choice as ToolChoice | undefined),
  });
  return {
    options: toModelOptions({
      sampling: { temperature: input.temperature, top_p: input.top_p, options: input.options },
      maxTokens: input.max_output_tokens,
    }),
    format:
      format?.type === "json_object" ? "json" : format?.type === "json_schema" ? format.schema : undefined,
    tools,
  };
}

/** What the response repeats of its request. */
export function responseEcho({ input }: { input: OpenAiResponsesInput }): ResponseEcho {
  return {
    instructions: input.instructions ?? null,
    max_output_tokens: input.max_output_tokens ?? null,
    temperature: input.temperature ?? null,
    top_p: input.top_p ?? null,
    tools: (input.tools ?? []).map((tool) => ({
      type: "function",
      name: tool.name,
      description: tool.description ?? null,
      parameters: tool.parameters ?? null,
      strict: tool.strict ?? null,
    })),
    tool_choice: input.tool_choice ?? "auto",
    text: { format: input.text?.format ?? { type: "text" } },
    store: input.store !== false,
    metadata: input.metadata ?? {},
    previous_response_id: input.previous_response_id ?? null,
    parallel_tool_calls: input.parallel_tool_calls ?? true,
    user: input.user ?? null,
  };
}
