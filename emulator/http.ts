import type { IncomingMessage, ServerResponse } from "node:http";

/** Go's `c.JSON` content type. */
export const JSON_CONTENT_TYPE = "application/json; charset=utf-8";

/** Headers of a streamed answer; Node adds Date and chunked Transfer-Encoding like Go does. */
export const NDJSON_HEADERS = { "Content-Type": "application/x-ndjson" } as const;

/** Sends a JSON body with Go's content type. */
export function sendJson({
  res,
  status = 200,
  body,
}: {
  res: ServerResponse;
  status?: number;
  body: unknown;
}) {
  const text = JSON.stringify(body);
  res.writeHead(status, { "Content-Type": JSON_CONTENT_TYPE, "Content-Length": Buffer.byteLength(text) });
  res.end(text);
}

/** Sends Ollama's error shape, `{"error":"..."}`. */
export function sendError({
  res,
  status,
  message,
}: {
  res: ServerResponse;
  status: number;
  message: string;
}) {
  sendJson({ res, status, body: { error: message } });
}

/** Sends plain text, as Go's router does for `/`, 404 and 405. */
export function sendText({
  res,
  status = 200,
  text,
}: {
  res: ServerResponse;
  status?: number;
  text: string;
}) {
  res.writeHead(status, {
    "Content-Type": "text/plain; charset=utf-8",
    "Content-Length": Buffer.byteLength(text),
  });
  res.end(text);
}

/** A parsed JSON body, or the 400 message Ollama would answer with. */
export type BodyResult = { ok: true; body: unknown } | { ok: false; error: string };

/** Reads and parses a JSON request body. */
export async function readJsonBody({ req }: { req: IncomingMessage }): Promise<BodyResult> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  if (text.trim() === "") return { ok: false, error: "missing request body" };
  try {
    return { ok: true, body: JSON.parse(text) };
  } catch (error) {
    return { ok: false, error: `invalid request body: ${(error as Error).message}` };
  }
}
