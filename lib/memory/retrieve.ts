import { listMemoriesForRetrieval, setMemoryEmbedding } from "@/lib/db/memories";
import type { Owner } from "@/lib/db/ownership";
import { getEnv } from "@/lib/env";
import { cosine, keywordScore, keywords } from "@/lib/memory/similarity";
import { embedTexts } from "@/lib/ollama/embed";
import type { UsedMemory } from "@/lib/stream/events";

/** At most this many memories go into the prompt. */
const TOP_K = 5;
/** Below these scores a memory is not relevant enough to spend prompt tokens on. */
const MIN_EMBEDDING_SCORE = 0.3;
const MIN_KEYWORD_SCORE = 0.15;

export interface RetrievedMemories {
  memories: UsedMemory[];
  method: "embedding" | "keyword";
}

const round = (n: number) => Math.round(n * 1000) / 1000;

function top(scored: UsedMemory[], min: number): UsedMemory[] {
  return scored
    .filter((m) => m.score >= min)
    .sort((a, b) => b.score - a.score)
    .slice(0, TOP_K);
}

function byKeywords(query: string, memories: { id: string; content: string }[]): UsedMemory[] {
  const q = keywords(query);
  return top(
    memories.map((m) => ({
      id: m.id,
      content: m.content,
      score: round(keywordScore(q, keywords(m.content))),
    })),
    MIN_KEYWORD_SCORE,
  );
}

/**
 * `owner`'s memories relevant to a message. Embeddings from Ollama (`LUMIA_EMBED_MODEL`) and cosine similarity;
 * memories not yet embedded with that model are embedded now and stored, so each is embedded once. When
 * no embedding model answers, keyword overlap decides, and the result says which method was used.
 */
export async function retrieveMemories({
  owner,
  query,
  signal,
}: {
  owner: Owner;
  query: string;
  signal?: AbortSignal;
}): Promise<RetrievedMemories> {
  const all = await listMemoriesForRetrieval({ owner });
  if (all.length === 0) return { memories: [], method: "keyword" };
  try {
    const wanted = getEnv().LUMIA_EMBED_MODEL;
    const missing = all.filter((m) => !m.embedding || m.embeddingModel !== wanted);
    const { model, vectors } = await embedTexts({ texts: [query, ...missing.map((m) => m.content)], signal });
    const [queryVector] = vectors;
    if (!queryVector) throw new Error("no embedding returned");
    const fresh = new Map(missing.map((m, i) => [m.id, vectors[i + 1] as Float32Array]));
    missing.forEach((m, i) => {
      const embedding = vectors[i + 1];
      if (!embedding) return;
      void setMemoryEmbedding({
        id: m.id,
        embeddedContent: m.content,
        embedding,
        embeddingModel: model,
      }).catch(() => {});
    });
    const scored = all.map((m) => {
      const vector = fresh.get(m.id) ?? (m.embeddingModel === model ? m.embedding : null);
      return { id: m.id, content: m.content, score: vector ? round(cosine(queryVector, vector)) : 0 };
    });
    return { memories: top(scored, MIN_EMBEDDING_SCORE), method: "embedding" };
  } catch (error) {
    if (signal?.aborted) throw error;
    return { memories: byKeywords(query, all), method: "keyword" };
  }
}
