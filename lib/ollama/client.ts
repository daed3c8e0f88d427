import { Ollama } from "ollama";
import { Agent, fetch as undiciFetch } from "undici";
import { getEnv } from "@/lib/env";

/**
 * One connection pool for every Ollama call. Node's default fetch gives up after 300 s without response
 * headers, and Ollama sends none until the model is loaded and the prompt evaluated (ollama-js #72, #144):
 * a big model on a slow disk takes longer than that. Cancellation comes from the request's signal instead.
 */
const agent = new Agent({ headersTimeout: 0, bodyTimeout: 0, keepAliveTimeout: 30_000 });

type Fetch = typeof fetch;

const pooledFetch = ((input: Parameters<Fetch>[0], init?: RequestInit) =>
  undiciFetch(input as never, { ...(init as object), dispatcher: agent })) as unknown as Fetch;

/**
 * An ollama-js client bound to one request and one host (the first of OLLAMA_HOST unless given).
 * ollama-js has no per-call signal (ollama-js #274) and its iterator's `abort()` only works once headers
 * arrived (#148), so the signal is merged into every fetch the client makes: a client that disconnects
 * during model load cancels the Ollama request too.
 */
export function createOllamaClient({
  signal,
  host = getEnv().ollamaHost,
}: {
  signal?: AbortSignal;
  host?: string;
} = {}): Ollama {
  if (!signal) return new Ollama({ host, fetch: pooledFetch });
  const fetchWithSignal = ((input: Parameters<Fetch>[0], init?: RequestInit) =>
    pooledFetch(input, {
      ...init,
      signal: init?.signal ? AbortSignal.any([init.signal, signal]) : signal,
    })) as Fetch;
  return new Ollama({ host, fetch: fetchWithSignal });
}
