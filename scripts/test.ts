/**
 * `npm test`: every check, in the order that fails fastest: types, lint, the production build, unit and
 * integration tests (vitest, real servers, on SQLite), the same tests again on PostgreSQL
 * (LUMIA_TEST_POSTGRES_URL, default postgresql://postgres@127.0.0.1:5432/test), then the browser suite
 * (Playwright on Chromium).
 */
import { spawnSync } from "node:child_process";
import path from "node:path";

const dir = path.resolve(import.meta.dirname, "..");
const bin = (name: string) => path.join(dir, "node_modules", ".bin", name);
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };

const steps: [string, string, string[]][] = [
  ["typecheck", bin("tsc"), ["--noEmit"]],
  ["lint", bin("biome"), ["check", "."]],
  ["build", bin("next"), ["build"]],
  ["unit and integration tests", bin("vitest"), ["run"]],
  ["the same on PostgreSQL", bin("vitest"), ["run", "--config", "vitest.postgres.config.ts"]],
  ["browser tests", bin("playwright"), ["test"]],
];

for (const [name, command, args] of steps) {
  console.log(`\n▶ ${name}: ${path.basename(command)} ${args.join(" ")}`);
  const started = Date.now();
  const result = spawnSync(command, args, { cwd: dir, stdio: "inherit", env });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.status !== 0) {
    console.error(`\n✖ ${name} failed after ${seconds}s`);
    process.exit(result.status ?? 1);
  }
  console.log(`✔ ${name} (${seconds}s)`);
}
