import { execFile } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AppServer, ROOT, startApp } from "../helpers/app-server";
import { type EmulatorProcess, spawnEmulator } from "../helpers/emulator-process";
import { freePort } from "../helpers/free-port";
import { type RunningNginx, startNginx } from "../helpers/nginx";
import type { RunningProxy } from "../helpers/proxy-process";
import { proxyInstalled, startProxy } from "../helpers/reverse-proxies/start-proxy";

let emulator: EmulatorProcess;
let app: AppServer;
let hostile: RunningNginx;
let ignoresHeader: RunningNginx;
let naiveHaproxy: RunningProxy | undefined;

beforeAll(async () => {
  emulator = await spawnEmulator({
    config: { tokenIntervalMs: 40, firstTokenDelayMs: 100, replyTokens: 25 },
  });
  app = await startApp({ ollamaHost: emulator.url });
  hostile = await startNginx({ upstream: app.url, mode: "hostile" });
  ignoresHeader = await startNginx({ upstream: app.url, mode: "ignore-accel" });
  if (proxyInstalled({ proxy: "haproxy" })) {
    naiveHaproxy = await startProxy({ proxy: "haproxy", variant: "naive", upstream: app.url });
  } else {
    console.warn(
      "⚠️  HAProxy is not installed (apt-get install haproxy, or .ci/run): its CLI check is SKIPPED",
    );
  }
});

afterAll(async () => {
  await Promise.all([hostile?.stop(), ignoresHeader?.stop(), naiveHaproxy?.stop()]);
  await app?.stop();
  await emulator?.stop();
});

function runCli(args: string[]): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["--import", "tsx", path.join(ROOT, "scripts", "check-stream.ts"), ...args],
      { cwd: ROOT },
      (error, stdout) => resolve({ code: error ? ((error as { code?: number }).code ?? 2) : 0, stdout }),
    );
  });
}

describe("npm run check-stream", () => {
  it("says real time straight against the app, with the seed's lines", async () => {
    const { code, stdout } = await runCli([app.url]);
    console.log(stdout);
    expect(code).toBe(0);
    expect(stdout).toMatch(/⚡ First chunk received after: \d\.\d{3}s/);
    expect(stdout).toMatch(/📊 Average time between chunks: 0\.0[3-5]\ds/);
    expect(stdout).toMatch(/📊 Total chunks: 25/);
    expect(stdout).toMatch(/📊 Largest gap between chunks: /);
    expect(stdout).toMatch(/📡 Network reads carrying chunks: 2[3-5] of/);
    expect(stdout).toContain("Verdict: real time");
  });

  it("says real time through the hostile nginx that honours X-Accel-Buffering", async () => {
    const { code, stdout } = await runCli([hostile.url, "--endpoint", "/memory/chat/fast"]);
    console.log(stdout);
    expect(code).toBe(0);
    expect(stdout).toContain("Verdict: real time");
  });

  it("says buffered for gzip only, with exit code 1, through nginx that ignores X-Accel-Buffering, and shows nginx's fix", async () => {
    const { code, stdout } = await runCli([ignoresHeader.url]);
    console.log(stdout);
    expect(code).toBe(1);
    expect(stdout).toContain("Verdict: buffered");
    expect(stdout).toMatch(/📡 Network reads carrying chunks: [1-3] of/);
    expect(stdout).toMatch(/🧭 Proxy: nginx — Server: nginx\/[\d.]+/);
    expect(stdout).toContain("🔧 Fix for nginx:");
    expect(stdout).toContain("proxy_ignore_headers");
    expect(stdout).toMatch(/🧾 Verdicts: identity real time · gzip buffered$/m);
  });

  it("with --encoding identity asks without gzip, and that client gets real time from the same nginx", async () => {
    const { code, stdout } = await runCli([ignoresHeader.url, "--encoding", "identity"]);
    expect(code).toBe(0);
    expect(stdout).toContain("Accept-Encoding: identity (HTTP 200, identity)");
    expect(stdout).not.toContain("Accept-Encoding: gzip");
    expect(stdout).toMatch(/🧾 Verdicts: identity real time$/m);
  });

  it.skipIf(!proxyInstalled({ proxy: "haproxy" }))(
    "names HAProxy, which sends no Server header, from its batches and lower-case headers, and shows its fix in Swedish",
    async () => {
      const { code, stdout } = await runCli([naiveHaproxy?.url ?? "", "--lang", "sv"]);
      console.log(stdout);
      expect(code).toBe(1);
      expect(stdout).toContain("⚠️ Bedömning: buffrad");
      expect(stdout).toMatch(/🧭 Proxy: HAProxy \(troligen\) — ingen Server- eller Via-rubrik/);
      expect(stdout).toContain("🔧 Åtgärd för HAProxy:");
      expect(stdout).toContain("option http-no-delay");
      expect(stdout).not.toContain("proxy_ignore_headers");
    },
  );

  it("checks the synthetic stream by GET and prints JSON on request", async () => {
    const { code, stdout } = await runCli([
      app.url,
      "--endpoint",
      "/memory/test/stream?chunks=10&interval_ms=30",
      "--json",
    ]);
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    const check = { status: 200, exitCode: 0, analysis: { totalChunks: 10, verdict: "real-time" } };
    expect(report).toMatchObject({
      exitCode: 0,
      checks: [
        { ...check, encoding: "identity" },
        { ...check, encoding: "gzip" },
      ],
    });
  });

  it("exits 2 when the stream fails or nothing is listening", async () => {
    const failing = await runCli([
      app.url,
      "--message",
      'Go [[emu {"fault":"error-mid","faultAfterTokens":2}]]',
    ]);
    expect(failing.code).toBe(2);
    expect(failing.stdout).toContain("event: error");
    const nobody = await runCli([`http://127.0.0.1:${await freePort()}`]);
    expect(nobody.code).toBe(2);
    expect(nobody.stdout).toContain("❌ Error");
  });
});
