import { getEnv } from "@/lib/env";
import { createOllamaClient } from "@/lib/ollama/client";
import { modelNotFound, ollamaUnreachable, toOllamaError } from "@/lib/ollama/errors";
import { currentHostStates, type HostState, hasModel } from "@/lib/ollama/host-pool";
import {
  canonicalModelName,
  type InstalledModel,
  type LoadedModel,
  toInstalled,
  toLoaded,
} from "@/lib/ollama/model-info";

export { canonicalModelName, type InstalledModel, type LoadedModel };

/** How long a list of installed models is trusted before asking Ollama again. */
const TAGS_TTL_MS = 10_000;
/** A miss younger than this is not worth a second request (a model pulled a moment ago is). */
const MISS_REFRESH_AFTER_MS = 500;

let cache: { at: number; models: InstalledModel[]; names: Set<string> } | undefined;
let inflight: Promise<InstalledModel[]> | undefined;

async function fetchInstalled(): Promise<InstalledModel[]> {
  try {
    const { models } = await createOllamaClient({ signal: AbortSignal.timeout(5_000) }).list();
    const installed = models.map(toInstalled);
    cache = {
      at: Date.now(),
      models: installed,
      names: new Set(installed.map((model) => canonicalModelName(model.name))),
    };
    return installed;
  } catch (error) {
    cache = undefined;
    const lumiaError = toOllamaError({ error });
    throw lumiaError.code === "ollama_error" ? ollamaUnreachable(error) : lumiaError;
  }
}

/**
 * Installed models from Ollama's `/api/tags`, cached for a few seconds: checking the model before every
 * stream must cost almost nothing. Concurrent callers share one request. With several hosts, every
 * reachable host's models, each name once (see `currentHostStates` for how fresh).
 */
export async function listInstalledModels({
  maxAgeMs = TAGS_TTL_MS,
}: {
  maxAgeMs?: number;
} = {}): Promise<InstalledModel[]> {
  if (getEnv().ollamaHosts.length > 1) {
    return mergeInstalled(await reachableHosts({ maxAgeMs, fresh: maxAgeMs === 0 }));
  }
  if (cache && Date.now() - cache.at <= maxAgeMs) return cache.models;
  inflight ??= fetchInstalled().finally(() => {
    inflight = undefined;
  });
  return inflight;
}

/** The reachable hosts' states (see `currentHostStates`); `ollama_unreachable` naming every host when none is. */
export async function reachableHosts(
  freshness: { maxAgeMs?: number; fresh?: boolean } = {},
): Promise<HostState[]> {
  const states = await currentHostStates(freshness);
  const reachable = states.filter((state) => state.reachable);
  if (reachable.length === 0) throw ollamaUnreachable();
  return reachable;
}

function mergeInstalled(states: HostState[]): InstalledModel[] {
  const byName = new Map<string, InstalledModel>();
  for (const state of states) {
    for (const model of state.installed) {
      const name = canonicalModelName(model.name);
      if (!byName.has(name)) byName.set(name, model);
    }
  }
  return [...byName.values()];
}

/**
 * Throws `model_not_found` (404) or `ollama_unreachable` (503) before a stream starts, so the client gets
 * a JSON error with the fix instead of a stream that fails at once. With several hosts, one reachable
 * host having the model is enough; when only unreachable ones had it, they are named as unreachable.
 */
export async function ensureModelInstalled({ model }: { model: string }): Promise<void> {
  if (getEnv().ollamaHosts.length > 1) return ensureOnSomeHost({ model });
  const wanted = canonicalModelName(model);
  const has = (models: InstalledModel[]) => models.some((m) => canonicalModelName(m.name) === wanted);
  if (has(await listInstalledModels())) return;
  if (cache && Date.now() - cache.at > MISS_REFRESH_AFTER_MS) {
    if (has(await listInstalledModels({ maxAgeMs: 0 }))) return;
  }
  throw modelNotFound(model);
}

async function ensureOnSomeHost({ model }: { model: string }): Promise<void> {
  let states = await currentHostStates();
  const found = () => states.some((state) => state.reachable && hasModel({ state, model }));
  if (found()) return;
  if (states.some((state) => Date.now() - state.checkedAt > MISS_REFRESH_AFTER_MS)) {
    states = await currentHostStates({ maxAgeMs: MISS_REFRESH_AFTER_MS, fresh: true });
    if (found()) return;
  }
  const unreachable = states.filter((state) => !state.reachable);
  const lastHadIt = unreachable.filter((state) => hasModel({ state, model }));
  if (lastHadIt.length > 0) throw ollamaUnreachable(undefined, lastHadIt.map((s) => s.url).join(", "));
  if (unreachable.length === states.length) throw ollamaUnreachable();
  throw modelNotFound(model);
}

/** The model to use: the requested one or `LUMIA_MODEL`, checked to be installed (see ensureModelInstalled). */
export function resolveModel({ requested }: { requested?: string }): Promise<string> {
  const model = requested ?? getEnv().LUMIA_MODEL;
  // Nearly every stream: one host, its list fresh, the model on it. Answered without a chain of
  // promises (each costs an async hook once Next's AsyncLocalStorage is on, on Node 20).
  if (getEnv().ollamaHosts.length === 1 && cache && Date.now() - cache.at <= TAGS_TTL_MS) {
    if (cache.names.has(canonicalModelName(model))) return Promise.resolve(model);
  }
  return ensureModelInstalled({ model }).then(() => model);
}

// A digest names one exact model file: what it can do never changes, so it is asked once.
const capabilitiesByDigest = new Map<string, string[]>();

/**
 * What a model can do, from Ollama's `/api/show` (`completion`, `embedding`, `vision`, `tools`, …);
 * empty when Ollama does not say (older versions). Asked of `host` (a host that has it).
 */
export async function modelCapabilities({
  name,
  digest,
  host,
}: {
  name: string;
  digest: string;
  host?: string;
}): Promise<string[]> {
  const known = capabilitiesByDigest.get(digest);
  if (known) return known;
  try {
    const client = createOllamaClient({ signal: AbortSignal.timeout(5_000), ...(host ? { host } : {}) });
    const shown = await client.show({ model: name });
    const capabilities = (shown as { capabilities?: string[] }).capabilities ?? [];
    capabilitiesByDigest.set(digest, capabilities);
    return capabilities;
  } catch {
    return [];
  }
}

/** Models loaded in memory now, from `/api/ps` (of the first host, or of `host`). */
export async function listLoadedModels({ host }: { host?: string } = {}): Promise<LoadedModel[]> {
  try {
    const client = createOllamaClient({ signal: AbortSignal.timeout(5_000), ...(host ? { host } : {}) });
    return (await client.ps()).models.map(toLoaded);
  } catch (error) {
    throw toOllamaError({ error, ...(host ? { host } : {}) });
  }
}

/** Ollama's version at `host` (the first of OLLAMA_HOST unless given), or the reason it could not be reached. */
export async function probeOllama({ host = getEnv().ollamaHost }: { host?: string } = {}): Promise<{
  reachable: boolean;
  version: string | null;
  error?: string;
}> {
  try {
    const { version } = await createOllamaClient({ host, signal: AbortSignal.timeout(3_000) }).version();
    return { reachable: true, version };
  } catch (error) {
    return { reachable: false, version: null, error: ollamaUnreachable(error, host).message };
  }
}
