import type { z } from "zod";
import { LumiaError } from "@/lib/errors";

/** Bodies larger than this are refused before they are read in full. */
export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * Bodies a server already read off the socket before building the Request (server/stream-routes.ts), so
 * that the Request needs no body stream of its own: one fewer web stream to build and read per request.
 */
const bodiesReadEarly = new WeakMap<Request, Uint8Array>();

/** Tells parseJsonBody the body of `request`, already read (and cut just over the limit if larger). */
export function attachReadBody({ request, body }: { request: Request; body: Uint8Array }): void {
  bodiesReadEarly.set(request, body);
}

async function readLimited(request: Request, limit: number): Promise<string> {
  const early = bodiesReadEarly.get(request);
  if (early) {
    if (early.byteLength > limit) throw tooLarge(limit);
    return new TextDecoder().decode(early);
  }
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > limit) throw tooLarge(limit);
  if (!request.body) return "";
  const reader = request.body.getReader();
  const decoder = new TextDecoder();
  let size = 0;
  let text = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw tooLarge(limit);
    }
    text += decoder.decode(value, { stream: true });
  }
  return text + decoder.decode();
}

function tooLarge(limit: number) {
  return new LumiaError("payload_too_large", `The request body is larger than ${limit / 1024 / 1024} MB.`);
}

/** Describes every problem zod found in one sentence a developer can act on. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.length ? issue.path.join(".") : "body"}: ${issue.message}`)
    .join("; ");
}

/** A zod issue path as a request field, the way OpenAI names one: `messages[1].content`. */
export function fieldPath(path: readonly PropertyKey[]): string | undefined {
  let text = "";
  for (const key of path) {
    if (typeof key === "number") text += `[${key}]`;
    else text += text === "" ? String(key) : `.${String(key)}`;
  }
  return text === "" ? undefined : text;
}

/**
 * Validates input against a schema: a wrong shape is a 400 naming what was wrong; a text over its
 * length limit is a 413, like an oversized body.
 */
export function validate<T extends z.ZodType>({ schema, value }: { schema: T; value: unknown }): z.infer<T> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const tooBig = parsed.error.issues.find((issue) => issue.code === "too_big" && issue.origin === "string");
  if (tooBig) {
    throw new LumiaError("payload_too_large", `${tooBig.path.join(".") || "text"}: ${tooBig.message}`, {
      param: fieldPath(tooBig.path),
    });
  }
  throw new LumiaError("invalid_request", `Invalid request: ${describeIssues(parsed.error)}`, {
    param: fieldPath(parsed.error.issues[0]?.path ?? []),
  });
}

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

/**
 * Only JSON is read as JSON: a `text/plain` or form body is what a page on another site can send
 * without asking (an HTML form, `fetch` in no-cors mode), so it never reaches a handler.
 */
function requireJson(request: Request): void {
  const type = request.headers.get("content-type") ?? "";
  if (JSON_TYPE.test(type)) return;
  throw new LumiaError(
    "unsupported_media_type",
    `Send the body as JSON with 'Content-Type: application/json'${type ? ` (got '${type.slice(0, 80)}')` : ""}.`,
  );
}

/** Reads a JSON body (at most 1 MB unless `maxBytes` says, sent as `application/json`) and validates it. */
export async function parseJsonBody<T extends z.ZodType>({
  request,
  schema,
  maxBytes = MAX_BODY_BYTES,
}: {
  request: Request;
  schema: T;
  maxBytes?: number;
}): Promise<z.infer<T>> {
  const text = await readLimited(request, maxBytes);
  if (text.trim() === "") throw new LumiaError("invalid_request", "Invalid request: the body is empty.");
  requireJson(request);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new LumiaError("invalid_request", "Invalid request: the body is not valid JSON.");
  }
  return validate({ schema, value });
}

/** Like parseJsonBody, for bodies that may be left out: an empty body is `empty`, anything else must be JSON. */
export async function parseOptionalJsonBody<T extends z.ZodType>({
  request,
  schema,
  empty,
}: {
  request: Request;
  schema: T;
  empty: z.infer<T>;
}): Promise<z.infer<T>> {
  const text = await readLimited(request, MAX_BODY_BYTES);
  if (text.trim() === "") return empty;
  attachReadBody({ request, body: new TextEncoder().encode(text) });
  return parseJsonBody({ request, schema });
}
