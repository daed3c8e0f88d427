import { afterAll, beforeAll, describe, it } from "vitest";
import { startApp } from "../helpers/app-server";
import { holdWriteLock, type MessageRow, messageRows } from "../helpers/database-rows";
import { type EmulatorProcess, spawnEmulator } from "../helpers/emulator-process";
import { chunkCount, chunkTexts, readSse, type SseEvent } from "../helpers/sse-reader";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";
import { waitFor } from "../helpers/wait-for";

/*
 * What happens to answers when the server stops (SIGTERM, SIGKILL) or the database will not take a
 * write: each test starts its own server on its own database (SQLite, or PostgreSQL on that pass) and
 * reads it directly. Nothing is shared but the emulator, so the tests run at the same time: most of
 * their time is waiting (a drain, a kill after 3 s, a lock held for 8 s, the database's retries).
 */

let emulator: EmulatorProcess;
const databases: TestDatabase[] = [];

beforeAll(async () => {
  emulator = await spawnEmulator({
    config: { tokenIntervalMs: 50, firstTokenDelayMs: 100, replyTokens: 200 },
  });
});

afterAll(async () => {
  await emulator?.stop();
  for (const database of databases) await database.cleanup();
});

async function newDatabase(): Promise<string> {
  const database = await createTestDatabase();
  databases.push(database);
  return database.url;
}

// Each restart below is the same instance again (on another port here).
const SAME_INSTANCE = { LUMIA_INSTANCE_ID: "shutdown-test" };

const rows = (databaseUrl: string): Promise<MessageRow[]> => messageRows({ databaseUrl });

async function newThread(url: string): Promise<string> {
  const response = await fetch(`${url}/api/threads`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: "{}",
  });
  return ((await response.json()) as { id: string }).id;
}

const answerId = (events: SseEvent[]) => JSON.parse(events.find((e) => e.event === "start")?.data ?? "{}").id;

// Four servers start at once, each restarted once or twice: slower than alone on two cores.
describe.concurrent("an answer survives the server stopping", { timeout: 90_000 }, () => {
  it("SIGTERM drains: short answers finish, long ones end with server_shutdown and keep their text, exit 0", async ({
    expect,
  }) => {
    const databaseUrl = await newDatabase();
    const app = await startApp({
      ollamaHost: emulator.url,
      databaseUrl,
      env: { ...SAME_INSTANCE, LUMIA_SHUTDOWN_GRACE_MS: "1500" },
    });
    const threadId = await newThread(app.url);
    const long = readSse({
      url: `${app.url}/threads/${threadId}/chat/stream`,
      body: { message: "A long one" },
    });
    const short = readSse({
      url: `${app.url}/threads/${threadId}/chat/stream`,
      body: { message: 'A short one [[emu {"replyTokens": 20}]]' },
    });
    await waitFor(async () => ((await rows(databaseUrl)).length === 4 ? true : undefined));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const stoppedAt = Date.now();
    const exit = app.stop();
    const [longRead, shortRead] = await Promise.all([long, short]);
    await exit;
    console.log(`[shutdown] SIGTERM: the server exited ${Date.now() - stoppedAt} ms later`);
    expect(app.logs()).toMatch(/Answers finished: 1; cut off at shutdown: 1/);
    expect(shortRead.events.at(-1)?.event).toBe("done");
    const last = longRead.events.at(-1);
    expect(last?.event).toBe("error");
    expect(JSON.parse(last?.data ?? "{}")).toMatchObject({ code: "server_shutdown" });
    const stored = await rows(databaseUrl);
    expect(stored.filter((row) => row.status === "streaming")).toEqual([]);
    const longRow = stored.find((row) => row.id === answerId(longRead.events));
    const shortRow = stored.find((row) => row.id === answerId(shortRead.events));
    expect(shortRow).toMatchObject({ status: "complete", content: chunkTexts(shortRead.events).join("") });
    expect(longRow?.status).toBe("interrupted");
    expect(longRow?.content).toBe(chunkTexts(longRead.events).join(""));
    expect(chunkCount(longRead.events)).toBeGreaterThan(20);
  });

  it("SIGKILL after 3 s leaves at least a second's worth of text stored, and a restart marks it interrupted", async ({
    expect,
  }) => {
    const databaseUrl = await newDatabase();
    const app = await startApp({ ollamaHost: emulator.url, databaseUrl, env: SAME_INSTANCE });
    const threadId = await newThread(app.url);
    let startedAt = 0;
    const received: { at: number; length: number }[] = [];
    const reading = readSse({
      url: `${app.url}/threads/${threadId}/chat/stream`,
      body: { message: "Keep talking" },
      stopWhen: (events) => {
        startedAt ||= Date.now();
        received.push({ at: Date.now(), length: chunkTexts(events).join("").length });
        return false;
      },
    });
    await waitFor(async () => (startedAt ? true : undefined));
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const killedAt = Date.now();
    await app.kill();
    const read = await reading.catch(() => undefined);
    const text = chunkTexts(read?.events ?? []).join("");
    const [, answer] = await rows(databaseUrl);
    expect(answer?.status).toBe("streaming");
    const stored = answer?.content ?? "";
    // What the client had a second after the stream started, at least, is in the database.
    const afterOneSecond =
      received.find((r) => r.at - startedAt >= 1_000)?.length ?? Number.POSITIVE_INFINITY;
    console.log(
      `[shutdown] SIGKILL at ${killedAt - startedAt} ms: ${stored.length} of ${received.at(-1)?.length} characters stored (${afterOneSecond} had arrived after 1 s)`,
    );
    expect(stored.length).toBeGreaterThanOrEqual(afterOneSecond);
    expect(text.startsWith(stored)).toBe(true);

    const again = await startApp({ ollamaHost: emulator.url, databaseUrl, env: SAME_INSTANCE });
    try {
      const [, repaired] = await rows(databaseUrl);
      expect(repaired).toMatchObject({ status: "interrupted", content: stored });
      // Not in any process's memory any more: told from the database.
      const replay = await readSse({
        url: `${again.url}/api/threads/${threadId}/messages/${answer?.id}/stream`,
        method: "GET",
      });
      expect(chunkTexts(replay.events).join("")).toBe(stored);
      expect(JSON.parse(replay.events.at(-1)?.data ?? "{}")).toMatchObject({ done: true, stopped: true });
    } finally {
      await again.stop();
    }
  });

  it("a write lock held for 8 s loses no answer: its end is written once the lock goes", async ({
    expect,
  }) => {
    const databaseUrl = await newDatabase();
    const app = await startApp({ ollamaHost: emulator.url, databaseUrl, env: SAME_INSTANCE });
    let release: (() => Promise<void>) | undefined;
    try {
      const threadId = await newThread(app.url);
      const lockedFor: number[] = [];
      const reading = readSse({
        url: `${app.url}/threads/${threadId}/chat/stream`,
        body: { message: 'Hold on [[emu {"replyTokens": 40}]]' },
        stopWhen: (events) => {
          if (events.some((e) => e.event === "start") && lockedFor.length === 0) {
            lockedFor.push(Date.now());
            void holdWriteLock({ databaseUrl }).then((held) => {
              release = held;
            });
          }
          return false;
        },
      });
      const read = await reading;
      expect(read.events.at(-1)?.event).toBe("done");
      // The answer ended (about 2 s) while the lock is held; it stays held until 8 s.
      await new Promise((resolve) =>
        setTimeout(resolve, Math.max(0, (lockedFor[0] ?? 0) + 8_000 - Date.now())),
      );
      expect((await rows(databaseUrl))[1]?.status).toBe("streaming");
      await release?.();
      release = undefined;
      const releasedAt = Date.now();
      const answer = await waitFor(async () => {
        const row = (await rows(databaseUrl))[1];
        return row?.status === "complete" ? row : undefined;
      }, 15_000);
      console.log(
        `[shutdown] write lock held 8 s: the answer's end was written ${Date.now() - releasedAt} ms after it went`,
      );
      expect(answer.content).toBe(chunkTexts(read.events).join(""));
    } finally {
      await release?.();
      await app.stop();
    }
  });

  it("an end the database never takes before shutdown goes to a journal, written at the next start", async ({
    expect,
  }) => {
    const databaseUrl = await newDatabase();
    const app = await startApp({
      ollamaHost: emulator.url,
      databaseUrl,
      env: { ...SAME_INSTANCE, LUMIA_SHUTDOWN_GRACE_MS: "500" },
    });
    const threadId = await newThread(app.url);
    let exit: Promise<void> | undefined;
    let held: Promise<() => Promise<void>> | undefined;
    const read = await readSse({
      url: `${app.url}/threads/${threadId}/chat/stream`,
      body: { message: "Until the end" },
      stopWhen: (events) => {
        if (!exit && chunkCount(events) === 5) {
          held = holdWriteLock({ databaseUrl });
          exit = held.then(() => app.stop());
        }
        return false;
      },
    });
    await exit;
    await (await held)?.();
    expect(JSON.parse(read.events.at(-1)?.data ?? "{}")).toMatchObject({ code: "server_shutdown" });
    expect(app.logs()).toMatch(/could not be written before shutdown; kept in .*unwritten.*\.jsonl/);
    expect((await rows(databaseUrl))[1]?.status).toBe("streaming");
    const again = await startApp({ ollamaHost: emulator.url, databaseUrl, env: SAME_INSTANCE });
    try {
      expect(again.logs()).toMatch(/Wrote 1 answer\(s\) the last run kept in its journal/);
      expect((await rows(databaseUrl))[1]).toMatchObject({
        status: "interrupted",
        content: chunkTexts(read.events).join(""),
      });
    } finally {
      await again.stop();
    }
    // Two starts and a shutdown that waits out the database's 5 s attempts: about 25 s on two cores.
  });
});
