import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type AppServer, startApp } from "../helpers/app-server";
import { messageRows } from "../helpers/database-rows";
import { type EmulatorProcess, spawnEmulator } from "../helpers/emulator-process";
import { type RunningNginx, startNginx } from "../helpers/nginx";
import { createPostgresDatabase } from "../helpers/postgres";
import { chunkCount, chunkTexts, readSse, type SseEvent } from "../helpers/sse-reader";
import { waitFor } from "../helpers/wait-for";

/*
 * Scale-out as a team runs it: three Lumia processes behind nginx's round-robin, one PostgreSQL, one
 * Redis, the answers of one instance readable and stoppable through the others.
 */

const REDIS_URL = process.env.LUMIA_TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

let emulator: EmulatorProcess;
/** The second Ollama machine. */
let emulator2: EmulatorProcess;
let database: { url: string; drop(): Promise<void> };
let apps: AppServer[] = [];
let nginx: RunningNginx;

beforeAll(async () => {
  // 200 tokens at 30 ms: an answer lasts about 6 s, long enough to move between instances mid-answer.
  const config = {
    tokenIntervalMs: 30,
    firstTokenDelayMs: 100,
    replyTokens: 200,
    models: ["llama3.2:latest", "qwen2.5:0.5b"],
  };
  [emulator, emulator2] = await Promise.all([spawnEmulator({ config }), spawnEmulator({ config })]);
  database = await createPostgresDatabase({ migrate: false });
  // Started together: their migrations race for PostgreSQL's advisory lock, as in a rolling deploy.
  apps = await Promise.all(
    [1, 2, 3].map((n) =>
      startApp({
        ollamaHost: `${emulator.url},${emulator2.url}`,
        databaseUrl: database.url,
        env: {
          REDIS_URL,
          LUMIA_INSTANCE_ID: `instance-${n}`,
          LUMIA_STREAM_LOG: "off",
          LUMIA_RESUME_GRACE_MS: "10000",
        },
      }),
    ),
  );
  nginx = await startNginx({ upstream: apps.map((app) => app.url), mode: "recommended" });
}, 120_000);

afterAll(async () => {
  await nginx?.stop();
  await Promise.all(apps.map((app) => app.stop()));
  await Promise.all([emulator?.stop(), emulator2?.stop()]);
  await database?.drop();
}, 60_000);

beforeEach(async () => {
  // The second machine is gone after the failover test.
  await Promise.all([emulator.reset(), emulator2?.reset().catch(() => {})]);
});

async function newThread(baseUrl: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/threads`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: "{}",
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

const answerId = (events: SseEvent[]) => JSON.parse(events.find((e) => e.event === "start")?.data ?? "{}").id;
/** The event numbers of an answer's events (`id: <messageId>:<n>`). */
const eventNumbers = (events: SseEvent[]) =>
  events.filter((e) => e.id).map((e) => Number(e.id?.slice(e.id.lastIndexOf(":") + 1)));

describe("three instances behind nginx, one PostgreSQL, one Redis", () => {
  it("every instance migrated the one database and serves through nginx", async () => {
    const seen = new Set<string>();
    for (let i = 0; i < 6; i++) {
      const response = await fetch(`${nginx.url}/api/health`);
      expect(response.status).toBe(200);
      seen.add(response.headers.get("x-lumia-instance") ?? "");
    }
    // nginx spreads plain requests over all three.
    expect(seen).toEqual(new Set(["instance-1", "instance-2", "instance-3"]));
  });

  it("an answer started through instance 1 is resumed through instance 2 with no gap and no duplicate", async () => {
    const [one, two] = apps as [AppServer, AppServer];
    const threadId = await newThread(one.url);
    const first = await readSse({
      url: `${one.url}/threads/${threadId}/chat/stream`,
      body: { message: "Tell me a long story" },
      stopWhen: (events) => chunkCount(events) === 10,
    });
    expect(first.hungUp).toBe(true);
    const lastSeen = first.events.filter((e) => e.id).at(-1)?.id as string;
    const messageId = answerId(first.events);
    const rest = await readSse({
      url: `${two.url}/api/threads/${threadId}/messages/${messageId}/stream`,
      method: "GET",
      headers: { "last-event-id": lastSeen },
    });
    expect(rest.status).toBe(200);
    expect(rest.headers["x-lumia-instance"]).toBe("instance-2");
    const numbers = [...eventNumbers(first.events), ...eventNumbers(rest.events)];
    expect(numbers).toEqual(numbers.map((_, i) => i + 1));
    expect(rest.events.at(-1)?.event).toBe("done");
    const text = [...chunkTexts(first.events), ...chunkTexts(rest.events)].join("");
    const stored = await waitFor(async () => {
      const rows = await messageRows({ databaseUrl: database.url });
      const row = rows.find((r) => r.id === messageId);
      return row?.status === "complete" ? row : undefined;
    });
    expect(stored.content).toBe(text);
    expect(text.length).toBeGreaterThan(200);
  });

  it("stop sent to instance 3 ends the Ollama request that instance 1 runs within 100 ms", async () => {
    const [one, , three] = apps as [AppServer, AppServer, AppServer];
    const threadId = await newThread(one.url);
    let stoppedAt = 0;
    let stopReply: unknown;
    const read = await readSse({
      url: `${one.url}/threads/${threadId}/chat/stream`,
      body: { message: "Count slowly to a hundred" },
      stopWhen: (events) => {
        if (chunkCount(events) === 8 && stoppedAt === 0) {
          stoppedAt = Date.now();
          void fetch(`${three.url}/api/threads/${threadId}/messages/${answerId(events)}/stop`, {
            method: "POST",
          })
            .then((response) => response.json())
            .then((body) => {
              stopReply = body;
            });
        }
        return false;
      },
    });
    const abandoned = await waitFor(async () => (await emulator.stats()).abandoned[0]);
    console.log(
      `[multi-instance] stop through instance 3: Ollama aborted ${abandoned.at - stoppedAt} ms later`,
    );
    expect(abandoned.at - stoppedAt).toBeLessThan(100);
    expect(await waitFor(async () => stopReply)).toEqual({ stopped: true, status: "interrupted" });
    expect(read.hungUp).toBe(false);
    expect(JSON.parse(read.events.at(-1)?.data ?? "{}")).toMatchObject({ done: true, stopped: true });
  });

  it("50 concurrent answers into one thread through nginx keep unique, gap-free positions", async () => {
    const threadId = await newThread(nginx.url);
    const reads = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        readSse({
          url: `${nginx.url}/threads/${threadId}/chat/stream`,
          body: { message: `Question ${i} [[emu {"replyTokens": 5, "tokenIntervalMs": 5}]]` },
        }),
      ),
    );
    const served = new Set(reads.map((read) => read.headers["x-lumia-instance"]));
    expect(served.size).toBe(3);
    for (const read of reads) {
      expect(read.status).toBe(200);
      expect(read.events.at(-1)?.event).toBe("done");
    }
    const client = await import("pg");
    const pg = new client.default.Client({ connectionString: database.url });
    await pg.connect();
    try {
      const { rows } = await pg.query<{ seq: number; role: string; content: string; status: string }>(
        `SELECT "seq", "role", "content", "status" FROM "Message" WHERE "threadId" = $1 ORDER BY "seq"`,
        [threadId],
      );
      expect(rows).toHaveLength(100);
      expect(rows.map((row) => row.seq)).toEqual(rows.map((_, i) => i + 1));
      // Each question is followed by its own answer.
      for (let i = 0; i < rows.length; i += 2) {
        expect(rows[i]?.role).toBe("user");
        expect(rows[i + 1]).toMatchObject({ role: "assistant", status: "complete" });
      }
      const questions = rows.filter((row) => row.role === "user").map((row) => row.content);
      expect(new Set(questions).size).toBe(50);
    } finally {
      await pg.end();
    }
  });

  it("answers for a model go to the Ollama machine where it is loaded, and fail over when that one is gone before the first token", async () => {
    // Loaded on the second machine only, by another client of that Ollama.
    const load = await fetch(`${emulator2.url}/api/chat`, {
      method: "POST",
      body: JSON.stringify({
        model: "qwen2.5:0.5b",
        messages: [{ role: "user", content: "hi" }],
        stream: false,
        keep_alive: "10m",
      }),
    });
    expect(load.status).toBe(200);
    await load.json();
    // Every instance looks at its hosts again (its view is cached for 3 s).
    for (const app of apps) await (await fetch(`${app.url}/api/models`)).text();
    const ask = () =>
      readSse({
        url: `${nginx.url}/chat/stream`,
        body: { message: 'Hello [[emu {"replyTokens": 5, "tokenIntervalMs": 5}]]', model: "qwen2.5:0.5b" },
      });
    const reads = await Promise.all(Array.from({ length: 6 }, ask));
    for (const read of reads) expect(read.events.at(-1)?.event).toBe("done");
    expect(new Set(reads.map((read) => read.headers["x-lumia-instance"])).size).toBe(3);
    const chats = async (emu: EmulatorProcess) =>
      (await emu.stats()).requests.filter((r) => r.path === "/api/chat").length;
    expect([await chats(emulator), await chats(emulator2)]).toEqual([0, 6 + 1]);

    await emulator2.stop();
    const sent = Date.now();
    const read = await ask();
    const firstText = read.events.find((e) => !e.event && e.data.startsWith('{"chunk"'));
    console.log(
      `[multi-instance] failover: first text ${(firstText?.at ?? Number.NaN) - sent} ms after the question`,
    );
    expect(read.events.at(-1)?.event).toBe("done");
    expect(chunkCount(read.events)).toBe(5);
    expect((firstText?.at ?? Number.POSITIVE_INFINITY) - sent).toBeLessThan(1_000);
    expect(await chats(emulator)).toBe(1);
  });

  // Last: it kills instance 2.
  it("an instance killed mid-answer: its reader on another instance gets an error event, no user message is lost and the partial text is kept", async () => {
    const [one, two] = apps as [AppServer, AppServer];
    const threadId = await newThread(one.url);
    let messageId = "";
    await readSse({
      url: `${two.url}/threads/${threadId}/chat/stream`,
      body: { message: "A long answer, please" },
      stopWhen: (events) => {
        messageId = answerId(events) ?? "";
        return chunkCount(events) === 3;
      },
    });
    // A reader on instance 1 follows the answer instance 2 writes.
    const following = readSse({
      url: `${one.url}/api/threads/${threadId}/messages/${messageId}/stream`,
      method: "GET",
    });
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const killedAt = Date.now();
    await two.kill();
    const read = await following;
    const last = read.events.at(-1);
    console.log(
      `[multi-instance] SIGKILL: the reader on instance 1 got ${last?.event} ${Date.now() - killedAt} ms later, after ${chunkCount(read.events)} chunks`,
    );
    expect(last?.event).toBe("error");
    expect(JSON.parse(last?.data ?? "{}")).toMatchObject({ code: "instance_gone" });
    expect(chunkCount(read.events)).toBeGreaterThan(20);
    // The survivors mark the dead instance's answer interrupted, with what it had saved (every second).
    const rows = await waitFor(async () => {
      const all = await messageRows({ databaseUrl: database.url });
      const answer = all.find((row) => row.id === messageId);
      return answer?.status === "interrupted" ? all : undefined;
    }, 40_000);
    const answer = rows.find((row) => row.id === messageId);
    expect(rows.some((row) => row.role === "user" && row.content === "A long answer, please")).toBe(true);
    expect(answer?.content.length).toBeGreaterThan(50);
    expect(
      chunkTexts(read.events)
        .join("")
        .startsWith(answer?.content ?? "-"),
    ).toBe(true);
  }, 60_000);
});

describe("accounts across instances (PostgreSQL, Redis)", () => {
  // A database of Redis's own for this test, emptied first: the address counter of an earlier run
  // (127.0.0.1) would count against this one.
  const redisUrl = `${REDIS_URL.replace(/\/\d*$/, "")}/9`;
  let accountsDb: { url: string; drop(): Promise<void> };
  let pair: AppServer[] = [];

  beforeAll(async () => {
    const { Redis } = await import("ioredis");
    const redis = new Redis(redisUrl);
    await redis.flushdb();
    redis.disconnect();
    accountsDb = await createPostgresDatabase();
    pair = await Promise.all(
      [1, 2].map((n) =>
        startApp({
          ollamaHost: emulator.url,
          databaseUrl: accountsDb.url,
          env: {
            REDIS_URL: redisUrl,
            LUMIA_INSTANCE_ID: `accounts-${n}`,
            LUMIA_AUTH: "on",
            BETTER_AUTH_SECRET: "one secret for every instance of this deployment",
            LUMIA_RATE_LIMIT_MESSAGES: "3/60",
            LUMIA_STREAM_LOG: "off",
          },
        }),
      ),
    );
  }, 120_000);

  afterAll(async () => {
    await Promise.all(pair.map((app) => app.stop()));
    await accountsDb?.drop();
  }, 60_000);

  it("a session made by one instance is valid on the other, and the message limit counts across both", async () => {
    const [a, b] = pair as [AppServer, AppServer];
    const { signedIn } = await import("../helpers/accounts");
    const user = await signedIn({ url: a.url, email: "team@example.com" });
    const me = await fetch(`${b.url}/api/auth/get-session`, { headers: { cookie: user.cookie } });
    expect(((await me.json()) as { user?: { id: string } }).user?.id).toBe(user.userId);
    const statuses: number[] = [];
    for (const app of [a, b, a, b]) {
      const response = await fetch(`${app.url}/chat/stream`, {
        method: "POST",
        headers: { "content-type": "application/json", cookie: user.cookie },
        body: JSON.stringify({ message: 'Hi [[emu {"replyTokens": 3}]]' }),
      });
      statuses.push(response.status);
      await response.text();
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
  });
});
