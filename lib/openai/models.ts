import { modelNotFound } from "@/lib/ollama/errors";
import { canonicalModelName, type InstalledModel, listInstalledModels } from "@/lib/ollama/models";

/** A model as OpenAI's API describes one. */
export interface OpenAiModel {
  id: string;
  object: "model";
  created: number;
  owned_by: string;
}

/** An installed Ollama model as OpenAI's model object; the owner is its namespace, as Ollama's own layer says. */
export function openAiModel({ model }: { model: InstalledModel }): OpenAiModel {
  const path = model.name.split("/");
  return {
    id: model.name,
    object: "model",
    created: Math.floor(Date.parse(model.modifiedAt) / 1000),
    owned_by: path.length > 1 ? (path.at(-2) ?? "library") : "library",
  };
}

/** One installed model by id (`llama3.2` finds `llama3.2:latest`), or `model_not_found`. */
export async function findOpenAiModel({ id }: { id: string }): Promise<OpenAiModel> {
  const wanted = canonicalModelName(id);
  const models = await listInstalledModels({ maxAgeMs: 0 });
  const model = models.find((m) => canonicalModelName(m.name) === wanted);
  if (!model) throw modelNotFound(id);
  return openAiModel({ model });
}
