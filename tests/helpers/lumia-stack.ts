import { afterAll, beforeAll } from "vitest";
import type { EmulatorConfigPatch } from "../../emulator/config";
import { type AppServer, startApp } from "./app-server";
import { type EmulatorProcess, spawnEmulator } from "./emulator-process";

export interface LumiaStack {
  emulator: EmulatorProcess;
  app: AppServer;
}

/**
 * For a test file: an emulator in its own process and Lumia's production server against it, started
 * before the file's tests and stopped after them. `ready` hands both over once they run.
 */
export function withLumiaStack({
  emulator: config,
  env,
  ready,
}: {
  emulator: EmulatorConfigPatch;
  env?: Record<string, string>;
  ready: (stack: LumiaStack) => void;
}): void {
  let stack: Partial<LumiaStack> = {};
  beforeAll(async () => {
    stack.emulator = await spawnEmulator({ config });
    stack.app = await startApp({ ollamaHost: stack.emulator.url, ...(env ? { env } : {}) });
    ready(stack as LumiaStack);
  });
  afterAll(async () => {
    await stack.app?.stop();
    await stack.emulator?.stop();
    stack = {};
  });
}
