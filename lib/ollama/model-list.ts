import { getEnv } from "@/lib/env";
import {
  canonicalModelName,
  type InstalledModel,
  type LoadedModel,
  listInstalledModels,
  listLoadedModels,
  modelCapabilities,
} from "@/lib/ollama/models";

export interface ModelListing extends InstalledModel {
  loaded: boolean;
  expiresAt: string | null;
  /** From Ollama's /api/show: a model without `completion` (an embedding model) cannot chat. */
  capabilities: string[];
}

/** What the model picker shows: every installed model, marked when loaded, and the default model. */
export async function listModelsWithLoadState(): Promise<{
  defaultModel: string;
  models: ModelListing[];
  loaded: LoadedModel[];
}> {
  const [installed, loaded] = await Promise.all([listInstalledModels({ maxAgeMs: 0 }), listLoadedModels()]);
  const loadedByName = new Map(loaded.map((m) => [canonicalModelName(m.name), m]));
  const models = await Promise.all(
    installed.map(async (model) => {
      const live = loadedByName.get(canonicalModelName(model.name));
      const capabilities = await modelCapabilities(model);
      return { ...model, loaded: Boolean(live), expiresAt: live?.expiresAt ?? null, capabilities };
    }),
  );
  return { defaultModel: getEnv().LUMIA_MODEL, models, loaded };
}
