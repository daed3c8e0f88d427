import { z } from "zod";
import { getEnv } from "@/lib/env";
import { embedWithModel } from "@/lib/ollama/embed";
import { resolveModel } from "@/lib/ollama/models";

const tokenIds = "token ids are not supported: send text";

/** OpenAI's embeddings request. */
export const openAiEmbeddingsSchema = z.object({
  model: z.string().trim().min(1).max(200).optional(),
  input: z.union(
    [
      z.string(),
      z
        .array(z.string(), { error: `must be a string or a list of strings (${tokenIds})` })
        .min(1)
        .max(2048),
    ],
    { error: `must be a string or a list of strings (${tokenIds})` },
  ),
  encoding_format: z.enum(["float", "base64"]).nullish(),
  dimensions: z.number().int().min(1).nullish(),
  user: z.string().nullish(),
});
export type OpenAiEmbeddingsInput = z.infer<typeof openAiEmbeddingsSchema>;

/** A vector as OpenAI's `base64` encoding sends it: little-endian float32 bytes (the SDKs' default). */
function toBase64(vector: number[]): string {
  const bytes = Buffer.alloc(vector.length * 4);
  vector.forEach((value, i) => {
    bytes.writeFloatLE(value, i * 4);
  });
  return bytes.toString("base64");
}

/**
 * Embeddings through Ollama's `/api/embed`, as OpenAI's list object. The model defaults to
 * LUMIA_EMBED_MODEL; any installed model that embeds will do.
 */
export async function createEmbeddings({
  input,
  signal,
}: {
  input: OpenAiEmbeddingsInput;
  signal: AbortSignal;
}) {
  const model = await resolveModel({ requested: input.model ?? getEnv().LUMIA_EMBED_MODEL });
  const texts = typeof input.input === "string" ? [input.input] : input.input;
  const { vectors, promptTokens } = await embedWithModel({
    model,
    texts,
    dimensions: input.dimensions ?? undefined,
    signal,
  });
  const base64 = input.encoding_format === "base64";
  return {
    object: "list",
    data: vectors.map((vector, index) => ({
      object: "embedding",
      index,
      embedding: base64 ? toBase64(vector) : vector,
    })),
    model,
    usage: { prompt_tokens: promptTokens, total_tokens: promptTokens },
  };
}
