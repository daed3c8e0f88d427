import { fnv1a } from "./reply";

/** nomic-embed-text's dimension. */
export const EMBEDDING_DIMENSION = 768;

const STOP_WORDS = new Set(
  "a an and are as at be by do does for from in is it of on or that the this to was what with".split(" "),
);

/**
 * A deterministic embedding: a hashed bag of lower-cased words, L2-normalised. Weights are never
 * negative, so texts sharing a word have a cosine similarity above 0 and equal texts have exactly 1,
 * which is all memory-retrieval tests need.
 */
export function embedText({ text }: { text: string }): number[] {
  const vector = new Array<number>(EMBEDDING_DIMENSION).fill(0);
  for (const word of text.toLowerCase().split(/[^\p{L}\p{N}]+/u)) {
    if (word === "" || STOP_WORDS.has(word)) continue;
    const slot = fnv1a({ text: word }) % EMBEDDING_DIMENSION;
    vector[slot] = (vector[slot] ?? 0) + 1;
  }
  const norm = Math.hypot(...vector);
  // A text of stop words only still gets a unit vector, as a real model would give one.
  if (norm === 0) return vector.map((_, i) => (i === 0 ? 1 : 0));
  return vector.map((value) => value / norm);
}
