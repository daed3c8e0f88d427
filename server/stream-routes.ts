import type { IncomingMessage, ServerResponse } from "node:http";
import { POST as uiChat } from "@/app/api/chat/route";
import { POST as chatStream } from "@/app/api/chat/stream/route";
import { POST as memoryChatFast } from "@/app/api/memory/chat/fast/route";
import { POST as memoryChatStream } from "@/app/api/memory/chat/stream/route";
import { POST as threadChatStream } from "@/app/api/threads/[id]/chat/stream/route";
import { POST as stopAnswerRoute } from "@/app/api/threads/[id]/messages/[messageId]/stop/route";
import { GET as resumeAnswerStream } from "@/app/api/threads/[id]/messages/[messageId]/stream/route";
import { POST as openAiChat } from "@/app/v1/chat/completions/route";
import { POST as openAiCompletion } from "@/app/v1/completions/route";
import { POST as openAiEmbeddings } from "@/app/v1/embeddings/route";
import { POST as openAiResponses } from "@/app/v1/responses/route";
import { LumiaError } from "@/lib/errors";
import { isDraining } from "@/lib/generation/drain";
import { ForwardedResponse } from "@/lib/generation/forward-to-owner";
import { attachClientSignal } from "@/lib/http/client-signal";
import { corsHeaders } from "@/lib/http/cors";
import { attachReadBody, MAX_BODY_BYTES } from "@/lib/http/parse-body";
import { StreamResponse } from "@/lib/stream/stream-response";

type RouteHandler = (request: Request, match: RegExpExecArray) => Promise<Response>;

const id = (match: RegExpExecArray, group: number) => decodeSegment(match[group] ?? "");
const NO_PARAMS = { params: Promise.resolve({}) };

/**
 * The streaming endpoints, each with the route handler Next would run for it (the `app/` module itself,
 * so there is one implementation). Seed paths and their `/api` twins alike.
 */
const STREAM_ROUTES: Record<"POST" | "GET", [pattern: RegExp, handler: RouteHandler][]> = {
  POST: [
    [/^\/(?:api\/)?chat\/stream$/, (request) => chatStream(request)],
    [/^\/(?:api\/)?memory\/chat\/stream$/, (request) => memoryChatStream(request)],
    [/^\/(?:api\/)?memory\/chat\/fast$/, (request) => memoryChatFast(request)],
    [
      /^\/(?:api\/)?threads\/([^/]+)\/chat\/stream$/,
      (request, match) => threadChatStream(request, { params: Promise.resolve({ id: id(match, 1) }) }),
    ],
    [/^\/api\/chat$/, (request) => uiChat(request)],
    [/^\/v1\/chat\/completions$/, (request) => openAiChat(request, NO_PARAMS)],
    [/^\/v1\/completions$/, (request) => openAiCompletion(request, NO_PARAMS)],
    [/^\/v1\/responses$/, (request) => openAiResponses(request, NO_PARAMS)],
    [/^\/v1\/embeddings$/, (request) => openAiEmbeddings(request, NO_PARAMS)],
    // Not a stream, but a stop is waited for by a reader and by Ollama: no detour through Next's routing.
    [
      /^\/api\/threads\/([^/]+)\/messages\/([^/]+)\/stop$/,
      (request, match) =>
        stopAnswerRoute(request, { params: Promise.resolve({ id: id(match, 1), messageId: id(match, 2) }) }),
    ],
  ],
  GET: [
    [
      /^\/(?:api\/)?threads\/([^/]+)\/messages\/([^/]+)\/stream$/,
      (request, match) =>
        resumeAnswerStream(request, {
          params: Promise.resolve({ id: id(match, 1), messageId: id(match, 2) }),
        }),
    ],
  ],
};

/** The handler for a request to a streaming endpoint, or undefined: everything else goes to Next. */
export function findStreamRoute(
  req: IncomingMessage,
): ((req: IncomingMessage, res: ServerResponse) => Promise<void>) | undefined {
  const routes = req.method === "POST" || req.method === "GET" ? STREAM_ROUTES[req.method] : undefined;
  if (!routes || !req.url) return undefined;
  const query = req.url.indexOf("?");
  const pathname = query < 0 ? req.url : req.url.slice(0, query);
  for (const [pattern, handler] of routes) {
    const match = pattern.exec(pathname);
    if (match) return (request, response) => serve({ req: request, res: response, handler, match });
  }
  return undefined;
}

/**
 * Runs a route handler on Node's request and writes its Response straight to the socket: a stream is
 * handed the Node response (`StreamResponse.writeTo`), anything else is copied; no WritableStream, no
 * `pipeTo`, none of Next's per-request routing. Under load Next's path costs more CPU per request and
 * per chunk than the whole rest of the stream (docs/performance.md).
 *
 * The client leaving is read off the socket itself (`res`'s close), never through a `Request` signal:
 * undici links a `new Request({signal})`'s own signal to the given one only weakly, so once the Request
 * is garbage-collected an abort would be lost and Ollama would generate for nobody.
 */
async function serve({
  req,
  res,
  handler,
  match,
}: {
  req: IncomingMessage;
  res: ServerResponse;
  handler: RouteHandler;
  match: RegExpExecArray;
}): Promise<void> {
  setCorsHeaders({ req, res });
  // Held by the socket's close listener: aborted from there, never through a collectable Request.
  const client = new AbortController();
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  res.once("close", () => {
    if (res.writableFinished) return;
    client.abort();
    void reader?.cancel().catch(() => {});
  });
  try {
    if (isDraining()) {
      throw new LumiaError(
        "server_shutdown",
        "Lumia is shutting down and takes no new streams; try again shortly.",
      );
    }
    const body = req.method === "POST" ? await readBody(req) : undefined;
    const request = leanRequest({ req, signal: client.signal });
    if (body) attachReadBody({ request, body });
    attachClientSignal({ request, signal: client.signal });
    const response = await handler(request, match);
    // The answer (or the sibling worker that owns it) writes to the socket itself: no web stream between.
    if (response instanceof StreamResponse || response instanceof ForwardedResponse) {
      if (client.signal.aborted) response.cancel();
      else response.writeTo(res);
      return;
    }
    if (client.signal.aborted) {
      await response.body?.cancel().catch(() => {});
      return;
    }
    // Any other Response (an error before the stream: JSON with its 4xx/5xx) is copied as it is read.
    res.writeHead(response.status, Object.fromEntries(response.headers));
    if (!response.body) {
      res.end();
      return;
    }
    reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!res.write(value)) await drained(res);
    }
    res.end();
  } catch (error) {
    if (client.signal.aborted) return;
    if (error instanceof LumiaError) {
      if (!res.headersSent) {
        res.writeHead(error.status, { "content-type": "application/json" });
        res.end(JSON.stringify(error.toBody()));
      } else res.destroy();
      return;
    }
    console.error(`Streaming ${req.url} failed:`, error);
    if (!res.headersSent) {
      res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: "Something went wrong inside Lumia.", code: "internal_error" }));
    } else {
      res.destroy();
    }
  }
}

/**
 * CORS for a page on an origin listed in LUMIA_CORS_ORIGINS (lib/http/cors.ts; preflights go to the
 * route's OPTIONS under Next). Set on the Node response before anything is written: a stream writes
 * its own headers (StreamResponse.writeTo), and `writeHead` merges these in.
 */
function setCorsHeaders({ req, res }: { req: IncomingMessage; res: ServerResponse }): void {
  if (req.headers.origin === undefined) return;
  for (const [name, value] of Object.entries(corsHeaders({ origin: req.headers.origin }))) {
    res.setHeader(name, value);
  }
}

/** The body, cut just over the limit: parseJsonBody then refuses it with a 413, as under Next. */
function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let size = 0;
    const onData = (part: Buffer) => {
      parts.push(part);
      size += part.length;
      if (size <= MAX_BODY_BYTES) return;
      // Stop keeping it, but let the rest drain so the 413 can still be written on this socket.
      req.off("data", onData);
      req.resume();
      resolve(Buffer.concat(parts));
    };
    req.on("data", onData);
    req.once("end", () => resolve(Buffer.concat(parts)));
    req.once("error", reject);
  });
}

/** A path segment as Next hands it to a handler: percent-decoded, or as is when that is malformed. */
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * The request a lean route's handler is given: what the handlers read of a web `Request` (method, url,
 * headers, the client's signal; the body travels beside it, already read: attachReadBody), typed as a
 * Request. undici's own Request parses the URL, converts every header through WebIDL again and makes an
 * AbortSignal of its own, which under the per-request load was about a tenth of Lumia's request path
 * (docs/performance.md, round 8). A handler on these routes that needs more of a Request (`formData()`,
 * `clone()`) than this gives must be served by Next instead; under Next every handler gets a real one.
 */
class LeanRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Headers;
  readonly signal: AbortSignal;
  /** Never a stream: the body was read off the socket before the handler ran. */
  readonly body = null;

  constructor({ req, signal }: { req: IncomingMessage; signal: AbortSignal }) {
    this.method = req.method ?? "GET";
    this.url = `http://${req.headers.host ?? "localhost"}${req.url}`;
    this.headers = toHeaders(req);
    this.signal = signal;
  }
}

function leanRequest(init: { req: IncomingMessage; signal: AbortSignal }): Request {
  return new LeanRequest(init) as unknown as Request;
}

function toHeaders(req: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    // The body travels beside the Request (attachReadBody), already read and possibly cut at the limit.
    if (value === undefined || name === "content-length" || name === "transfer-encoding") continue;
    headers.set(name, Array.isArray(value) ? value.join(", ") : value);
  }
  return headers;
}

function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off("drain", done);
      res.off("close", done);
      resolve();
    };
    res.on("drain", done);
    res.on("close", done);
  });
}
