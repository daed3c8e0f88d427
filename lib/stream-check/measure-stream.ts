import http from "node:http";
import https from "node:https";
import { createBodyDecoder } from "./create-body-decoder";
import { createEventRecorder } from "./create-event-recorder";
import { chunkTextOf } from "./text-chunk";
import type { NetworkRead, StreamMeasurement } from "./types";

/** Options of {@link measureStream}. */
export type MeasureStreamOptions = {
  url: string | URL;
  /** Defaults to POST when a body is given, GET otherwise. */
  method?: "GET" | "POST";
  /** Sent as JSON unless it is a string or bytes. */
  body?: unknown;
  headers?: Record<string, string>;
  /** Defaults to `gzip, deflate, br`, what browsers send: proxies compress only when asked. */
  acceptEncoding?: "gzip" | "deflate" | "br" | "identity" | "gzip, deflate, br" | (string & {});
  signal?: AbortSignal;
  /** Gives up after this long and returns what arrived so far (default 120 s). */
  timeoutMs?: number;
};

/**
 * Requests an SSE endpoint and records when each network read and each event arrived.
 * Uses node:http rather than fetch, whose body chunks hide how the bytes came off the socket.
 * Never rejects for network trouble: the measurement carries `error` and whatever arrived before it.
 */
export function measureStream({
  url,
  method,
  body,
  headers = {},
  acceptEncoding = "gzip, deflate, br",
  signal,
  timeoutMs = 120_000,
}: MeasureStreamOptions): Promise<StreamMeasurement> {
  const target = new URL(url);
  const startedAt = Date.now();
  const t0 = performance.now();
  const since = () => performance.now() - t0;
  const reads: NetworkRead[] = [];
  const recorder = createEventRecorder();
  const asJson = body !== undefined && typeof body !== "string" && !(body instanceof Uint8Array);
  const payload = asJson ? JSON.stringify(body) : (body as string | Uint8Array | undefined);
  let status = 0;
  let responseHeaders: Record<string, string> = {};
  let rawHeaderNames: string[] | undefined;
  let headersAt: number | null = null;

  return new Promise((resolve) => {
    let settled = false;
    const finish = (error?: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      request.destroy();
      resolve({
        status,
        headers: responseHeaders,
        ...(rawHeaderNames ? { rawHeaderNames } : {}),
        contentEncoding: responseHeaders["content-encoding"] ?? "identity",
        startedAt,
        headersAt,
        endedAt: since(),
        events: recorder.events,
        reads,
        text: recorder.events.map((event) => chunkTextOf(event) ?? "").join(""),
        ...(error === undefined ? {} : { error }),
      });
    };
    const onAbort = () => finish("aborted");
    const timer = setTimeout(() => finish(`timed out after ${timeoutMs} ms`), timeoutMs);
    signal?.addEventListener("abort", onAbort);

    const request = (target.protocol === "https:" ? https : http).request(target, {
      method: method ?? (payload === undefined ? "GET" : "POST"),
      // A fresh socket per measurement: every read on it belongs to this response.
      agent: false,
      headers: {
        accept: "text/event-stream",
        "accept-encoding": acceptEncoding,
        ...(asJson ? { "content-type": "application/json" } : {}),
        ...headers,
      },
    });
    request.on("error", (error) => finish(error.message));
    // Prepended so the read is on record before the HTTP parser hands its body bytes on.
    request.on("socket", (socket) => {
      socket.prependListener("data", (bytes: Buffer) => reads.push({ at: since(), bytes: bytes.length }));
    });
    request.on("response", (response) => {
      headersAt = since();
      status = response.statusCode ?? 0;
      responseHeaders = flattenHeaders(response.headers);
      // rawHeaders alternates names and values.
      rawHeaderNames = response.rawHeaders.filter((_, i) => i % 2 === 0);
      let decoder: ReturnType<typeof createBodyDecoder>;
      try {
        decoder = createBodyDecoder({
          contentEncoding: responseHeaders["content-encoding"] ?? "identity",
          onBytes: (output) => recorder.feed(output),
        });
      } catch (error) {
        finish((error as Error).message);
        return;
      }
      // The parser emits body data while handling the socket read it came in, so the last read carried it.
      response.on("data", (bytes: Buffer) => {
        const readIndex = Math.max(0, reads.length - 1);
        decoder.write({ bytes, at: reads[readIndex]?.at ?? since(), readIndex });
      });
      response.on("end", () => {
        decoder.end().then(
          () => {
            recorder.end();
            finish();
          },
          (error: Error) =>
            finish(`decoding ${responseHeaders["content-encoding"]} failed: ${error.message}`),
        );
      });
      response.on("error", (error) => finish(error.message));
      response.on("close", () => {
        if (!response.complete) finish("connection closed before the response ended");
      });
    });

    if (signal?.aborted) onAbort();
    else request.end(payload);
  });
}

function flattenHeaders(headers: http.IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return flat;
}
