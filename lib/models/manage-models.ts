import "server-only";
import { createOllamaClient } from "@/lib/ollama/client";
import { toOllamaError } from "@/lib/ollama/errors";
import { listInstalledModels } from "@/lib/ollama/models";

/** Uninstalls a model (Ollama's DELETE /api/delete). A model Ollama does not have is `model_not_found`. */
export async function deleteModel({ model }: { model: string }): Promise<void> {
  try {
    await createOllamaClient().delete({ model });
  } catch (error) {
    throw toOllamaError({ error, model });
  }
  await listInstalledModels({ maxAgeMs: 0 }).catch(() => {});
}

/** Frees a model's memory now: an empty generate with `keep_alive: 0`, as `ollama stop` does. */
export async function unloadModel({ model }: { model: string }): Promise<void> {
  try {
    await createOllamaClient().generate({ model, prompt: "", keep_alive: 0, stream: false });
  } catch (error) {
    throw toOllamaError({ error, model });
  }
}
