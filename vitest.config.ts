import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    include: ["tests/**/*.test.ts", "lib/**/*.test.ts", "emulator/**/*.test.ts", "components/**/*.test.ts"],
    environment: "node",
    // One migrated SQLite file for the run, copied for each test database (tests/helpers/test-database.ts).
    globalSetup: ["tests/helpers/sqlite-template.ts"],
    testTimeout: 30_000,
    // tests/integration/lost-abort-gc.test.ts forces garbage collections.
    execArgv: ["--expose-gc"],
    hookTimeout: 240_000,
    // Timing tests measure real arrival gaps: run files one after another so they do not share the 2 cores.
    fileParallelism: false,
  },
});
