import { getEnv } from "@/lib/env";
import { createOllamaClient } from "@/lib/ollama/client";
import { ollamaUnreachable } from "@/lib/ollama/errors";
import {
  canonicalModelName,
  type InstalledModel,
  type LoadedModel,
  toInstalled,
  toLoaded,
} from "@/lib/ollama/model-info";

/** What Lumia knows of one Ollama host of OLLAMA_HOST, from its last probe and its own answers. */
export interface HostState {
  readonly url: string;
  /** Its place in OLLAMA_HOST: the tie-breaker, and its label for those who may not see addresses. */
  readonly index: number;
  /** Undefined until the first probe. */
  reachable: boolean | undefined;
  version: string | null;
  /** `/api/tags`; the last known list is kept while the host is unreachable. */
  installed: InstalledModel[];
  /** `/api/ps`. */
  loaded: LoadedModel[];
  /** Canonical names of models this process started answers with since the last probe (now loaded). */
  warmed: Set<string>;
  /** Why the last probe or answer could not reach it. */
  error: string | undefined;
  /** Date.now() of the last probe (or failed answer); 0 before the first. */
  checkedAt: number;
  /** Answers this process is running on it now. */
  active: number;
  /** The probe in flight: never more than one per host. */
  probe: Promise<HostState> | undefined;
}

/** How long a probe's result is trusted; an older one is used once more while a new probe runs. */
export const HOST_STATE_TTL_MS = 3_000;
const PROBE_TIMEOUT_MS = 3_000;

// On globalThis: Next evaluates lib modules once per route bundle, and the lean stream routes load them
// again; the busy counts must be the process's, not one bundle's.
const store = globalThis as typeof globalThis & { lumiaOllamaHosts?: HostState[] };

/** Every host of OLLAMA_HOST, in its order. */
export function hostStates(): HostState[] {
  store.lumiaOllamaHosts ??= getEnv().ollamaHosts.map((url, index) => ({
    url,
    index,
    reachable: undefined,
    version: null,
    installed: [],
    loaded: [],
    warmed: new Set(),
    error: undefined,
    checkedAt: 0,
    active: 0,
    probe: undefined,
  }));
  return store.lumiaOllamaHosts;
}

/** Asks the host for its models, loaded models and version at once; one probe per host at a time. */
export function probeHost(state: HostState): Promise<HostState> {
  state.probe ??= runProbe(state).finally(() => {
    state.probe = undefined;
  });
  return state.probe;
}

async function runProbe(state: HostState): Promise<HostState> {
  const client = createOllamaClient({ host: state.url, signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
  try {
    const [tags, ps, version] = await Promise.all([client.list(), client.ps(), client.version()]);
    state.reachable = true;
    state.installed = tags.models.map(toInstalled);
    state.loaded = ps.models.map(toLoaded);
    state.version = version.version;
    state.error = undefined;
  } catch (error) {
    markUnreachable({ state, error });
  }
  state.warmed.clear();
  state.checkedAt = Date.now();
  return state;
}

/**
 * The hosts' states. A host never probed is waited for; a state older than `maxAgeMs` is returned as it
 * is while a probe refreshes it in the background, or, with `fresh`, waited for too. An answer never
 * waits for a probe once the first one is done.
 */
export async function currentHostStates({
  maxAgeMs = HOST_STATE_TTL_MS,
  fresh = false,
}: {
  maxAgeMs?: number;
  fresh?: boolean;
} = {}): Promise<HostState[]> {
  const states = hostStates();
  const now = Date.now();
  const waits: Promise<HostState>[] = [];
  for (const state of states) {
    if (state.checkedAt > 0 && now - state.checkedAt <= maxAgeMs) continue;
    const probe = probeHost(state);
    if (state.checkedAt === 0 || fresh) waits.push(probe);
  }
  await Promise.all(waits);
  return states;
}

/** Whether the host lists the model in `/api/tags`. */
export function hasModel({ state, model }: { state: HostState; model: string }): boolean {
  const wanted = canonicalModelName(model);
  return state.installed.some((m) => canonicalModelName(m.name) === wanted);
}

/** Whether the model is in the host's memory (`/api/ps`, or this process has used it there since). */
export function isWarm({ state, model }: { state: HostState; model: string }): boolean {
  const wanted = canonicalModelName(model);
  return state.warmed.has(wanted) || state.loaded.some((m) => canonicalModelName(m.name) === wanted);
}

/** An answer with `model` starts on the host: it is busier, and Ollama loads the model for it. */
export function beginAnswer({ state, model }: { state: HostState; model: string }): void {
  state.active++;
  state.warmed.add(canonicalModelName(model));
}

export function endAnswer({ state }: { state: HostState }): void {
  state.active = Math.max(0, state.active - 1);
}

/** The host could not be reached (a probe or an answer): routing puts it last until a probe finds it. */
export function markUnreachable({ state, error }: { state: HostState; error: unknown }): void {
  state.reachable = false;
  state.version = null;
  state.loaded = [];
  state.error = ollamaUnreachable(error, state.url).message;
  state.checkedAt = Date.now();
}
