import { z } from "zod";
import type { NdjsonGenerateRequest } from "@/lib/ollama/ndjson-chat";
import { samplingShape, toModelOptions } from "@/lib/openai/sampling";

const unsupported = (what: string) => `is not supported: ${what}`;

/** OpenAI's legacy completion request, as far as Ollama's `/api/generate` can answer it. */
export const openAiCompletionSchema = z.object({
  model: z.string().trim().min(1).max(200).optional(),
  prompt: z.union([
    z.string(),
    z
      .array(z.string(), { error: "must be a string or a list of one string (token ids are not supported)" })
      .length(1, unsupported("Ollama completes one prompt per request")),
  ]),
  suffix: z.string().nullish(),
  stream: z.boolean().nullish(),
  stream_options: z.object({ include_usage: z.boolean().nullish() }).nullish(),
  ...samplingShape,
  echo: z.literal(false, unsupported("Ollama does not echo the prompt")).nullish(),
  best_of: z.literal(1, unsupported("Ollama gives one answer per request")).nullish(),
  logprobs: z.literal(0, unsupported("Lumia does not pass log probabilities on")).nullish(),
});
export type OpenAiCompletionInput = z.infer<typeof openAiCompletionSchema>;

/** The request as Ollama's `/api/generate` takes it (without the model, resolved separately). */
export function toOllamaGenerate({
  input,
}: {
  input: OpenAiCompletionInput;
}): Omit<NdjsonGenerateRequest, "model"> {
  return {
    prompt: typeof input.prompt === "string" ? input.prompt : (input.prompt[0] ?? ""),
    suffix: input.suffix ?? undefined,
    options: toModelOptions({ sampling: input, maxTokens: input.max_tokens }),
  };
}
