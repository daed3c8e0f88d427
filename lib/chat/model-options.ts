import { z } from "zod";

const int = () => z.number().int();

/**
 * Ollama's model options (`options` of `/api/chat` and `/api/generate`, api/types.go `Options` and
 * `Runner`), with the types and ranges that make sense for them. Ollama itself only warns about a
 * misspelt option and ignores it; here an unknown key is a 400 naming it, so a typo never passes
 * silently. `stop` may be one string (normalised to a list, the only form Ollama accepts).
 */
export const modelOptionsSchema = z.strictObject({
  /** Randomness: 0 is greedy, higher is more varied. */
  temperature: z.number().min(0).max(2).optional(),
  top_p: z.number().min(0).max(1).optional(),
  top_k: int().min(0).optional(),
  min_p: z.number().min(0).max(1).optional(),
  typical_p: z.number().min(0).max(1).optional(),
  seed: int().optional(),
  /** Tokens to generate at most: -1 without limit, -2 until the context is full. */
  num_predict: int().min(-2).optional(),
  /** The context window in tokens. */
  num_ctx: int().min(1).optional(),
  /** Tokens of the prompt kept when the context overflows (-1: all). */
  num_keep: int().min(-1).optional(),
  stop: z
    .union([z.string().min(1), z.array(z.string().min(1)).max(16)])
    .transform((stop) => (typeof stop === "string" ? [stop] : stop))
    .optional(),
  repeat_penalty: z.number().min(0).optional(),
  /** How far back repetitions are penalised (-1: the whole context, 0: off). */
  repeat_last_n: int().min(-1).optional(),
  presence_penalty: z.number().min(-2).max(2).optional(),
  frequency_penalty: z.number().min(-2).max(2).optional(),
  penalize_newline: z.boolean().optional(),
  num_batch: int().min(1).optional(),
  num_gpu: int().min(-1).optional(),
  main_gpu: int().min(0).optional(),
  num_thread: int().min(0).optional(),
  use_mmap: z.boolean().optional(),
  numa: z.boolean().optional(),
});

/** Validated model options, in Ollama's wire names, ready to be sent as `options`. */
export type ModelOptions = z.output<typeof modelOptionsSchema>;

/** The options as Ollama takes them, or undefined when none were given (so none are sent). */
export function ollamaOptions({ options }: { options?: ModelOptions }): ModelOptions | undefined {
  if (!options) return undefined;
  const set = Object.entries(options).filter(([, value]) => value !== undefined);
  return set.length > 0 ? (Object.fromEntries(set) as ModelOptions) : undefined;
}
