import http from "node:http";
import type { AddressInfo } from "node:net";
import zlib from "node:zlib";

/** A local SSE origin for the stream-check tests. */
export type SseTestServer = {
  url: string;
  /** The requests as the server received them (e.g. after a proxy rewrote the headers). */
  requests: ReceivedRequest[];
  close(): Promise<void>;
};

/** One request as the origin saw it. */
export type ReceivedRequest = { method: string; headers: http.IncomingHttpHeaders; body: string };

/** The seed's wire format: a start event, one unnamed event per chunk, a done event. */
export function seedFrames({ chunks }: { chunks: number }): string[] {
  const frames = [`event: start\ndata: ${JSON.stringify({ start: true, model: "test", id: "m1" })}\n\n`];
  for (let i = 1; i <= chunks; i++) frames.push(`data: ${JSON.stringify({ chunk: `word${i} ` })}\n\n`);
  frames.push(`event: done\ndata: ${JSON.stringify({ done: true, stats: { chunks } })}\n\n`);
  return frames;
}

/**
 * Starts an SSE server on a free loopback port that writes `frames[i]` at `i * intervalMs`.
 * `burst` holds everything back and writes it in one go at the time of the last frame, as a buffering
 * layer would; `gzip` compresses itself and sync-flushes after every frame, as a streaming server must.
 */
export async function startSseServer({
  frames,
  intervalMs = 50,
  burst = false,
  gzip = false,
  accelBuffering = true,
}: {
  frames: Array<string | Uint8Array>;
  intervalMs?: number;
  burst?: boolean;
  gzip?: boolean;
  accelBuffering?: boolean;
}): Promise<SseTestServer> {
  const requests: ReceivedRequest[] = [];
  const server = http.createServer(async (req, res) => {
    const body: Buffer[] = [];
    for await (const part of req) body.push(part as Buffer);
    requests.push({ method: req.method ?? "", headers: req.headers, body: Buffer.concat(body).toString() });
    res.writeHead(200, {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-cache, no-transform",
      Connection: "keep-alive",
      ...(accelBuffering ? { "X-Accel-Buffering": "no" } : {}),
      ...(gzip ? { "Content-Encoding": "gzip" } : {}),
    });
    const compressor = gzip ? zlib.createGzip() : null;
    compressor?.pipe(res);
    const write = (frame: string | Uint8Array) => {
      if (!compressor) return res.write(frame);
      compressor.write(frame);
      compressor.flush(zlib.constants.Z_SYNC_FLUSH);
    };
    const finish = () => (compressor ? compressor.end() : res.end());

    const start = performance.now();
    const at = (i: number) => Math.max(0, start + i * intervalMs - performance.now());
    const timers: NodeJS.Timeout[] = [];
    if (burst) {
      timers.push(
        setTimeout(
          () => {
            write(Buffer.concat(frames.map((frame) => Buffer.from(frame))));
            finish();
          },
          at(frames.length - 1),
        ),
      );
    } else {
      // Timed from the start, not from the previous frame, so the timer drift does not add up.
      frames.forEach((frame, i) => {
        timers.push(
          setTimeout(() => {
            write(frame);
            if (i === frames.length - 1) finish();
          }, at(i)),
        );
      });
    }
    res.on("close", () => timers.forEach(clearTimeout));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/stream`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
