import path from "node:path";
import { defineConfig, type TestProjectInlineConfiguration } from "vitest/config";

/**
 * Files that measure time closely (arrival gaps, first text, how soon an abort reaches Ollama, what a
 * proxy buffers) or load both cores (the bench): they run first, one file at a time, with nothing else on
 * the machine.
 */
const TIMING = [
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
 * The suite as two groups: the timing files alone and one at a time, then everything else two files at
 * a time. Most of the rest waits (a drain, a kill, a lock held for seconds, a grace period, a server
 * starting), which leaves a core free for a second file; their limits are loose enough for that (an abort
 * reaching Ollama within 100 ms, measured at 5–10 ms).
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
      test: { name: "timing", include: TIMING, exclude, fileParallelism: false, sequence: { groupOrder: 0 } },
    },
    {
      extends: true,
      test: {
        name: "in pairs",
        include,
        exclude: [...exclude, ...TIMING],
        maxWorkers: 2,
        sequence: { groupOrder: 1 },
      },
    },
  ];
}

export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    environment: "node",
    // One migrated SQLite file for the run, copied for each test database (tests/helpers/test-database.ts).
    globalSetup: ["tests/helpers/sqlite-template.ts"],
    testTimeout: 30_000,
    // tests/integration/lost-abort-gc.test.ts forces garbage collections.
    execArgv: ["--expose-gc"],
    hookTimeout: 240_000,
    projects: suiteProjects({
      include: ["tests/**/*.test.ts", "lib/**/*.test.ts", "emulator/**/*.test.ts", "components/**/*.test.ts"],
    }),
  },
});
