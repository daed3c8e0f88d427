import path from "node:path";
import { defineConfig, type TestProjectInlineConfiguration } from "vitest/config";

/**
 * Files that measure time closely (arrival gaps, first text, how soon an abort reaches Ollama, what a
 * proxy buffers) or load both cores (the bench, the shutdown tests' four servers at once): they run
 * first, one file at a time, with nothing else on the machine.
 */
const ALONE = [
  "tests/integration/shutdown.test.ts",
  "tests/integration/streaming-timing.test.ts",
  "tests/integration/proxies.test.ts",
  "tests/integration/check-stream.test.ts",
  "tests/integration/endpoints.test.ts",
  "tests/integration/memory.test.ts",
  "tests/integration/abort.test.ts",
  "tests/integration/lost-abort-gc.test.ts",
  "tests/integration/ai-sdk-chat.test.ts",
  "tests/integration/openai-*.test.ts",
  "tests/stream-check/**/*.test.ts",
  "tests/bench/**/*.test.ts",
  "tests/ollama/**/*.test.ts",
  "tests/emulator/**/*.test.ts",
  "tests/stream/**/*.test.ts",
];

/**
 * The suite as two groups: the files in ALONE one at a time, then everything else two files at a time.
 * Most of the rest waits (a kill, a lock held for seconds, a grace period, a server starting), which
 * leaves a core free for a second file; their limits are loose enough for that (an abort reaching Ollama
 * within 100 ms, measured at 3–10 ms).
 */
export function suiteProjects({
  include,
  exclude = [],
}: {
  include: string[];
  exclude?: string[];
}): TestProjectInlineConfiguration[] {
  return [
    {
      extends: true,
      // One worker and groupOrder 0 would put the group last (vitest's default sequential group).
      test: {
        name: "alone",
        include: ALONE,
        exclude,
        fileParallelism: false,
        sequence: { groupOrder: 1 },
        // Run once by the root (tests/helpers/global-setup.ts), whose provided values every project sees.
        globalSetup: [],
      },
    },
    {
      extends: true,
      test: {
        name: "in pairs",
        include,
        exclude: [...exclude, ...ALONE],
        maxWorkers: 2,
        sequence: { groupOrder: 2 },
        globalSetup: [],
      },
    },
  ];
}

export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    environment: "node",
    // The build, and one migrated SQLite file copied for each test database (tests/helpers/global-setup.ts).
    globalSetup: ["tests/helpers/global-setup.ts"],
    testTimeout: 30_000,
    // tests/integration/lost-abort-gc.test.ts forces garbage collections.
    execArgv: ["--expose-gc"],
    hookTimeout: 240_000,
    projects: suiteProjects({
      include: ["tests/**/*.test.ts", "lib/**/*.test.ts", "emulator/**/*.test.ts", "components/**/*.test.ts"],
    }),
  },
});
