import { execFile } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AppServer, ROOT, startApp } from "../helpers/app-server";
import { type EmulatorProcess, spawnEmulator } from "../helpers/emulator-process";
import { freePort } from "../helpers/free-port";
import { type RunningNginx, startNginx } from "../helpers/nginx";

let emulator: EmulatorProcess;
let app: AppServer;
let hostile: RunningNginx;
let ignoresHeader: RunningNginx;

beforeAll(async () => {
  emulator = await spawnEmulator({
    config: { tokenIntervalMs: 40, firstTokenDelayMs: 100, replyTokens: 25 },
  });
  app = await startApp({ ollamaHost: emulator.url });
  hostile = await startNginx({ upstream: app.url, mode: "hostile" });
  ignoresHeader = await startNginx({ upstream: app.url, mode: "ignore-accel" });
});

afterAll(async () => {
  await Promise.all([hostile?.stop(), ignoresHeader?.stop()]);
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

  it("says buffered, with exit code 1, through nginx that ignores X-Accel-Buffering", async () => {
    const { code, stdout } = await runCli([ignoresHeader.url]);
    console.log(stdout);
    expect(code).toBe(1);
    expect(stdout).toContain("Verdict: buffered");
    expect(stdout).toMatch(/📡 Network reads carrying chunks: [1-3] of/);
  });

  it("checks the synthetic stream by GET and prints JSON on request", async () => {
    const { code, stdout } = await runCli([
      app.url,
      "--endpoint",
      "/memory/test/stream?chunks=10&interval_ms=30",
      "--json",
    ]);
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({
      status: 200,
      exitCode: 0,
      analysis: { totalChunks: 10, verdict: "real-time" },
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
