import { getEnv } from "@/lib/env";
import { createOllamaClient } from "@/lib/ollama/client";
import { toOllamaError } from "@/lib/ollama/errors";

/**
 * Embeds texts with the configured embedding model (`LUMIA_EMBED_MODEL`) through Ollama's `/api/embed`.
 * Throws a LumiaError (e.g. `model_not_found` when the embedding model is not pulled).
 */
export async function embedTexts({
  texts,
  signal,
}: {
  texts: string[];
  signal?: AbortSignal;
}): Promise<{ model: string; vectors: Float32Array[] }> {
  const model = getEnv().LUMIA_EMBED_MODEL;
  try {
    const { embeddings } = await createOllamaClient({ signal }).embed({ model, input: texts });
    return { model, vectors: embeddings.map((v) => Float32Array.from(v)) };
  } catch (error) {
    throw toOllamaError({ error, model });
  }
}
