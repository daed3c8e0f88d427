import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AppServer, startApp } from "../helpers/app-server";
import { type EmulatorProcess, spawnEmulator } from "../helpers/emulator-process";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";

let emulator: EmulatorProcess;
let database: TestDatabase;
// A restart is the same instance again (on another port here): it takes its last run's answers as its own.
const SAME_INSTANCE = { LUMIA_INSTANCE_ID: "restart-test" };

beforeAll(async () => {
  emulator = await spawnEmulator({
    config: { tokenIntervalMs: 50, firstTokenDelayMs: 50, replyTokens: 100 },
  });
  database = await createTestDatabase();
});

afterAll(async () => {
  await emulator?.stop();
  await database?.cleanup();
});

/** Starts a thread chat and resolves with the raw SSE text once `until` holds; the request stays open. */
function openStream({
  app,
  threadId,
  until,
}: {
  app: AppServer;
  threadId: string;
  until: (text: string) => boolean;
}) {
  return new Promise<string>((resolve, reject) => {
    const request = http.request(`${app.url}/threads/${threadId}/chat/stream`, {
      method: "POST",
      headers: { "content-type": "application/json" },
    });
    let text = "";
    request.on("response", (response) => {
      response.on("data", (data: Buffer) => {
        text += data.toString();
        if (until(text)) resolve(text);
      });
    });
    request.on("error", () => {});
    request.end(JSON.stringify({ message: "Tell me everything" }));
    setTimeout(() => reject(new Error(`stream did not get there: ${text}`)), 10_000);
  });
}

// Each test starts Lumia twice; on two cores busy with the rest of the suite one start takes 10–12 s.
describe("persistence across restarts", { timeout: 60_000 }, () => {
  it("commits the question before the answer's first byte, and repairs answers a crash left streaming", async () => {
    const first = await startApp({ ollamaHost: emulator.url, databaseUrl: database.url, env: SAME_INSTANCE });
    const thread = await (
      await fetch(`${first.url}/api/threads`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: "{}",
      })
    ).json();
    await emulator.configure({ firstTokenDelayMs: 3_000 });
    await openStream({ app: first, threadId: thread.id, until: (text) => text.includes("event: start") });
    const during = await (await fetch(`${first.url}/api/threads/${thread.id}`)).json();
    expect(during.messages.map((m: { role: string; status: string }) => [m.role, m.status])).toEqual([
      ["user", "complete"],
      ["assistant", "streaming"],
    ]);

    await first.kill();
    const second = await startApp({
      ollamaHost: emulator.url,
      databaseUrl: database.url,
      env: SAME_INSTANCE,
    });
    try {
      expect(second.logs()).toMatch(/Marked 1 answer\(s\) left streaming by the last run as interrupted/);
      const after = await (await fetch(`${second.url}/api/threads/${thread.id}`)).json();
      expect(after.messages[0]).toMatchObject({
        role: "user",
        content: "Tell me everything",
        status: "complete",
      });
      expect(after.messages[1]).toMatchObject({ role: "assistant", status: "interrupted" });
    } finally {
      await second.stop();
    }
  });

  it("keeps threads, messages and memories when the server restarts", async () => {
    await emulator.configure({ firstTokenDelayMs: 10, tokenIntervalMs: 5, replyTokens: 5 });
    const first = await startApp({ ollamaHost: emulator.url, databaseUrl: database.url, env: SAME_INSTANCE });
    const thread = await (
      await fetch(`${first.url}/api/threads`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: '{"title":"Kept"}',
      })
    ).json();
    await (
      await fetch(`${first.url}/threads/${thread.id}/chat/stream`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: '{"message":"Hello"}',
      })
    ).text();
    await fetch(`${first.url}/api/memory`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: '{"content":"Survives restarts"}',
    });
    await first.stop();

    const second = await startApp({
      ollamaHost: emulator.url,
      databaseUrl: database.url,
      env: SAME_INSTANCE,
    });
    try {
      const kept = await (await fetch(`${second.url}/api/threads/${thread.id}`)).json();
      expect(kept.title).toBe("Kept");
      expect(kept.messages.map((m: { status: string }) => m.status)).toEqual(["complete", "complete"]);
      const { memories } = await (await fetch(`${second.url}/api/memory`)).json();
      expect(memories.map((m: { content: string }) => m.content)).toContain("Survives restarts");
    } finally {
      await second.stop();
    }
  });
});
