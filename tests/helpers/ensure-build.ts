import { spawnSync } from "node:child_process";
import path from "node:path";
import { buildIsStale } from "../../server/build-check";

/** Integration tests run the production build: build it if it is missing or older than the sources. */
export function ensureBuild(): void {
  const dir = path.resolve(import.meta.dirname, "..", "..");
  if (!buildIsStale({ dir })) return;
  const result = spawnSync(path.join(dir, "node_modules", ".bin", "next"), ["build"], {
    cwd: dir,
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production" },
  });
  if (result.status !== 0) throw new Error("next build failed");
}
