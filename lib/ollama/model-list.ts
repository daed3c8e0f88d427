import { getEnv } from "@/lib/env";
import { type HostState, hasModel, isWarm } from "@/lib/ollama/host-pool";
import { canonicalModelName, type InstalledModel, type LoadedModel } from "@/lib/ollama/model-info";
import { modelCapabilities, reachableHosts } from "@/lib/ollama/models";

export interface ModelListing extends InstalledModel {
  /** Loaded in memory on some host (the same as `warm`, the older name). */
  loaded: boolean;
  /** Loaded on some host: an answer starts without waiting for the model to load. */
  warm: boolean;
  /** When the model leaves memory, on the host that keeps it longest; null when it is not loaded. */
  expiresAt: string | null;
  /** From Ollama's /api/show: a model without `completion` (an embedding model) cannot chat. */
  capabilities: string[];
  /** The hosts that have it installed (see `hostLabel`). */
  hosts: string[];
}

/** A loaded model and the host it is loaded on. */
export interface LoadedListing extends LoadedModel {
  host: string;
}

/**
 * How a host is named to a client: its address to the person at this machine (as /api/health does),
 * else its place in OLLAMA_HOST (`ollama-1`, `ollama-2`): where Ollama runs is not everyone's business.
 */
export function hostLabel({ state, showAddresses }: { state: HostState; showAddresses: boolean }): string {
  return showAddresses ? state.url : `ollama-${state.index + 1}`;
}

/**
 * What the model picker shows: every model installed on a reachable host (once, however many have it),
 * marked warm when loaded on any of them, with the hosts that have it; and the default model. Asks
 * every host now (a user choosing a model wants the truth, and the routing gets it too); a 503
 * `ollama_unreachable` when no host answers.
 */
export async function listModelsWithLoadState({ showAddresses }: { showAddresses: boolean }): Promise<{
  defaultModel: string;
  models: ModelListing[];
  loaded: LoadedListing[];
}> {
  const states = await reachableHosts({ maxAgeMs: 0, fresh: true });
  const label = (state: HostState) => hostLabel({ state, showAddresses });
  const first = new Map<string, { model: InstalledModel; host: HostState }>();
  for (const state of states) {
    for (const model of state.installed) {
      const name = canonicalModelName(model.name);
      if (!first.has(name)) first.set(name, { model, host: state });
    }
  }
  const models = await Promise.all(
    [...first.values()].map(async ({ model, host }) => {
      const having = states.filter((state) => hasModel({ state, model: model.name }));
      const live = having.flatMap((state) =>
        state.loaded.filter((m) => canonicalModelName(m.name) === canonicalModelName(model.name)),
      );
      const warm = having.some((state) => isWarm({ state, model: model.name }));
      const expiresAt =
        live
          .map((m) => m.expiresAt)
          .sort()
          .at(-1) ?? null;
      const capabilities = await modelCapabilities({ ...model, host: host.url });
      return { ...model, loaded: warm, warm, expiresAt, capabilities, hosts: having.map(label) };
    }),
  );
  const loaded = states.flatMap((state) => state.loaded.map((m) => ({ ...m, host: label(state) })));
  return { defaultModel: getEnv().LUMIA_MODEL, models, loaded };
}
