import { getDb } from "./client";
import { memoriesDirect } from "./direct-reads";
import { bytesToEmbedding, embeddingToBytes } from "./embedding-bytes";
import { type Owner, ownerId, ownerWhere } from "./ownership";
import { toMemory } from "./to-domain";
import type { Memory, MemorySource, RetrievableMemory } from "./types";

// Everything but the vector: the memory page never needs it.
const WITHOUT_EMBEDDING = { embedding: true } as const;

/** All of `owner`'s memories, newest first. */
export async function listMemories({ owner }: { owner: Owner }): Promise<Memory[]> {
  const db = await getDb();
  const rows = await db.memory.findMany({
    where: ownerWhere(owner),
    omit: WITHOUT_EMBEDDING,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
  });
  return rows.map(toMemory);
}

/** Stores a memory, with its embedding when one was computed. */
export async function createMemory({
  owner,
  content,
  source,
  embedding,
  embeddingModel,
}: {
  owner: Owner;
  content: string;
  source: MemorySource;
  embedding?: Float32Array | null;
  embeddingModel?: string | null;
}): Promise<Memory> {
  const db = await getDb();
  const row = await db.memory.create({
    data: { userId: ownerId(owner), content, source, ...embeddingColumns({ embedding, embeddingModel }) },
    omit: WITHOUT_EMBEDDING,
  });
  return toMemory(row);
}

/**
 * Replaces a memory's text. The embedding is replaced too, by the one given or by none: a vector of the old
 * text would make retrieval find this memory for what it no longer says. Null when it does not exist.
 */
export async function updateMemory({
  owner,
  id,
  content,
  embedding,
  embeddingModel,
}: {
  owner: Owner;
  id: string;
  content: string;
  embedding?: Float32Array | null;
  embeddingModel?: string | null;
}): Promise<Memory | null> {
  const db = await getDb();
  const { count } = await db.memory.updateMany({
    where: { id, ...ownerWhere(owner) },
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

/** Deletes one of `owner`'s memories; false when there is no such memory. */
export async function deleteMemory({ owner, id }: { owner: Owner; id: string }): Promise<boolean> {
  const db = await getDb();
  const { count } = await db.memory.deleteMany({ where: { id, ...ownerWhere(owner) } });
  return count > 0;
}

/** Every one of `owner`'s memories with its decoded vector, for ranking against a query. */
export async function listMemoriesForRetrieval({ owner }: { owner: Owner }): Promise<RetrievableMemory[]> {
  // Memory chat reads this before asking Ollama: a prepared statement where there is one.
  const rows =
    (await memoriesDirect({ owner })) ??
    (await (
      await getDb()
    ).memory.findMany({
      where: ownerWhere(owner),
      select: { id: true, content: true, embedding: true, embeddingModel: true },
      orderBy: { createdAt: "asc" },
    }));
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
