/**
 * The seed's SSE headers. `no-transform` keeps compressing middleware from buffering the stream;
 * `X-Accel-Buffering: no` turns nginx's proxy buffering off for this response.
 */
export const SEED_SSE_HEADERS = Object.freeze({
  "Content-Type": "text/event-stream; charset=utf-8",
  "Cache-Control": "no-cache, no-transform",
  Connection: "keep-alive",
  "X-Accel-Buffering": "no",
});
