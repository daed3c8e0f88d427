interface Entry {
  /** performance.now() when the model finishes loading. */
  readyAt: number;
  /** Epoch ms when an idle model unloads (Infinity for keep_alive < 0). */
  expiresAt: number;
  inUse: number;
}

/** A model in memory, as `/api/ps` lists it. */
export interface LoadedModel {
  name: string;
  expiresAt: number;
}

/** Which models are in memory: the first use of a cold model pays the load time, like Ollama's scheduler. */
export interface LoadedModels {
  /** Marks a model busy and returns how many ms this request waits for it to load (0 when warm). */
  use(args: { name: string; loadMs: number }): number;
  /** Marks a request done; the model stays loaded for `keepAliveMs` more. */
  release(args: { name: string; keepAliveMs: number }): void;
  list(): LoadedModel[];
  /** Drops a model from memory at once (it was deleted). */
  forget(args: { name: string }): void;
  clear(): void;
}

/** Creates the in-memory model table. */
export function createLoadedModels(): LoadedModels {
  const entries = new Map<string, Entry>();
  const isExpired = (entry: Entry) => entry.inUse === 0 && Date.now() >= entry.expiresAt;

  return {
    use({ name, loadMs }) {
      const now = performance.now();
      let entry = entries.get(name);
      if (!entry || isExpired(entry)) {
        entry = { readyAt: now + loadMs, expiresAt: Number.POSITIVE_INFINITY, inUse: 0 };
        entries.set(name, entry);
      }
      entry.inUse++;
      // Requests that arrive during a load wait for that same load to finish.
      return Math.max(0, entry.readyAt - now);
    },
    release({ name, keepAliveMs }) {
      const entry = entries.get(name);
      if (!entry) return;
      entry.inUse = Math.max(0, entry.inUse - 1);
      entry.expiresAt = Date.now() + keepAliveMs;
      if (entry.inUse === 0 && keepAliveMs <= 0) entries.delete(name);
    },
    list() {
      const loaded: LoadedModel[] = [];
      for (const [name, entry] of entries) {
        if (isExpired(entry)) entries.delete(name);
        else loaded.push({ name, expiresAt: entry.expiresAt });
      }
      return loaded;
    },
    forget({ name }) {
      entries.delete(name);
    },
    clear() {
      entries.clear();
    },
  };
}
