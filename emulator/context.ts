import type { EmulatorConfig } from "./config";
import { createLoadedModels, type LoadedModels } from "./loaded-models";
import { createStats, type StatsRecorder } from "./stats";

/** The state every handler shares: the live config, the startup config reset returns to, stats, models in memory. */
export interface EmulatorContext {
  config: EmulatorConfig;
  readonly startupConfig: EmulatorConfig;
  readonly stats: StatsRecorder;
  readonly loaded: LoadedModels;
}

/** Creates the shared state, starting from `config`. */
export function createContext({ config }: { config: EmulatorConfig }): EmulatorContext {
  return { config, startupConfig: config, stats: createStats(), loaded: createLoadedModels() };
}

/** Back to the startup config, with stats and loaded models cleared. */
export function resetContext({ ctx }: { ctx: EmulatorContext }): void {
  ctx.config = ctx.startupConfig;
  ctx.stats.clear();
  ctx.loaded.clear();
}
