import type { ServerResponse } from "node:http";
import http from "node:http";
import { findAnswerWriter } from "@/lib/db/messages";
import type { Owner } from "@/lib/db/ownership";
import type { MessageStatus } from "@/lib/db/types";
import { GONE_AFTER_MS, instanceName, processName } from "@/lib/generation/instances";
import { PRINCIPAL_HEADER } from "@/lib/security/request-principal";

/*
 * With LUMIA_WORKERS > 1 a running answer lives in the worker that owns its Ollama request, and a
 * resume or a stop may land on another one. Each worker also listens on a private loopback port (the
 * Instance table's `address`); the worker a request lands on checks it as usual (authentication,
 * ownership), then hands it to the owner there and passes the response through untouched. No Redis:
 * the database already says which process writes an answer (Message.writer).
 */

/** The header that carries the workers' shared secret (LUMIA_INTERNAL_SECRET, made by the primary). */
export const INTERNAL_SECRET_HEADER = "x-lumia-internal";
/** Names the worker that served a streaming response (the owner, for a forwarded one). */
export const PROCESS_HEADER = "x-lumia-process";
/** Names the worker that received a request and forwarded it to the owner. */
export const FORWARDED_BY_HEADER = "x-lumia-forwarded-by";

// Hop-by-hop headers describe the private connection, not the client's.
const HOP_BY_HOP = new Set(["connection", "keep-alive", "transfer-encoding", "content-length"]);

const agent = new http.Agent({ keepAlive: true });

/**
 * A sibling worker's response to a forwarded request, passed on as it came. A lean route writes it
 * straight to the client's socket (`writeTo`: the bytes are copied, never parsed); read as a web
 * Response, its body is the same bytes. The client leaving aborts the request to the owner, which then
 * sees its own client leave.
 */
export class ForwardedResponse extends Response {
  readonly #upstream: http.IncomingMessage;
  readonly #request: http.ClientRequest;

  constructor({ upstream, request }: { upstream: http.IncomingMessage; request: http.ClientRequest }) {
    const status = upstream.statusCode ?? 502;
    const headers = new Headers();
    for (const [name, value] of Object.entries(upstream.headers)) {
      if (value === undefined || HOP_BY_HOP.has(name)) continue;
      headers.set(name, Array.isArray(value) ? value.join(", ") : value);
    }
    headers.set(FORWARDED_BY_HEADER, processName());
    // The upstream is only read when this body is (highWaterMark 0): writeTo reads it directly instead.
    const body =
      status === 204 || status === 304
        ? null
        : new ReadableStream<Uint8Array>(
            {
              start(controller) {
                upstream.on("data", (data: Buffer) => controller.enqueue(new Uint8Array(data)));
                upstream.once("end", () => controller.close());
                upstream.once("error", (error) => controller.error(error));
                upstream.pause();
              },
              pull() {
                upstream.resume();
              },
              cancel() {
                request.destroy();
              },
            },
            { highWaterMark: 0 },
          );
    super(body, { status, headers });
    this.#upstream = upstream;
    this.#request = request;
  }

  /** Passes the owner's response to the client's socket; either side going away ends the other. */
  writeTo(res: ServerResponse): void {
    res.writeHead(this.status, Object.fromEntries(this.headers));
    const upstream = this.#upstream;
    upstream.pipe(res);
    // The owner went away mid-answer: cut the client's stream too, so it reconnects with Last-Event-ID.
    upstream.once("aborted", () => res.destroy());
    upstream.once("error", () => res.destroy());
    res.once("close", () => {
      if (!upstream.complete) this.#request.destroy();
    });
  }

  /** The client left before the response was written. */
  cancel(): void {
    this.#request.destroy();
  }
}

/**
 * The address of the process that writes answer `messageId`, when that is another live worker of this
 * instance; undefined otherwise (this process, another instance, no private address, or gone).
 */
async function ownerAddress({ messageId }: { messageId: string }): Promise<string | undefined> {
  if (!process.env.LUMIA_INTERNAL_SECRET) return undefined;
  const owner = await findAnswerWriter({ id: messageId, aliveSince: new Date(Date.now() - GONE_AFTER_MS) });
  if (!owner?.address || owner.writer === processName()) return undefined;
  // Only a sibling of this instance: another instance's loopback address is not this machine's.
  if (!owner.writer.startsWith(`${instanceName()}#`)) return undefined;
  return owner.address;
}

/** Sends a request to a sibling's private port and resolves with its response head. */
function requestOwner({
  address,
  method,
  path,
  owner,
  headers = {},
  signal,
}: {
  address: string;
  method: "GET" | "POST";
  path: string;
  owner: Owner;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}): Promise<{ upstream: http.IncomingMessage; request: http.ClientRequest }> {
  const [host, port] = [
    address.slice(0, address.lastIndexOf(":")),
    address.slice(address.lastIndexOf(":") + 1),
  ];
  return new Promise((resolve, reject) => {
    const request = http.request({
      host,
      port: Number(port),
      method,
      path,
      agent,
      headers: {
        ...headers,
        [INTERNAL_SECRET_HEADER]: process.env.LUMIA_INTERNAL_SECRET ?? "",
        // The receiving worker authorized the request for this owner; the owner checks ownership again.
        ...(owner === "local" ? {} : { [PRINCIPAL_HEADER]: `${owner.userId} user` }),
      },
    });
    const abort = () => request.destroy(new Error("The client left."));
    if (signal?.aborted) abort();
    signal?.addEventListener("abort", abort, { once: true });
    request.once("response", (upstream) => {
      signal?.removeEventListener("abort", abort);
      resolve({ upstream, request });
    });
    request.once("error", (error) => {
      signal?.removeEventListener("abort", abort);
      reject(error);
    });
    request.end();
  });
}

/**
 * Hands a resume to the worker that writes the answer: its stream (every event after `afterId`, then
 * the live ones) passed through. Undefined when no other worker owns it, or the owner cannot be reached.
 */
export async function forwardResume({
  owner,
  threadId,
  messageId,
  afterId,
  format,
  signal,
}: {
  owner: Owner;
  threadId: string;
  messageId: string;
  afterId: number;
  format: string;
  signal?: AbortSignal;
}): Promise<ForwardedResponse | undefined> {
  const address = await ownerAddress({ messageId });
  if (!address) return undefined;
  const path = `/api/threads/${encodeURIComponent(threadId)}/messages/${encodeURIComponent(messageId)}/stream?format=${encodeURIComponent(format)}`;
  try {
    const { upstream, request } = await requestOwner({
      address,
      method: "GET",
      path,
      owner,
      headers: afterId > 0 ? { "last-event-id": `${messageId}:${afterId}` } : {},
      signal,
    });
    return new ForwardedResponse({ upstream, request });
  } catch (error) {
    if (signal?.aborted) throw error;
    return undefined;
  }
}

/**
 * Hands a stop to the worker that writes the answer, which aborts Ollama at once. Undefined when no
 * other worker owns it, or the owner cannot be reached.
 */
export async function forwardStop({
  owner,
  threadId,
  messageId,
}: {
  owner: Owner;
  threadId: string;
  messageId: string;
}): Promise<{ stopped: boolean; status: MessageStatus } | undefined> {
  const address = await ownerAddress({ messageId });
  if (!address) return undefined;
  const path = `/api/threads/${encodeURIComponent(threadId)}/messages/${encodeURIComponent(messageId)}/stop`;
  try {
    const { upstream } = await requestOwner({ address, method: "POST", path, owner });
    const parts: Buffer[] = [];
    for await (const part of upstream) parts.push(part as Buffer);
    if (upstream.statusCode !== 200) return undefined;
    return JSON.parse(Buffer.concat(parts).toString()) as { stopped: boolean; status: MessageStatus };
  } catch {
    return undefined;
  }
}
