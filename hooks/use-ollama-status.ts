"use client";

import { useCallback, useEffect, useMemo, useState } from "react";
import { api } from "@/lib/client/api";
import { sameModel } from "@/lib/client/model-names";
import type { HealthResponse, ModelInfo } from "@/lib/client/types";

const MODEL_KEY = "lumia.model";
const POLL_MS = 15_000;

export interface OllamaStatus {
  health: HealthResponse | null;
  models: ModelInfo[];
  /** Every installed model, embedding models too (the models tab manages them all). */
  allModels: ModelInfo[];
  defaultModel: string | null;
  /** The model the user picked, or the server's default. */
  model: string | null;
  /** The chosen model is not among the installed ones (only known once the list loaded). */
  modelMissing: boolean;
  /** The list of installed models has loaded at least once. */
  modelsLoaded: boolean;
  /** The installed model of that name (`llama3.2` is `llama3.2:latest`), if any. */
  installed(name: string | null): string | undefined;
  setModel(name: string): void;
  refresh(): Promise<void>;
}

/** Embedding models cannot answer a chat; models whose capabilities Ollama does not report may. */
const canChat = (model: ModelInfo) =>
  !model.capabilities?.length || model.capabilities.includes("completion");

/** Health and models, polled while the page is open and refreshed on demand (after each answer). */
export function useOllamaStatus(): OllamaStatus {
  const [health, setHealth] = useState<HealthResponse | null>(null);
  const [allModels, setAllModels] = useState<ModelInfo[]>([]);
  const models = useMemo(() => allModels.filter(canChat), [allModels]);
  const [modelsLoaded, setModelsLoaded] = useState(false);
  const [defaultModel, setDefaultModel] = useState<string | null>(null);
  const [picked, setPicked] = useState<string | null>(null);

  const refresh = useCallback(async () => {
    const [healthResult, modelsResult] = await Promise.allSettled([api.health(), api.models()]);
    if (healthResult.status === "fulfilled") setHealth(healthResult.value);
    else setHealth({ ok: false, ollama: { reachable: false, host: "", error: String(healthResult.reason) } });
    if (modelsResult.status === "fulfilled") {
      setAllModels(modelsResult.value.models);
      setDefaultModel(modelsResult.value.defaultModel);
      setModelsLoaded(true);
    }
  }, []);

  useEffect(() => {
    setPicked(localStorage.getItem(MODEL_KEY));
    void refresh();
    const timer = setInterval(() => void refresh(), POLL_MS);
    return () => clearInterval(timer);
  }, [refresh]);

  const setModel = useCallback((name: string) => {
    localStorage.setItem(MODEL_KEY, name);
    setPicked(name);
  }, []);

  // A remembered pick that is no longer installed falls back to the default.
  const installed = useCallback(
    (name: string | null) => (name ? models.find((m) => sameModel(m.name, name))?.name : undefined),
    [models],
  );
  const model = installed(picked) ?? installed(defaultModel) ?? defaultModel;
  const reachable = health?.ollama.reachable ?? true;
  const modelMissing =
    reachable && modelsLoaded && model !== null && !models.some((m) => sameModel(m.name, model));
  return {
    health,
    models,
    allModels,
    defaultModel,
    model,
    modelMissing,
    modelsLoaded,
    installed,
    setModel,
    refresh,
  };
}
