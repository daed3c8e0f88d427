/*
 * Embeddings are stored as raw Float32 little-endian bytes: 4 bytes a dimension, a quarter of the size of JSON,
 * and readable by any tool. DataView pins the byte order instead of trusting the host's.
 */

/** Encodes a vector for the `Memory.embedding` column. */
export function embeddingToBytes({
  embedding,
}: {
  embedding: Float32Array | readonly number[];
}): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(embedding.length * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < embedding.length; i++) view.setFloat32(i * 4, embedding[i] ?? 0, true);
  return bytes;
}

/** Decodes a `Memory.embedding` column; a length that is not a multiple of 4 means corruption and throws. */
export function bytesToEmbedding({ bytes }: { bytes: Uint8Array }): Float32Array {
  if (bytes.byteLength % 4 !== 0)
    throw new RangeError(`embedding of ${bytes.byteLength} bytes is not Float32`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const embedding = new Float32Array(bytes.byteLength / 4);
  for (let i = 0; i < embedding.length; i++) embedding[i] = view.getFloat32(i * 4, true);
  return embedding;
}
