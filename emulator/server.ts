import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { defaultConfig, type EmulatorConfig, type EmulatorConfigPatch, mergeConfig } from "./config";
import { createContext, resetContext } from "./context";
import { route } from "./routes";
import type { EmulatorStats } from "./stats";

/** A running emulator. */
export interface Emulator {
  /** Base URL, e.g. `http://127.0.0.1:41234`: use it as OLLAMA_HOST. */
  url: string;
  port: number;
  /** Stops listening and drops every open connection (streams in flight count as abandoned). */
  close(): Promise<void>;
  /** Merges a partial config (validated; throws on unknown keys) and returns the result. */
  configure(patch: EmulatorConfigPatch): EmulatorConfig;
  /** Back to the config it started with; stats and loaded models cleared. */
  reset(): void;
  stats(): EmulatorStats;
}

/**
 * Starts an HTTP server that speaks Ollama's API with a controllable pace and injectable faults.
 * `port: 0` (the default) picks a free port; `config` is merged over the defaults and is what `reset()`
 * returns to.
 */
export async function startEmulator({
  port = 0,
  host = "127.0.0.1",
  config,
}: {
  port?: number;
  host?: string;
  config?: EmulatorConfigPatch;
} = {}): Promise<Emulator> {
  const ctx = createContext({ config: mergeConfig({ base: defaultConfig, patch: config }) });
  // No Nagle delay: a token line must leave as soon as it is written.
  const server = createServer({ noDelay: true }, (req, res) => route({ req, res, ctx }));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    // Benchmarks open 1,000 streams at once: a deep accept queue.
    server.listen({ port, host, backlog: 4096 }, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const actualPort = (server.address() as AddressInfo).port;
  const urlHost = host.includes(":") ? `[${host}]` : host;

  return {
    url: `http://${urlHost}:${actualPort}`,
    port: actualPort,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
    configure: (patch) => {
      ctx.config = mergeConfig({ base: ctx.config, patch });
      return ctx.config;
    },
    reset: () => resetContext({ ctx }),
    stats: () => ctx.stats.snapshot(),
  };
}
