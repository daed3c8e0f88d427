import zlib from "node:zlib";

/** When and in which network read some bytes became available. */
export type ReadStamp = { at: number; readIndex: number };

/** Decodes a response body incrementally, keeping each output's read stamp. */
export type BodyDecoder = {
  write(input: { bytes: Uint8Array } & ReadStamp): void;
  /** Resolves when everything written is decoded; rejects on corrupt or truncated compressed data. */
  end(): Promise<void>;
};

/**
 * Creates a decoder for a `Content-Encoding` (identity, gzip, deflate, br), as a browser decodes:
 * the text of a sync-flushed block becomes available as soon as that block's bytes arrive.
 * Throws for an encoding it cannot decode.
 */
export function createBodyDecoder({
  contentEncoding,
  onBytes,
}: {
  contentEncoding: string;
  onBytes: (output: { bytes: Uint8Array } & ReadStamp) => void;
}): BodyDecoder {
  const stream = openDecompressor(contentEncoding.trim().toLowerCase());
  if (!stream) {
    return {
      write: (input) => onBytes(input),
      end: () => Promise.resolve(),
    };
  }

  // zlib works off the main thread, so its output would lose track of the read that carried the input.
  // Writing one read at a time keeps that link: whatever comes out belongs to the read in flight.
  const queue: Array<{ bytes: Uint8Array } & ReadStamp> = [];
  let inFlight: ReadStamp = { at: 0, readIndex: -1 };
  let busy = false;
  let ended = false;
  const done = new Promise<void>((resolve, reject) => {
    stream.on("end", resolve);
    stream.on("error", reject);
  });
  // end() hands the same promise out later; until then a decoding error must not go unhandled.
  done.catch(() => {});
  stream.on("data", (bytes: Buffer) => onBytes({ bytes, ...inFlight }));

  const pump = (): void => {
    if (busy || stream.destroyed) return;
    const next = queue.shift();
    if (!next) {
      if (ended) stream.end();
      return;
    }
    busy = true;
    inFlight = { at: next.at, readIndex: next.readIndex };
    stream.write(next.bytes, () => {
      // setImmediate lets any output of this write that was deferred to the next tick go out first.
      setImmediate(() => {
        busy = false;
        pump();
      });
    });
  };

  return {
    write(input) {
      queue.push(input);
      pump();
    },
    end() {
      ended = true;
      pump();
      return done;
    },
  };
}

function openDecompressor(encoding: string): zlib.Gunzip | zlib.Inflate | zlib.BrotliDecompress | null {
  switch (encoding) {
    case "":
    case "identity":
      return null;
    case "gzip":
    case "x-gzip":
      return zlib.createGunzip();
    case "deflate":
      return zlib.createInflate();
    case "br":
      return zlib.createBrotliDecompress();
    default:
      throw new Error(`unsupported content-encoding: ${encoding}`);
  }
}
