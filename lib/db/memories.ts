import { getDb } from "./client";
import { bytesToEmbedding, embeddingToBytes } from "./embedding-bytes";
import { toMemory } from "./to-domain";
import type { Memory, MemorySource, RetrievableMemory } from "./types";

// Everything but the vector: the memory page never needs it.
const WITHOUT_EMBEDDING = { embedding: true } as const;

/** All memories, newest first. */
export async function listMemories(): Promise<Memory[]> {
  const db = await getDb();
  const rows = await db.memory.findMany({
    omit: WITHOUT_EMBEDDING,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
  });
  return rows.map(toMemory);
}

/** Stores a memory, with its embedding when one was computed. */
export async function createMemory({
  content,
  source,
  embedding,
  embeddingModel,
}: {
  content: string;
  source: MemorySource;
  embedding?: Float32Array | null;
  embeddingModel?: string | null;
}): Promise<Memory> {
  const db = await getDb();
  const row = await db.memory.create({
    data: { content, source, ...embeddingColumns({ embedding, embeddingModel }) },
    omit: WITHOUT_EMBEDDING,
  });
  return toMemory(row);
}

/**
 * Replaces a memory's text. The embedding is replaced too, by the one given or by none: a vector of the old
 * text would make retrieval find this memory for what it no longer says. Null when it does not exist.
 */
export async function updateMemory({
  id,
  content,
  embedding,
  embeddingModel,
}: {
  id: string;
  content: string;
  embedding?: Float32Array | null;
  embeddingModel?: string | null;
}): Promise<Memory | null> {
  const db = await getDb();
  const { count } = await db.memory.updateMany({
    where: { id },
    data: { content, ...embeddingColumns({ embedding, embeddingModel }) },
  });
  if (count === 0) return null;
  const row = await db.memory.findUnique({ where: { id }, omit: WITHOUT_EMBEDDING });
  return row && toMemory(row);
}

/**
 * Stores the embedding of a memory's text, computed after the memory was saved. Only when the text is
 * still the one that was embedded: an edit in the meantime wins. Returns whether it was stored.
 */
export async function setMemoryEmbedding({
  id,
  embeddedContent,
  embedding,
  embeddingModel,
}: {
  id: string;
  embeddedContent: string;
  embedding: Float32Array;
  embeddingModel: string;
}): Promise<boolean> {
  const db = await getDb();
  const { count } = await db.memory.updateMany({
    where: { id, content: embeddedContent },
    data: embeddingColumns({ embedding, embeddingModel }),
  });
  return count > 0;
}

/** Deletes a memory; false when it did not exist. */
export async function deleteMemory({ id }: { id: string }): Promise<boolean> {
  const db = await getDb();
  const { count } = await db.memory.deleteMany({ where: { id } });
  return count > 0;
}

/** Every memory with its decoded vector, for ranking against a query. */
export async function listMemoriesForRetrieval(): Promise<RetrievableMemory[]> {
  const db = await getDb();
  const rows = await db.memory.findMany({
    select: { id: true, content: true, embedding: true, embeddingModel: true },
    orderBy: { createdAt: "asc" },
  });
  return rows.map((row) => ({
    id: row.id,
    content: row.content,
    embedding: row.embedding ? bytesToEmbedding({ bytes: row.embedding }) : null,
    embeddingModel: row.embeddingModel,
  }));
}

// The model name only means something next to its vector: no vector, no model.
function embeddingColumns({
  embedding,
  embeddingModel,
}: {
  embedding?: Float32Array | null;
  embeddingModel?: string | null;
}) {
  return embedding
    ? { embedding: embeddingToBytes({ embedding }), embeddingModel: embeddingModel ?? null }
    : { embedding: null, embeddingModel: null };
}
