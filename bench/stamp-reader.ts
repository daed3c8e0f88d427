/** The stamp the emulator puts before every token: `⏱<epoch ms with 3 decimals> `. */
const STAMP = Buffer.from("⏱");
const NEWLINE = 0x0a;
const SPACE = 0x20;

/** Markers of the end of an answer and of an error, per wire format. */
export interface WireMarkers {
  done: Buffer;
  error: Buffer;
}

export const NDJSON_MARKERS: WireMarkers = {
  done: Buffer.from('"done":true'),
  error: Buffer.from('{"error"'),
};
export const SEED_SSE_MARKERS: WireMarkers = {
  done: Buffer.from("event: done\n"),
  error: Buffer.from("event: error\n"),
};
/** The AI SDK UI message stream of `/api/chat`. */
export const AI_SDK_MARKERS: WireMarkers = {
  done: Buffer.from('{"type":"finish"'),
  error: Buffer.from('{"type":"error"'),
};

/**
 * Reads one response body as it arrives and calls `onStamp` with each token's emit stamp and the
 * arrival time of the read that completed it. Both formats are line-based, so only whole lines are
 * scanned and the partial last line waits for the next read; nothing is decoded or JSON-parsed: the
 * reader looks for the stamp's bytes, which keeps the load generator's own CPU cost low.
 */
export class StampReader {
  chunks = 0;
  sawDone = false;
  sawError = false;
  /** The text after the first error marker (the error's JSON), for the failure report. */
  errorText = "";
  private carry: Buffer | undefined;

  constructor(
    private readonly markers: WireMarkers,
    private readonly onStamp: (emittedAt: number, arrivedAt: number) => void,
  ) {}

  push(data: Buffer, arrivedAt: number): void {
    const buffer = this.carry ? Buffer.concat([this.carry, data]) : data;
    const end = buffer.lastIndexOf(NEWLINE) + 1;
    this.carry = end === buffer.length ? undefined : Buffer.from(buffer.subarray(end));
    if (end === 0) return;
    let at = buffer.indexOf(STAMP);
    while (at >= 0 && at < end) {
      const from = at + STAMP.length;
      const to = buffer.indexOf(SPACE, from);
      this.chunks++;
      this.onStamp(Number(buffer.toString("latin1", from, to)), arrivedAt);
      at = buffer.indexOf(STAMP, to);
    }
    const whole = end === buffer.length ? buffer : buffer.subarray(0, end);
    if (!this.sawDone && whole.includes(this.markers.done)) this.sawDone = true;
    if (!this.sawError) {
      const at = whole.indexOf(this.markers.error);
      if (at >= 0) {
        this.sawError = true;
        this.errorText = whole.toString("utf8", at, Math.min(whole.length, at + 400));
      }
    }
  }
}
