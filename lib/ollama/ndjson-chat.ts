import http from "node:http";
import https from "node:https";
import { StringDecoder } from "node:string_decoder";
import { urlToHttpOptions } from "node:url";
import { getEnv } from "@/lib/env";
import { LumiaError } from "@/lib/errors";
import { isAbortError, ollamaUnreachable, toOllamaError } from "@/lib/ollama/errors";
import type { ChatMessage, ToolDefinition } from "@/lib/ollama/wire-types";
import type { EmitSourceEvent, OllamaFinalMetrics, ToolCall } from "@/lib/stream/events";

/** What `/api/chat` is asked, in Ollama's wire names. */
export interface NdjsonChatRequest {
  model: string;
  messages: ChatMessage[];
  keep_alive?: string | number;
  options?: Record<string, unknown>;
  format?: "json" | Record<string, unknown>;
  tools?: ToolDefinition[];
}

/** What `/api/generate` is asked: a prompt completed as it is (the model's template still applies). */
export interface NdjsonGenerateRequest {
  model: string;
  prompt: string;
  /** Text after the insertion point, for fill-in-the-middle models. */
  suffix?: string;
  system?: string;
  images?: string[];
  keep_alive?: string | number;
  options?: Record<string, unknown>;
  format?: "json" | Record<string, unknown>;
}

/**
 * One line of Ollama's streamed answer (only the fields Lumia reads): `/api/chat` puts the text in
 * `message.content`, `/api/generate` in `response`.
 */
interface AnswerLine extends OllamaFinalMetrics {
  message?: { content?: string; tool_calls?: ToolCall[] };
  response?: string;
  done?: boolean;
  error?: string;
}

/** The two endpoints that stream an answer, and how their usual token line reads. */
const ENDPOINTS = {
  chat: { path: "/api/chat", head: '"message":{"role":"assistant","content":"', tail: '"},"done":false}' },
  generate: { path: "/api/generate", head: '"response":"', tail: '","done":false}' },
} as const;
type Endpoint = (typeof ENDPOINTS)[keyof typeof ENDPOINTS];

/** Ollama's status error, shaped like ollama-js's `ResponseError` so `toOllamaError` maps it the same. */
class OllamaStatusError extends Error {
  readonly status_code: number;
  constructor(message: string, status: number) {
    super(message);
    this.name = "ResponseError";
    this.status_code = status;
  }
}

/**
 * Pooled connections: a connect and a close per answer cost more CPU than the rest of a short answer's
 * request path on this VM. A pooled socket the server closed while idle fails with ECONNRESET before any
 * byte of the answer; that one case is retried once on a fresh socket (see `send`).
 */
const pooled = { keepAlive: true, maxSockets: Infinity, maxFreeSockets: 256 };
const agents = { "http:": new http.Agent(pooled), "https:": new https.Agent(pooled) };
/** For the retry: a new connection for sure (the server may have closed every idle socket at once). */
const fresh = { keepAlive: false, maxSockets: Infinity };
const freshAgents = { "http:": new http.Agent(fresh), "https:": new https.Agent(fresh) };

/**
 * Opens a pooled connection to `host` (Ollama's `/api/version`, which costs it nothing), so that the
 * first answer after a start neither connects nor runs the HTTP client's code for the first time.
 * Settles either way: a host that is down is reported by the health check, not here.
 */
export function warmOllamaConnection({ host }: { host: string }): Promise<void> {
  const url = new URL(`${host}/api/version`);
  const https_ = url.protocol === "https:";
  return new Promise((resolve) => {
    const request = (https_ ? https : http).get(
      url,
      { agent: agents[https_ ? "https:" : "http:"] },
      (response) => {
        response.resume();
        response.once("end", resolve);
        response.once("error", () => resolve());
      },
    );
    request.once("error", () => resolve());
    request.setTimeout(CONNECT_TIMEOUT_MS, () => request.destroy());
  });
}

/**
 * Streams one `/api/chat` answer into the pipeline, without fetch, web streams or ollama-js: node:http,
 * one decoder, one JSON.parse per line, and each event handed to `emit` synchronously from the socket's
 * data callback, so an Ollama line costs no promise at all. Settles when the answer is complete (after
 * Ollama's `done` line and the end of its body). Failures are LumiaErrors, named as for ollama-js's
 * (`toOllamaError`): a status is `model_not_found`, `ollama_busy` or `ollama_error`; an `{"error"}` line
 * `ollama_error`; an answer that ends without `done` or a dropped connection `stream_interrupted`; a
 * refused connection `ollama_unreachable`. `signal` aborting destroys the request at once, during model
 * load too (no header needed), and the promise rejects with an AbortError.
 */
export function ndjsonChat({
  request,
  host = getEnv().ollamaHost,
  signal,
  emit,
}: {
  request: NdjsonChatRequest;
  /** The Ollama to ask: the first of OLLAMA_HOST unless given. */
  host?: string;
  signal: AbortSignal;
  emit: EmitSourceEvent;
}): Promise<void> {
  return new Promise((resolve, reject) => {
    new NdjsonCall(ENDPOINTS.chat, host, request, signal, emit, { resolve, reject });
  });
}

/**
 * The same for `/api/generate` (OpenAI's legacy completions): a text event per `response` chunk, the
 * finish event, failures named alike.
 */
export function ndjsonGenerate({
  request,
  host = getEnv().ollamaHost,
  signal,
  emit,
}: {
  request: NdjsonGenerateRequest;
  /** The Ollama to ask: the first of OLLAMA_HOST unless given. */
  host?: string;
  signal: AbortSignal;
  emit: EmitSourceEvent;
}): Promise<void> {
  return new Promise((resolve, reject) => {
    new NdjsonCall(ENDPOINTS.generate, host, request, signal, emit, { resolve, reject });
  });
}

/** No backpressure towards Ollama: it is paced by the model, and the pipeline keeps the whole answer anyway. */
class NdjsonCall {
  private settled = false;
  private sawDone = false;
  private clientRequest: http.ClientRequest;
  private readonly model: string;
  private readonly target: EndpointTarget;
  private readonly body: string;
  private response: http.IncomingMessage | undefined;
  private readonly onAbort = () => this.fail(abortError(this.signal));

  constructor(
    private readonly endpoint: Endpoint,
    private readonly host: string,
    request: NdjsonChatRequest | NdjsonGenerateRequest,
    private readonly signal: AbortSignal,
    private readonly emit: EmitSourceEvent,
    private readonly settle: { resolve: () => void; reject: (error: unknown) => void },
  ) {
    this.model = request.model;
    this.target = endpointTarget(this.host, endpoint);
    this.body = JSON.stringify({ ...request, stream: true });
    this.clientRequest = this.send(true);
    if (signal.aborted) this.onAbort();
    else signal.addEventListener("abort", this.onAbort, { once: true });
  }

  private send(mayRetry: boolean): http.ClientRequest {
    const { secure, address } = this.target;
    const clientRequest = (secure ? https : http).request({
      ...address,
      method: "POST",
      agent: (mayRetry ? agents : freshAgents)[secure ? "https:" : "http:"],
      headers: {
        "content-type": "application/json",
        accept: "application/x-ndjson",
        "content-length": Buffer.byteLength(this.body),
      },
    });
    clientRequest.on("error", (error: NodeJS.ErrnoException) => {
      if (this.response) return this.fail(this.dropped(error));
      const staleSocket = error.code === "ECONNRESET" || error.code === "EPIPE";
      if (mayRetry && clientRequest.reusedSocket && staleSocket && !this.signal.aborted) {
        this.clientRequest = this.send(false);
        return;
      }
      this.fail(this.signal.aborted ? abortError(this.signal) : ollamaUnreachable(error, this.host));
    });
    clientRequest.on("socket", (socket) => {
      // A pooled socket is connected already: only a new connection is timed.
      if (!socket.connecting) return;
      const timer = setTimeout(() => clientRequest.destroy(connectTimeout(this.target)), CONNECT_TIMEOUT_MS);
      const clear = () => clearTimeout(timer);
      socket.once("connect", clear);
      socket.once("close", clear);
    });
    clientRequest.on("response", (response) => this.onResponse(response));
    clientRequest.end(this.body);
    return clientRequest;
  }

  private onResponse(response: http.IncomingMessage) {
    this.response = response;
    const status = response.statusCode ?? 0;
    if (status < 200 || status > 299) return this.readStatusError(response, status);
    const decoder = new StringDecoder("utf8");
    let partial = "";
    // True while the decoder may hold the first bytes of a character cut by the previous read.
    let midLine = false;
    response.on("data", (data: Buffer) => {
      // A read that ends a line cannot end inside a character: most reads are one whole line, decoded
      // as is; the decoder is needed only around reads that end mid-line.
      const endsLine = data[data.length - 1] === NEWLINE;
      const decoded = midLine || !endsLine ? decoder.write(data) : data.toString("utf8");
      midLine = !endsLine;
      const text = partial === "" ? decoded : partial + decoded;
      let start = 0;
      let newline = text.indexOf("\n");
      while (newline >= 0) {
        if (newline > start) this.line(text.slice(start, newline));
        start = newline + 1;
        newline = text.indexOf("\n", start);
      }
      partial = start === 0 ? text : text.slice(start);
    });
    response.on("end", () => {
      const rest = partial + decoder.end();
      if (rest.trim()) this.line(rest);
      if (this.settled) return;
      if (!this.sawDone) return this.fail(new Error("Did not receive done or success response in stream."));
      this.settled = true;
      this.cleanup();
      this.settle.resolve();
    });
    response.on("error", (error) =>
      this.fail(this.signal.aborted ? abortError(this.signal) : this.dropped(error)),
    );
    // A connection cut mid-body without an error event: never leave the pipeline waiting.
    response.on("close", () => {
      if (!response.complete)
        this.fail(this.signal.aborted ? abortError(this.signal) : this.dropped(undefined));
    });
  }

  private line(text: string) {
    if (this.settled || this.sawDone) return;
    const token = tokenContent(text, this.endpoint);
    if (token !== undefined) {
      if (token) this.emit({ type: "text", text: token });
      return;
    }
    let line: AnswerLine;
    try {
      line = JSON.parse(text) as AnswerLine;
    } catch {
      return this.fail(new Error(`Ollama sent a line that is not JSON: ${text.slice(0, 200)}`));
    }
    if (line.error !== undefined) return this.fail(new Error(line.error));
    const content = line.message?.content ?? line.response;
    if (content) this.emit({ type: "text", text: content });
    const calls = line.message?.tool_calls;
    if (calls?.length) this.emit({ type: "tool_calls", calls });
    if (line.done) {
      this.sawDone = true;
      this.emit({
        type: "finish",
        metrics: {
          done_reason: line.done_reason,
          total_duration: line.total_duration,
          load_duration: line.load_duration,
          prompt_eval_count: line.prompt_eval_count,
          prompt_eval_duration: line.prompt_eval_duration,
          eval_count: line.eval_count,
          eval_duration: line.eval_duration,
        },
      });
    }
  }

  private readStatusError(response: http.IncomingMessage, status: number) {
    const parts: Buffer[] = [];
    response.on("data", (part: Buffer) => parts.push(part));
    response.on("error", (error) => this.fail(this.dropped(error)));
    response.on("end", () => {
      const text = Buffer.concat(parts).toString("utf8");
      let message = text || `Error ${status}: ${response.statusMessage ?? ""}`;
      try {
        message = (JSON.parse(text) as { error?: string }).error ?? message;
      } catch {
        // Not JSON: the text itself, as ollama-js reports it.
      }
      this.fail(new OllamaStatusError(message, status));
    });
  }

  private fail(error: unknown) {
    if (this.settled) return;
    this.settled = true;
    this.cleanup();
    // Closes the connection unless the answer was read to its end (its socket is then back in the pool).
    if (!this.response?.complete) this.clientRequest.destroy();
    // Errors as the rest of Lumia names them; an abort stays an abort (the client left).
    this.settle.reject(
      this.signal.aborted || isAbortError(error)
        ? error
        : toOllamaError({ error, model: this.model, host: this.host }),
    );
  }

  private cleanup() {
    this.signal.removeEventListener("abort", this.onAbort);
  }

  private dropped(cause: unknown): LumiaError {
    return new LumiaError("stream_interrupted", `The connection to Ollama at ${this.host} was dropped.`, {
      cause,
    });
  }
}

const NEWLINE = 0x0a;

/**
 * How long a new connection to Ollama may take. A machine that is down drops the connection attempt
 * silently (no refusal) and the OS would wait about two minutes; within this, another host can answer.
 * Only the connection is timed: Ollama's headers may take minutes (model load), and that is no fault.
 */
const CONNECT_TIMEOUT_MS = 5_000;

function connectTimeout({ host }: EndpointTarget): NodeJS.ErrnoException {
  return Object.assign(new Error(`connect ETIMEDOUT ${host}`), { code: "ETIMEDOUT" });
}

/**
 * The text of a line shaped exactly as Ollama writes a token (chat: `{…,"message":{"role":"assistant",
 * "content":"…"},"done":false}`, generate: `{…,"response":"…","done":false}`) with no escape in the text,
 * else undefined and the line goes to JSON.parse. In valid JSON that tail closes the text (and `message`)
 * and the line, so the head is a top-level key (a quote inside another string would be escaped); and a
 * JSON string without a backslash is its own text. Most lines are such tokens: no parse, no object.
 */
function tokenContent(line: string, { head, tail }: Endpoint): string | undefined {
  if (!line.endsWith(tail)) return undefined;
  const at = line.indexOf(head);
  if (at < 0) return undefined;
  const start = at + head.length;
  const end = line.length - tail.length;
  const quote = line.indexOf('"', start);
  if (quote !== end || line.indexOf("\\", start) >= 0) return undefined;
  return ownCopy(line.slice(start, end));
}

/**
 * V8 makes a slice of 13 or more characters a view into the string it was cut from, so such a token
 * would keep its whole Ollama line (ten times its size) alive for as long as the answer keeps its text:
 * under load, the garbage collector copied and promoted every line. A text with no quote and no
 * backslash is its own JSON string, and JSON.parse returns it as a string of its own (about 0.1 µs).
 */
function ownCopy(token: string): string {
  if (token.length < 13) return token;
  try {
    return JSON.parse(`"${token}"`) as string;
  } catch {
    // A raw control character (Ollama escapes them): the view, rather than no text.
    return token;
  }
}

/** Where an endpoint's requests go, as Node's request options (a `URL` would be converted per request). */
interface EndpointTarget {
  secure: boolean;
  /** `host:port`, for messages. */
  host: string;
  address: Readonly<Pick<http.RequestOptions, "protocol" | "hostname" | "port" | "path" | "auth">>;
}

const cachedTargets = new Map<string, EndpointTarget>();

/** The endpoint's address on the host, worked out once rather than per answer. */
function endpointTarget(host: string, { path }: Endpoint): EndpointTarget {
  const key = host + path;
  let target = cachedTargets.get(key);
  if (!target) {
    const url = new URL(key);
    // Node's own conversion (IPv6 brackets, credentials), once; only what a request reads is kept.
    const options = urlToHttpOptions(url);
    target = {
      secure: url.protocol === "https:",
      host: url.host,
      address: Object.freeze({
        protocol: options.protocol,
        hostname: options.hostname,
        path: options.path,
        ...(options.port === undefined ? {} : { port: options.port }),
        ...(options.auth === undefined ? {} : { auth: options.auth }),
      }),
    };
    cachedTargets.set(key, target);
  }
  return target;
}

function abortError(signal: AbortSignal): unknown {
  return signal.reason instanceof Error
    ? signal.reason
    : new DOMException("The operation was aborted.", "AbortError");
}
