/**
 * One SSE frame. `data` must be a single line (JSON.stringify output is): a raw newline would split it
 * into two data fields.
 */
export function sseFrame(data: string, event?: string): string {
  return event ? `event: ${event}\ndata: ${data}\n\n` : `data: ${data}\n\n`;
}

/** An SSE comment: ignored by parsers, but it keeps proxies and CDNs from closing an idle stream. */
export const SSE_KEEP_ALIVE = ": keep-alive\n\n";
