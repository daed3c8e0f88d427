import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EmulatorProcess, spawnEmulator } from "../helpers/emulator-process";

let emulator: EmulatorProcess;
beforeAll(async () => {
  emulator = await spawnEmulator({ config: { tokenIntervalMs: 2, firstTokenDelayMs: 5, replyTokens: 4 } });
});
afterAll(() => emulator?.stop());

describe("the emulator as a separate process", () => {
  it("starts on a free port with its startup config and is controlled over HTTP", async () => {
    expect(emulator.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const chat = async () => {
      const res = await fetch(`${emulator.url}/api/chat`, {
        method: "POST",
        body: JSON.stringify({ model: "llama3.2", messages: [{ role: "user", content: "Hi" }] }),
      });
      return (await res.text()).trim().split("\n");
    };
    expect(await chat()).toHaveLength(5);

    await emulator.configure({ replyTokens: 1 });
    expect(await chat()).toHaveLength(2);
    const stats = await emulator.stats();
    expect(stats).toMatchObject({ generationsStarted: 2, generationsCompleted: 2, active: 0 });
    expect(stats.requests.map((r) => r.path)).toEqual(["/api/chat", "/api/chat"]);

    await emulator.reset();
    expect(await chat()).toHaveLength(5);
    expect((await emulator.stats()).generationsStarted).toBe(1);
  });

  it("rejects a bad config with an error", async () => {
    await expect(emulator.configure({ tokenIntervalMs: -1 })).rejects.toThrow(/400/);
  });

  it("stops on SIGTERM", async () => {
    const other = await spawnEmulator();
    expect((await fetch(other.url)).status).toBe(200);
    await other.stop();
    await expect(fetch(other.url)).rejects.toThrow();
  });
});
