import { describe, expect, it } from "vitest";
import {
  createMemory,
  deleteMemory,
  listMemories,
  listMemoriesForRetrieval,
  updateMemory,
} from "@/lib/db/memories";
import { withTestDatabase } from "../helpers/test-database";

withTestDatabase();

describe("memories", () => {
  it("creates, lists, updates and deletes a memory", async () => {
    const memory = await createMemory({ owner: "local", content: "Prefers metric units", source: "user" });
    expect(memory).toMatchObject({ content: "Prefers metric units", source: "user", embeddingModel: null });
    expect((await listMemories({ owner: "local" })).map((m) => m.id)).toContain(memory.id);

    const updated = await updateMemory({ owner: "local", id: memory.id, content: "Prefers imperial units" });
    expect(updated).toMatchObject({ id: memory.id, content: "Prefers imperial units" });

    expect(await deleteMemory({ owner: "local", id: memory.id })).toBe(true);
    expect((await listMemories({ owner: "local" })).map((m) => m.id)).not.toContain(memory.id);
    expect(await deleteMemory({ owner: "local", id: memory.id })).toBe(false);
    expect(await updateMemory({ owner: "local", id: memory.id, content: "gone" })).toBeNull();
  });

  it("lists the newest memory first", async () => {
    const older = await createMemory({ owner: "local", content: "older", source: "extracted" });
    const newer = await createMemory({ owner: "local", content: "newer", source: "extracted" });
    const ids = (await listMemories({ owner: "local" })).map((m) => m.id);
    expect(ids.indexOf(newer.id)).toBeLessThan(ids.indexOf(older.id));
  });

  it("round-trips an embedding bit for bit", async () => {
    const embedding = new Float32Array([0.1, -2.5, 3.4028234663852886e38, 1e-45, 0, -0, Math.PI]);
    const memory = await createMemory({
      owner: "local",
      content: "Lives in Lisbon",
      source: "extracted",
      embedding,
      embeddingModel: "nomic-embed-text",
    });
    expect(memory.embeddingModel).toBe("nomic-embed-text");
    expect(memory).not.toHaveProperty("embedding");

    const stored = (await listMemoriesForRetrieval({ owner: "local" })).find((m) => m.id === memory.id);
    expect(stored?.embedding).toBeInstanceOf(Float32Array);
    expect(stored?.embedding).toEqual(embedding);
    expect(Object.is(stored?.embedding?.[5], -0)).toBe(true);
    expect(stored?.embeddingModel).toBe("nomic-embed-text");
  });

  it("drops the old embedding when the text changes without a new one", async () => {
    const memory = await createMemory({
      owner: "local",
      content: "Has a cat",
      source: "user",
      embedding: new Float32Array([1, 2, 3]),
      embeddingModel: "e",
    });
    await updateMemory({ owner: "local", id: memory.id, content: "Has a dog" });
    const stale = (await listMemoriesForRetrieval({ owner: "local" })).find((m) => m.id === memory.id);
    expect(stale).toEqual({ id: memory.id, content: "Has a dog", embedding: null, embeddingModel: null });

    const vector = new Float32Array([4, 5, 6]);
    await updateMemory({
      owner: "local",
      id: memory.id,
      content: "Has a dog",
      embedding: vector,
      embeddingModel: "e",
    });
    expect(
      (await listMemoriesForRetrieval({ owner: "local" })).find((m) => m.id === memory.id)?.embedding,
    ).toEqual(vector);
  });
});
