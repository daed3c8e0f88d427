import { defineConfig } from "vitest/config";
import base, { suiteProjects } from "./vitest.config";

/*
 * The PostgreSQL pass (`npm test` runs it after the SQLite one): every test that stores something, with
 * each app and test database on PostgreSQL (tests/helpers/postgres.ts). Left out: what only exists on
 * SQLite (the prepared-statement path, the WAL checkpointer) and what never touches a database.
 */
export default defineConfig({
  ...base,
  test: {
    ...base.test,
    env: { LUMIA_TEST_DATABASE: "postgres" },
    projects: suiteProjects({
      include: ["tests/db/**/*.test.ts", "tests/integration/**/*.test.ts"],
      exclude: [
        "tests/db/direct-exchange.test.ts",
        "tests/db/wal-checkpointer.test.ts",
        "tests/db/sqlite-file.test.ts",
        "tests/db/sqlite-migrations.test.ts",
        "tests/db/postgres-schema.test.ts",
        // Several processes writing one SQLite file (each reads the file directly to check).
        "tests/integration/workers.test.ts",
        // No database in these: the proxies, the stream checker and OpenAI's wire formats are the same.
        "tests/integration/proxies.test.ts",
        // PostgreSQL and Redis always: it runs once, in the first pass.
        "tests/integration/multi-instance.test.ts",
        "tests/integration/check-stream.test.ts",
        "tests/integration/openai-*.test.ts",
        "tests/integration/ai-sdk-openai*.test.ts",
        // Outside this pass's files: the timing group's list reaches beyond tests/db and tests/integration.
        "tests/stream-check/**",
        "tests/bench/**",
        "tests/ollama/**",
        "tests/emulator/**",
        "tests/stream/**",
      ],
    }),
  },
});
