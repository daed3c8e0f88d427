import { getEnv } from "@/lib/env";
import { LumiaError } from "@/lib/errors";
import { isAbortError, ollamaUnreachable, toOllamaError } from "@/lib/ollama/errors";
import {
  beginAnswer,
  currentHostStates,
  endAnswer,
  type HostState,
  hasModel,
  isWarm,
  markUnreachable,
  probeHost,
} from "@/lib/ollama/host-pool";
import type { EmitSourceEvent } from "@/lib/stream/events";

/**
 * The hosts to try for an answer with `model`, best first: those that have it (`/api/tags`), reachable
 * before unreachable, loaded (`/api/ps`) before cold, then the least busy (fewest answers this process
 * runs there), then OLLAMA_HOST's order. Every host when none has it: one of them names the error.
 */
export async function hostsForModel({ model }: { model: string }): Promise<HostState[]> {
  const states = await currentHostStates();
  const having = states.filter((state) => hasModel({ state, model }));
  const rank = (state: HostState) => [
    state.reachable === false ? 1 : 0,
    isWarm({ state, model }) ? 0 : 1,
    state.active,
    state.index,
  ];
  return (having.length > 0 ? having : [...states]).sort((a, b) => {
    const [ra, rb] = [rank(a), rank(b)];
    for (let i = 0; i < ra.length; i++) {
      const diff = (ra[i] as number) - (rb[i] as number);
      if (diff !== 0) return diff;
    }
    return 0;
  });
}

/**
 * Whether a failure before anything came back may be retried on another host: the host could not be
 * reached, no longer has the model (its tags were older), or its queue is full. Nothing was generated,
 * so nothing is repeated.
 */
function triesNextHost({ error, state }: { error: unknown; state: HostState }): boolean {
  if (isAbortError(error)) return false;
  const code = (error instanceof LumiaError ? error : toOllamaError({ error, host: state.url })).code;
  if (code === "ollama_unreachable") {
    markUnreachable({ state, error });
    return true;
  }
  if (code === "model_not_found") {
    probeHost(state).catch(() => {});
    return true;
  }
  return code === "ollama_busy";
}

/**
 * Runs one request that needs `model` (an embedding, a title, memory extraction) on the best host, and
 * on the next one when a host fails before answering (see `triesNextHost`). With one host, that host and
 * nothing else: no probe, no bookkeeping.
 */
export async function withOllamaHost<T>({
  model,
  run,
}: {
  model: string;
  run: (host: string) => Promise<T>;
}): Promise<T> {
  const hosts = getEnv().ollamaHosts;
  if (hosts.length === 1) return run(hosts[0] as string);
  const candidates = await hostsForModel({ model });
  let lastError: unknown = ollamaUnreachable();
  for (const state of candidates) {
    beginAnswer({ state, model });
    try {
      return await run(state.url);
    } catch (error) {
      if (!triesNextHost({ error, state })) throw error;
      lastError = error;
    } finally {
      endAnswer({ state });
    }
  }
  throw lastError;
}

/**
 * A streamed answer with `model` on the best host: `start` runs it on one host with the pipeline's
 * signal and emit. A host that fails before its first event (see `triesNextHost`) hands the answer to
 * the next host, the client none the wiser; after the first event a failure is the answer's error. With
 * one host, `start` on it directly: the per-chunk path is the same as without routing.
 */
export function routedStream({
  model,
  start,
}: {
  model: string;
  start: (args: { host: string; signal: AbortSignal; emit: EmitSourceEvent }) => Promise<void>;
}): (signal: AbortSignal, emit: EmitSourceEvent) => Promise<void> {
  const hosts = getEnv().ollamaHosts;
  if (hosts.length === 1) {
    const host = hosts[0] as string;
    return (signal, emit) => start({ host, signal, emit });
  }
  return async (signal, emit) => {
    const candidates = await hostsForModel({ model });
    let lastError: unknown = ollamaUnreachable();
    for (const state of candidates) {
      if (signal.aborted) break;
      let started = false;
      const watched: EmitSourceEvent = (event) => {
        started = true;
        emit(event);
      };
      beginAnswer({ state, model });
      try {
        return await start({ host: state.url, signal, emit: watched });
      } catch (error) {
        if (started || signal.aborted || !triesNextHost({ error, state })) throw error;
        console.warn(`Ollama at ${state.url} failed before answering; trying the next host.`);
        lastError = error;
      } finally {
        endAnswer({ state });
      }
    }
    throw lastError;
  };
}
