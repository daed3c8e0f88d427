import { z } from "zod";
import { type ModelOptions, modelOptionsSchema, ollamaOptions } from "@/lib/chat/model-options";

const unsupported = (what: string) => `is not supported: ${what}`;

/**
 * OpenAI's sampling parameters, as chat completions and completions take them, with OpenAI's ranges.
 * `null` means "not set" (some clients send every field). `options` is Lumia's extension: Ollama's own
 * model options (`top_k`, `num_ctx`, `repeat_penalty`, ...), which the named parameters override.
 */
export const samplingShape = {
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().min(0).max(1).nullish(),
  seed: z.number().int().nullish(),
  stop: z.union([z.string(), z.array(z.string()).max(16)]).nullish(),
  presence_penalty: z.number().min(-2).max(2).nullish(),
  frequency_penalty: z.number().min(-2).max(2).nullish(),
  max_tokens: z.number().int().min(1).nullish(),
  n: z
    .number()
    .int()
    .min(1)
    .max(1, unsupported("Ollama gives one answer per request, so n must be 1"))
    .nullish(),
  logit_bias: z
    .record(z.string(), z.number())
    .refine((bias) => Object.keys(bias).length === 0, unsupported("Ollama has no logit bias"))
    .nullish(),
  options: modelOptionsSchema.optional(),
};

/** The sampling parameters of a parsed request. */
export interface Sampling {
  temperature?: number | null;
  top_p?: number | null;
  seed?: number | null;
  stop?: string | string[] | null;
  presence_penalty?: number | null;
  frequency_penalty?: number | null;
  options?: ModelOptions;
}

/**
 * Ollama's `options` for OpenAI's parameters, mapped as Ollama's own OpenAI layer maps them
 * (`max_tokens` → `num_predict`, a single `stop` → a list), with only what the client set: Ollama then
 * uses the model's own defaults for the rest (its OpenAI layer forces temperature and top_p to 1).
 */
export function toModelOptions({
  sampling,
  maxTokens,
}: {
  sampling: Sampling;
  maxTokens?: number | null;
}): ModelOptions | undefined {
  const stop = (typeof sampling.stop === "string" ? [sampling.stop] : (sampling.stop ?? [])).filter(
    (s) => s !== "",
  );
  const named: Partial<ModelOptions> = {
    temperature: sampling.temperature ?? undefined,
    top_p: sampling.top_p ?? undefined,
    seed: sampling.seed ?? undefined,
    stop: stop.length > 0 ? stop : undefined,
    presence_penalty: sampling.presence_penalty ?? undefined,
    frequency_penalty: sampling.frequency_penalty ?? undefined,
    num_predict: maxTokens ?? undefined,
  };
  const merged: Record<string, unknown> = { ...sampling.options };
  for (const [key, value] of Object.entries(named)) if (value !== undefined) merged[key] = value;
  return ollamaOptions({ options: merged as ModelOptions });
}
