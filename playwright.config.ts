import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { defineConfig } from "@playwright/test";

/*
 * The browser suite runs the production build (`npm test` builds first) against the Ollama emulator,
 * on Debian's Chromium. The config is evaluated again in each worker: the database path is made once
 * in the runner and inherited through the environment.
 */
const EMULATOR_PORT = Number(process.env.LUMIA_E2E_EMULATOR_PORT ?? 11591);
const APP_PORT = Number(process.env.LUMIA_E2E_APP_PORT ?? 3191);
process.env.LUMIA_E2E_DATA ??= mkdtempSync(path.join(tmpdir(), "lumia-e2e-"));
const dataDir = process.env.LUMIA_E2E_DATA;
const emulatorUrl = `http://127.0.0.1:${EMULATOR_PORT}`;
process.env.LUMIA_E2E_EMULATOR_URL = emulatorUrl;

/*
 * Two more instances for the health tests: one whose Ollama is a closed port (nothing listens on the
 * discard port), one whose configured model is not installed. They are started here rather than with
 * tests/helpers/app-server.ts, whose ensureBuild() would rebuild .next under the running server whenever
 * a source file is newer than the build.
 */
export const E2E_APPS = {
  main: { port: APP_PORT, ollamaHost: emulatorUrl, env: {} },
  ollamaDown: { port: APP_PORT + 1, ollamaHost: "http://127.0.0.1:9", env: {} },
  modelMissing: {
    port: APP_PORT + 2,
    ollamaHost: emulatorUrl,
    env: { LUMIA_MODEL: "mistral-nonexistent:7b" },
  },
  // Accounts on: signing in through the UI, and every endpoint scoped to its user.
  accounts: { port: APP_PORT + 3, ollamaHost: emulatorUrl, env: { LUMIA_AUTH: "on" } },
  // Two Ollama hosts, the second a closed port: the health menu lists both, one of them down.
  twoHosts: { port: APP_PORT + 4, ollamaHost: `${emulatorUrl},http://127.0.0.1:9`, env: {} },
} as const;

function appServer(name: keyof typeof E2E_APPS) {
  const app = E2E_APPS[name];
  return {
    command: "node scripts/start.mjs",
    url: `http://127.0.0.1:${app.port}/api/health`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: name === "main" && process.env.LUMIA_E2E_SERVER_LOGS ? ("pipe" as const) : ("ignore" as const),
    stderr: "pipe" as const,
    env: {
      PORT: String(app.port),
      HOST: "127.0.0.1",
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      LUMIA_SKIP_BUILD: "1",
      OLLAMA_HOST: app.ollamaHost,
      DATABASE_URL: `file:${path.join(dataDir, `${name}.db`)}`,
      ...app.env,
    },
  };
}

export default defineConfig({
  testDir: "e2e",
  testMatch: "**/*.spec.ts",
  // Timing tests measure frames: one worker, so they don't compete for the 2 cores with each other.
  workers: 1,
  fullyParallel: false,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  retries: 0,
  reporter: [["list"], ["html", { open: "never", outputFolder: "playwright-report" }]],
  outputDir: "test-results",
  use: {
    baseURL: `http://127.0.0.1:${APP_PORT}`,
    headless: true,
    viewport: { width: 1280, height: 800 },
    // Tracing records screencast frames and DOM snapshots: it costs the frames the timing tests measure.
    trace: "off",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.PLAYWRIGHT_CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  projects: [
    { name: "chromium", testIgnore: "**/phone.spec.ts" },
    // A phone: 390x844 with touch, as the issue tried it (Chromium's mobile emulation).
    {
      name: "phone",
      testMatch: "**/phone.spec.ts",
      use: { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, deviceScaleFactor: 2 },
    },
  ],
  webServer: [
    {
      command: `node_modules/.bin/tsx emulator/cli.ts --port ${EMULATOR_PORT}`,
      url: `http://127.0.0.1:${EMULATOR_PORT}/`,
      reuseExistingServer: false,
      timeout: 30_000,
      stdout: "ignore",
      stderr: "pipe",
    },
    appServer("main"),
    appServer("ollamaDown"),
    appServer("modelMissing"),
    appServer("accounts"),
    appServer("twoHosts"),
  ],
});
