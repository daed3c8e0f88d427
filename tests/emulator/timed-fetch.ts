/** One NDJSON line and when it arrived, in ms since the request was sent. */
export interface TimedLine {
  at: number;
  json: Record<string, unknown>;
}

/** A response read to the end, with arrival times. */
export interface TimedResponse {
  status: number;
  headers: Headers;
  /** When the status line and headers arrived, in ms since the request was sent. */
  headersAt: number;
  lines: TimedLine[];
  text: string;
}

/**
 * POSTs JSON and reads the answer chunk by chunk, timing the headers and each line, so tests can
 * check Ollama's pacing as a client sees it.
 */
export async function timedPost({
  url,
  body,
  signal,
}: {
  url: string;
  body: unknown;
  signal?: AbortSignal;
}): Promise<TimedResponse> {
  const sentAt = performance.now();
  const response = await fetch(url, { method: "POST", body: JSON.stringify(body), signal });
  const headersAt = performance.now() - sentAt;
  const lines: TimedLine[] = [];
  const decoder = new TextDecoder();
  let text = "";
  let partial = "";
  for await (const chunk of chunksOf({ response })) {
    const at = performance.now() - sentAt;
    const decoded = decoder.decode(chunk, { stream: true });
    text += decoded;
    const parts = (partial + decoded).split("\n");
    partial = parts.pop() ?? "";
    for (const part of parts) lines.push({ at, json: JSON.parse(part) as Record<string, unknown> });
  }
  // A `stream:false` body (Go's c.JSON) has no trailing newline.
  if (partial !== "") lines.push({ at: performance.now() - sentAt, json: JSON.parse(partial) });
  return { status: response.status, headers: response.headers, headersAt, lines, text };
}

/** A chat request body with one user message. */
export function chatBody({ content, ...rest }: { content: string } & Record<string, unknown>) {
  return { model: "llama3.2", messages: [{ role: "user", content }], ...rest };
}

/** The median of some numbers. */
export function median({ values }: { values: readonly number[] }): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/** A response body's chunks as they arrive (the DOM lib types ReadableStream without async iteration). */
export async function* chunksOf({ response }: { response: Response }): AsyncGenerator<Uint8Array> {
  const reader = response.body?.getReader();
  if (!reader) return;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

/** The text of a chat line. */
export function contentOf({ line }: { line: { json: Record<string, unknown> } | undefined }): string {
  return (line?.json.message as { content?: string } | undefined)?.content ?? "";
}
