import { getEnv } from "@/lib/env";
import { ollamaUnreachable } from "@/lib/ollama/errors";
import { currentHostStates } from "@/lib/ollama/host-pool";
import { probeOllama } from "@/lib/ollama/models";

/** One host of OLLAMA_HOST as /api/health shows it. */
export interface HostHealth {
  url: string;
  reachable: boolean;
  version: string | null;
  /** The models in its memory now (`/api/ps`). */
  loaded: string[];
  /** Active answers this process runs there. */
  active: number;
  error?: string;
}

/** Ollama's side of /api/health (details for the person at this machine only: the route decides). */
export interface OllamaHealth {
  /** Some host answers. */
  reachable: boolean;
  /** The first answering host's version. */
  version: string | null;
  /** OLLAMA_HOST as Lumia reads it (the hosts comma-separated, when several). */
  host: string;
  error?: string;
  /** Every host, when there are several. */
  hosts?: HostHealth[];
}

/**
 * Asks every host now. With one host, its version alone, as before there were several; with several,
 * each host's version and loaded models too.
 */
export async function ollamaHealth(): Promise<OllamaHealth> {
  const { ollamaHosts, ollamaHost } = getEnv();
  if (ollamaHosts.length === 1) {
    const probe = await probeOllama();
    return { reachable: probe.reachable, version: probe.version, host: ollamaHost, ...errorOf(probe) };
  }
  const states = await currentHostStates({ maxAgeMs: 0, fresh: true });
  const hosts = states.map((state) => ({
    url: state.url,
    reachable: state.reachable === true,
    version: state.version,
    loaded: state.loaded.map((m) => m.name),
    active: state.active,
    ...errorOf(state),
  }));
  const reachable = hosts.some((h) => h.reachable);
  return {
    reachable,
    version: hosts.find((h) => h.reachable)?.version ?? null,
    host: ollamaHosts.join(", "),
    ...(reachable ? {} : { error: ollamaUnreachable().message }),
    hosts,
  };
}

function errorOf({ error }: { error?: string | undefined }): { error?: string } {
  return error ? { error } : {};
}
