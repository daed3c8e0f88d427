import "server-only";
import { getEnv } from "@/lib/env";
import { LumiaError } from "@/lib/errors";
import { createOllamaClient } from "@/lib/ollama/client";
import { toOllamaError } from "@/lib/ollama/errors";
import { currentHostStates, hasModel, probeHost } from "@/lib/ollama/host-pool";
import { listInstalledModels } from "@/lib/ollama/models";

/**
 * The Ollama hosts that have `model` installed, as seen now (with several hosts a model is deleted or
 * unloaded everywhere it is). With one host, that host: Ollama itself says whether it has the model.
 */
async function hostsHaving(model: string): Promise<readonly string[]> {
  const hosts = getEnv().ollamaHosts;
  if (hosts.length === 1) return hosts;
  const states = await currentHostStates({ fresh: true, maxAgeMs: 0 });
  const having = states.filter((state) => state.reachable !== false && hasModel({ state, model }));
  if (having.length === 0) {
    throw new LumiaError("model_not_found", `No Ollama host has the model '${model}'.`);
  }
  return having.map((state) => state.url);
}

/** Refreshes what Lumia knows of the hosts after a change, so the model list shows it at once. */
async function refreshHosts(): Promise<void> {
  await listInstalledModels({ maxAgeMs: 0 }).catch(() => {});
  if (getEnv().ollamaHosts.length > 1) {
    await Promise.all((await currentHostStates()).map((state) => probeHost(state).catch(() => {})));
  }
}

/** Uninstalls a model (Ollama's DELETE /api/delete) from every host that has it; unknown: `model_not_found`. */
export async function deleteModel({ model }: { model: string }): Promise<void> {
  try {
    for (const host of await hostsHaving(model)) await createOllamaClient({ host }).delete({ model });
  } catch (error) {
    throw error instanceof LumiaError ? error : toOllamaError({ error, model });
  } finally {
    await refreshHosts();
  }
}

/** Frees a model's memory now on every host: an empty generate with `keep_alive: 0`, as `ollama stop` does. */
export async function unloadModel({ model }: { model: string }): Promise<void> {
  try {
    await Promise.all(
      (await hostsHaving(model)).map((host) =>
        createOllamaClient({ host }).generate({ model, prompt: "", keep_alive: 0, stream: false }),
      ),
    );
  } catch (error) {
    throw error instanceof LumiaError ? error : toOllamaError({ error, model });
  } finally {
    await refreshHosts();
  }
}
