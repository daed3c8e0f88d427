import type { ModelResponse } from "ollama";
import { getEnv } from "@/lib/env";
import { createOllamaClient } from "@/lib/ollama/client";
import { modelNotFound, ollamaUnreachable, toOllamaError } from "@/lib/ollama/errors";

/** An installed model as Lumia shows it. */
export interface InstalledModel {
  name: string;
  size: number;
  family: string;
  parameterSize: string;
  quantization: string;
  modifiedAt: string;
  digest: string;
}

/** A model Ollama holds in memory now. */
export interface LoadedModel {
  name: string;
  size: number;
  sizeVram: number;
  expiresAt: string;
  contextLength: number | null;
}

/** How long a list of installed models is trusted before asking Ollama again. */
const TAGS_TTL_MS = 10_000;
/** A miss younger than this is not worth a second request (a model pulled a moment ago is). */
const MISS_REFRESH_AFTER_MS = 500;

let cache: { at: number; models: InstalledModel[] } | undefined;
let inflight: Promise<InstalledModel[]> | undefined;

/** `llama3.2` and `llama3.2:latest` name the same model, as in Ollama itself. */
export function canonicalModelName(name: string): string {
  const trimmed = name.trim();
  const lastSegment = trimmed.slice(trimmed.lastIndexOf("/") + 1);
  return lastSegment.includes(":") ? trimmed : `${trimmed}:latest`;
}

function toInstalled(model: ModelResponse): InstalledModel {
  return {
    name: model.name,
    size: model.size,
    family: model.details?.family ?? "",
    parameterSize: model.details?.parameter_size ?? "",
    quantization: model.details?.quantization_level ?? "",
    modifiedAt: new Date(model.modified_at).toISOString(),
    digest: model.digest,
  };
}

async function fetchInstalled(): Promise<InstalledModel[]> {
  try {
    const { models } = await createOllamaClient({ signal: AbortSignal.timeout(5_000) }).list();
    const installed = models.map(toInstalled);
    cache = { at: Date.now(), models: installed };
    return installed;
  } catch (error) {
    cache = undefined;
    const lumiaError = toOllamaError({ error });
    throw lumiaError.code === "ollama_error" ? ollamaUnreachable(error) : lumiaError;
  }
}

/**
 * Installed models from Ollama's `/api/tags`, cached for a few seconds: checking the model before every
 * stream must cost almost nothing. Concurrent callers share one request.
 */
export async function listInstalledModels({ maxAgeMs = TAGS_TTL_MS }: { maxAgeMs?: number } = {}) {
  if (cache && Date.now() - cache.at <= maxAgeMs) return cache.models;
  inflight ??= fetchInstalled().finally(() => {
    inflight = undefined;
  });
  return inflight;
}

/**
 * Throws `model_not_found` (404) or `ollama_unreachable` (503) before a stream starts, so the client gets
 * a JSON error with the fix instead of a stream that fails at once.
 */
export async function ensureModelInstalled({ model }: { model: string }): Promise<void> {
  const wanted = canonicalModelName(model);
  const has = (models: InstalledModel[]) => models.some((m) => canonicalModelName(m.name) === wanted);
  if (has(await listInstalledModels())) return;
  if (cache && Date.now() - cache.at > MISS_REFRESH_AFTER_MS) {
    if (has(await listInstalledModels({ maxAgeMs: 0 }))) return;
  }
  throw modelNotFound(model);
}

/** The model to use: the requested one or `LUMIA_MODEL`, checked to be installed (see ensureModelInstalled). */
export async function resolveModel({ requested }: { requested?: string }): Promise<string> {
  const model = requested ?? getEnv().LUMIA_MODEL;
  await ensureModelInstalled({ model });
  return model;
}

// A digest names one exact model file: what it can do never changes, so it is asked once.
const capabilitiesByDigest = new Map<string, string[]>();

/**
 * What a model can do, from Ollama's `/api/show` (`completion`, `embedding`, `vision`, `tools`, …);
 * empty when Ollama does not say (older versions).
 */
export async function modelCapabilities({
  name,
  digest,
}: {
  name: string;
  digest: string;
}): Promise<string[]> {
  const known = capabilitiesByDigest.get(digest);
  if (known) return known;
  try {
    const shown = await createOllamaClient({ signal: AbortSignal.timeout(5_000) }).show({ model: name });
    const capabilities = (shown as { capabilities?: string[] }).capabilities ?? [];
    capabilitiesByDigest.set(digest, capabilities);
    return capabilities;
  } catch {
    return [];
  }
}

/** Models loaded in memory now, from `/api/ps`. */
export async function listLoadedModels(): Promise<LoadedModel[]> {
  try {
    const { models } = await createOllamaClient({ signal: AbortSignal.timeout(5_000) }).ps();
    return models.map((m) => ({
      name: m.name,
      size: m.size,
      sizeVram: m.size_vram,
      expiresAt: new Date(m.expires_at).toISOString(),
      contextLength: (m as { context_length?: number }).context_length ?? null,
    }));
  } catch (error) {
    throw toOllamaError({ error });
  }
}

/** Ollama's version, or the reason it could not be reached. */
export async function probeOllama(): Promise<{ reachable: boolean; version: string | null; error?: string }> {
  try {
    const { version } = await createOllamaClient({ signal: AbortSignal.timeout(3_000) }).version();
    return { reachable: true, version };
  } catch (error) {
    return { reachable: false, version: null, error: ollamaUnreachable(error).message };
  }
}
