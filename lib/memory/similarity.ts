/** Cosine similarity of two vectors of the same length (0 when either is all zeros). */
export function cosine(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return 0;
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

const STOP_WORDS = new Set(
  (
    "a an and are as at be but by do does did for from has have how i in is it its me my of on or our so " +
    "that the their them they this to was we what when where which who why will with you your " +
    "och att det en ett i jag är på som vad var hur min mitt mina du"
  ).split(" "),
);

/** Lower-cased content words, for keyword scoring when no embedding model is available. */
export function keywords(text: string): Set<string> {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  return new Set(words.filter((w) => w.length > 1 && !STOP_WORDS.has(w)));
}

/** Overlap of content words, normalised like a cosine over word sets (0..1). */
export function keywordScore(query: Set<string>, text: Set<string>): number {
  if (query.size === 0 || text.size === 0) return 0;
  let shared = 0;
  for (const word of query) if (text.has(word)) shared++;
  return shared / Math.sqrt(query.size * text.size);
}
