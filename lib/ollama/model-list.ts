import { getEnv } from "@/lib/env";
import {
  canonicalModelName,
  type InstalledModel,
  type LoadedModel,
  listInstalledModels,
  listLoadedModels,
} from "@/lib/ollama/models";

export interface ModelListing extends InstalledModel {
  loaded: boolean;
  expiresAt: string | null;
}

/** What the model picker shows: every installed model, marked when loaded, and the default model. */
export async function listModelsWithLoadState(): Promise<{
  defaultModel: string;
  models: ModelListing[];
  loaded: LoadedModel[];
}> {
  const [installed, loaded] = await Promise.all([listInstalledModels({ maxAgeMs: 0 }), listLoadedModels()]);
  const loadedByName = new Map(loaded.map((m) => [canonicalModelName(m.name), m]));
  const models = installed.map((model) => {
    const live = loadedByName.get(canonicalModelName(model.name));
    return { ...model, loaded: Boolean(live), expiresAt: live?.expiresAt ?? null };
  });
  return { defaultModel: getEnv().LUMIA_MODEL, models, loaded };
}
