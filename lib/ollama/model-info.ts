import type { ModelResponse } from "ollama";

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

/** `llama3.2` and `llama3.2:latest` name the same model, as in Ollama itself. */
export function canonicalModelName(name: string): string {
  const trimmed = name.trim();
  const lastSegment = trimmed.slice(trimmed.lastIndexOf("/") + 1);
  return lastSegment.includes(":") ? trimmed : `${trimmed}:latest`;
}

/** An `/api/tags` entry as Lumia shows it. */
export function toInstalled(model: ModelResponse): InstalledModel {
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

/** An `/api/ps` entry as Lumia shows it. */
export function toLoaded(model: ModelResponse): LoadedModel {
  return {
    name: model.name,
    size: model.size,
    sizeVram: model.size_vram,
    expiresAt: new Date(model.expires_at).toISOString(),
    contextLength: (model as { context_length?: number }).context_length ?? null,
  };
}
