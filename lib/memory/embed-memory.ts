import { setMemoryEmbedding } from "@/lib/db/memories";
import { embedTexts } from "@/lib/ollama/embed";

/**
 * Embeds a memory's text after it was saved. Best effort: without an embedding model the memory stays
 * unembedded and retrieval tries again (or falls back to keywords) when it is needed.
 */
export function embedMemoryInBackground({ id, content }: { id: string; content: string }): void {
  embedTexts({ texts: [content], signal: AbortSignal.timeout(60_000) })
    .then(({ model, vectors }) => {
      const [embedding] = vectors;
      if (embedding)
        return setMemoryEmbedding({ id, embeddedContent: content, embedding, embeddingModel: model });
    })
    .catch(() => {});
}
