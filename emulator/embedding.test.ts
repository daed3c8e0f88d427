import { describe, expect, it } from "vitest";
import { EMBEDDING_DIMENSION, embedText } from "./embedding";

const cosine = (a: number[], b: number[]) => a.reduce((sum, value, i) => sum + value * (b[i] ?? 0), 0);

describe("embedText", () => {
  it("is deterministic, unit length and case and punctuation blind", () => {
    const a = embedText({ text: "I like green tea." });
    expect(a).toHaveLength(EMBEDDING_DIMENSION);
    expect(cosine(a, a)).toBeCloseTo(1, 12);
    expect(embedText({ text: "i LIKE green, tea" })).toEqual(a);
  });

  it("scores texts that share words above unrelated ones", () => {
    const query = embedText({ text: "What tea does the user like?" });
    const related = embedText({ text: "The user likes green tea" });
    const unrelated = embedText({ text: "Stockholm is in Sweden" });
    expect(cosine(query, related)).toBeGreaterThan(0);
    expect(cosine(query, related)).toBeGreaterThan(cosine(query, unrelated));
  });

  it("gives stop words only a unit vector too", () => {
    expect(cosine(embedText({ text: "the of and" }), embedText({ text: "is it" }))).toBeCloseTo(1);
  });
});
