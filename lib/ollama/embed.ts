import { getEnv } from "@/lib/env";
import { createOllamaClient } from "@/lib/ollama/client";
import { toOllamaError } from "@/lib/ollama/errors";
import { withOllamaHost } from "@/lib/ollama/route-host";

/**
 * Embeds texts with a model through Ollama's `/api/embed`; `dimensions` shortens the vectors (models
 * that support it), on a host that has the model (see `withOllamaHost`). Throws a LumiaError (e.g. `model_not_found` when the model is not pulled).
 */
export async function embedWithModel({
  model,
  texts,
  dimensions,
  signal,
}: {
  model: string;
  texts: string[];
  dimensions?: number;
  signal?: AbortSignal;
}): Promise<{ vectors: number[][]; promptTokens: number }> {
  return withOllamaHost({
    model,
    run: async (host) => {
      try {
        const response = await createOllamaClient({ signal, host }).embed({
          model,
          input: texts,
          ...(dimensions ? { dimensions } : {}),
        });
        return { vectors: response.embeddings, promptTokens: response.prompt_eval_count ?? 0 };
      } catch (error) {
        throw toOllamaError({ error, model, host });
      }
    },
  });
}

/**
 * Embeds texts with the configured embedding model (`LUMIA_EMBED_MODEL`), for memory retrieval.
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
  const { vectors } = await embedWithModel({ model, texts, signal });
  return { model, vectors: vectors.map((v) => Float32Array.from(v)) };
}
