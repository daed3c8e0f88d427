import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asPage, authPost, createApiKey, type SignedIn, signedIn, signIn, signUp } from "../helpers/accounts";
import { type AppServer, startApp } from "../helpers/app-server";
import { type EmulatorProcess, spawnEmulator } from "../helpers/emulator-process";
import { chunkCount, readSse } from "../helpers/sse-reader";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";

/*
 * Accounts (LUMIA_AUTH=on): the first account is the admin and adopts what was there before, later
 * ones wait for approval, every user sees only their own threads and memories, API keys act as their
 * user, and messages and sign-in attempts are limited.
 */

let emulator: EmulatorProcess;
let app: AppServer;
let database: TestDatabase;
let admin: SignedIn;
let bob: SignedIn;
const old: { threadId?: string; memoryId?: string } = {};

const json = { "content-type": "application/json" };
const short = (text: string) => `${text} [[emu {"replyTokens": 8}]]`;

beforeAll(async () => {
  emulator = await spawnEmulator({ config: { tokenIntervalMs: 10, firstTokenDelayMs: 20, replyTokens: 20 } });
  database = await createTestDatabase();
  // Before accounts: the local user's thread and memory.
  const before = await startApp({ ollamaHost: emulator.url, databaseUrl: database.url });
  old.threadId = (
    await (
      await fetch(`${before.url}/api/threads`, {
        method: "POST",
        headers: json,
        body: '{"title":"From before"}',
      })
    ).json()
  ).id;
  old.memoryId = (
    await (
      await fetch(`${before.url}/api/memory`, {
        method: "POST",
        headers: json,
        body: '{"content":"I like tea"}',
      })
    ).json()
  ).id;
  await before.stop();
  app = await startApp({
    ollamaHost: emulator.url,
    databaseUrl: database.url,
    env: { LUMIA_AUTH: "on", LUMIA_RATE_LIMIT_SIGNIN: "50/60", LUMIA_STREAM_LOG: "off" },
  });
});

afterAll(async () => {
  await app?.stop();
  await emulator?.stop();
  await database?.cleanup();
});

const as = (who: SignedIn) => ({ cookie: who.cookie });
const get = (p: string, who: SignedIn) => fetch(`${app.url}${p}`, { headers: as(who) });
const send = (method: string, p: string, who: SignedIn, body?: unknown) =>
  fetch(`${app.url}${p}`, {
    method,
    headers: { ...json, ...as(who) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

describe("accounts", () => {
  it("the first account is the admin and adopts the threads and memories from before accounts", async () => {
    const first = await signUp({ url: app.url, email: "ada@example.com" });
    expect(first.status).toBe(200);
    expect(first.json.user).toMatchObject({ role: "admin", status: "active" });
    admin = await signedIn({ url: app.url, email: "ada@example.com" });
    const { threads } = await (await get("/api/threads", admin)).json();
    expect(threads.map((t: { id: string }) => t.id)).toContain(old.threadId);
    const { memories } = await (await get("/api/memory", admin)).json();
    expect(memories.map((m: { id: string }) => m.id)).toContain(old.memoryId);
  });

  it("later accounts wait for approval: no session until an admin approves", async () => {
    const pending = await signUp({ url: app.url, email: "bob@example.com" });
    expect(pending.status).toBe(403);
    expect(pending.json.code).toBe("ACCOUNT_PENDING");
    expect((await signIn({ url: app.url, email: "bob@example.com" })).status).toBe(403);
    const users = await (await get("/api/auth/admin/list-users?limit=10", admin)).json();
    const bobId = users.users.find((u: { email: string }) => u.email === "bob@example.com").id;
    const approved = await authPost({
      url: app.url,
      path: "/admin/update-user",
      body: { userId: bobId, data: { status: "active" } },
      cookie: admin.cookie,
    });
    expect(approved.status).toBe(200);
    bob = await signedIn({ url: app.url, email: "bob@example.com" });
    expect(bob.userId).toBe(bobId);
  });

  it("a wrong password is 401, and nothing is served without credentials", async () => {
    expect(
      (await signIn({ url: app.url, email: "ada@example.com", password: "wrong password!" })).status,
    ).toBe(401);
    const api = await fetch(`${app.url}/api/threads`);
    expect(api.status).toBe(401);
    expect(api.headers.get("www-authenticate")).toContain("Bearer");
    expect(await api.json()).toMatchObject({ code: "unauthorized" });
    const stream = await fetch(`${app.url}/chat/stream`, {
      method: "POST",
      headers: json,
      body: '{"message":"hi"}',
    });
    expect(stream.status).toBe(401);
    const page = await fetch(`${app.url}/`, { redirect: "manual" });
    expect(page.status).toBe(303);
    expect(page.headers.get("location")).toBe("/sign-in?next=%2F");
    expect((await fetch(`${app.url}/sign-in`)).status).toBe(200);
    expect((await fetch(`${app.url}/api/health`)).status).toBe(200);
  });

  it("one user cannot read, change, stream into, resume, stop or delete another's thread or memory: 404", async () => {
    const thread = await (await send("POST", "/api/threads", admin, { title: "Ada's" })).json();
    const answer = await readSse({
      url: `${app.url}/threads/${thread.id}/chat/stream`,
      body: { message: short("secret plans") },
      headers: as(admin),
    });
    const answerId = JSON.parse(answer.events[0]?.data ?? "{}").id;
    const memory = await (await send("POST", "/api/memory", admin, { content: "Ada's secret" })).json();

    const attempts: [string, Promise<Response>][] = [
      ["read thread", get(`/api/threads/${thread.id}`, bob)],
      ["rename thread", send("PATCH", `/api/threads/${thread.id}`, bob, { title: "Mine now" })],
      ["delete thread", send("DELETE", `/api/threads/${thread.id}`, bob)],
      ["stream into thread", send("POST", `/threads/${thread.id}/chat/stream`, bob, { message: "hi" })],
      ["ui chat into thread", send("POST", "/api/chat", bob, { threadId: thread.id, text: "hi" })],
      [
        "useChat body with the thread's id",
        send("POST", "/api/chat", bob, {
          id: thread.id,
          messages: [{ role: "user", parts: [{ type: "text", text: "hi" }] }],
        }),
      ],
      [
        "memory chat into thread",
        send("POST", "/memory/chat/stream", bob, { message: "hi", threadId: thread.id }),
      ],
      ["resume answer", get(`/api/threads/${thread.id}/messages/${answerId}/stream`, bob)],
      ["stop answer", send("POST", `/api/threads/${thread.id}/messages/${answerId}/stop`, bob)],
      ["edit memory", send("PATCH", `/api/memory/${memory.id}`, bob, { content: "Changed" })],
      ["delete memory", send("DELETE", `/api/memory/${memory.id}`, bob)],
    ];
    for (const [what, attempt] of attempts) {
      const response = await attempt;
      expect(response.status, what).toBe(404);
    }
    const bobsThreads = (await (await get("/api/threads", bob)).json()).threads;
    expect(bobsThreads).toEqual([]);
    expect((await (await get("/api/memory", bob)).json()).memories).toEqual([]);
    expect((await (await get("/api/threads?q=secret", bob)).json()).threads).toEqual([]);
    // Still Ada's, unchanged.
    const kept = await (await get(`/api/threads/${thread.id}`, admin)).json();
    expect(kept).toMatchObject({ title: "Ada's" });
    expect(kept.messages).toHaveLength(2);
    expect(
      (await (await get("/api/memory", admin)).json()).memories.map((m: { content: string }) => m.content),
    ).toContain("Ada's secret");
  });

  it("Bob's memories are his: memory chat uses only them", async () => {
    await send("POST", "/api/memory", bob, { content: "Bob's favourite colour is green" });
    const read = await readSse({
      url: `${app.url}/memory/chat/stream`,
      body: { message: short("What is my favourite colour? secret") },
      headers: as(bob),
    });
    const used = JSON.parse(read.events.find((e) => e.event === "memory")?.data ?? "{}");
    const contents = used.memories.map((m: { content: string }) => m.content);
    expect(contents.join(" ")).not.toContain("Ada");
  });

  it("an API key acts as its user with curl-style requests and the openai SDK; a revoked key is 401", async () => {
    const { key, id } = await createApiKey({ url: app.url, cookie: bob.cookie, name: "laptop" });
    expect(key).toMatch(/^lumia_/);
    const bearer = { authorization: `Bearer ${key}` };
    const listed = await (await fetch(`${app.url}/api/threads`, { headers: bearer })).json();
    expect(listed.threads).toEqual([]);
    const stream = await readSse({
      url: `${app.url}/chat/stream`,
      body: { message: short("Hello") },
      headers: bearer,
    });
    expect(chunkCount(stream.events)).toBe(8);
    const client = new OpenAI({ baseURL: `${app.url}/v1`, apiKey: key });
    const completion = await client.chat.completions.create({
      model: "llama3.2",
      messages: [{ role: "user", content: short("Hi from the SDK") }],
    });
    expect(completion.choices[0]?.message.content?.length).toBeGreaterThan(0);
    const keys = await (await fetch(`${app.url}/api/auth/api-key/list`, { headers: as(bob) })).json();
    expect(keys.apiKeys.map((k: { id: string; key?: string }) => k.id)).toContain(id);
    expect(JSON.stringify(keys)).not.toContain(key);
    const revoked = await authPost({
      url: app.url,
      path: "/api-key/delete",
      body: { keyId: id },
      cookie: bob.cookie,
    });
    expect(revoked.status).toBe(200);
    expect((await fetch(`${app.url}/api/threads`, { headers: bearer })).status).toBe(401);
    await expect(
      client.chat.completions.create({ model: "llama3.2", messages: [{ role: "user", content: "again" }] }),
    ).rejects.toMatchObject({ status: 401 });
  });

  it("a key does nothing while disabled or while its owner is banned, and its list says when it was used", async () => {
    const { key, id } = await createApiKey({ url: app.url, cookie: bob.cookie, name: "phone" });
    const bearer = { authorization: `Bearer ${key}` };
    const status = async () => (await fetch(`${app.url}/api/threads`, { headers: bearer })).status;
    const listed = async () =>
      (await (await fetch(`${app.url}/api/auth/api-key/list`, { headers: as(bob) })).json()).apiKeys.find(
        (k: { id: string }) => k.id === id,
      ) as { lastRequest: string | null; enabled: boolean };
    expect((await listed()).lastRequest).toBeNull();
    const before = Date.now();
    expect(await status()).toBe(200);
    // "Last used" is written after the request has gone on, not before it.
    await expect
      .poll(async () => Date.parse((await listed()).lastRequest ?? "0"), { timeout: 5_000 })
      .toBeGreaterThanOrEqual(before - 1_000);
    const setEnabled = (enabled: boolean) =>
      authPost({ url: app.url, path: "/api-key/update", body: { keyId: id, enabled }, cookie: bob.cookie });
    expect((await setEnabled(false)).status).toBe(200);
    expect(await status()).toBe(401);
    expect((await setEnabled(true)).status).toBe(200);
    expect(await status()).toBe(200);
    const ban = (path: string) =>
      authPost({ url: app.url, path, body: { userId: bob.userId }, cookie: admin.cookie });
    expect((await ban("/admin/ban-user")).status).toBe(200);
    expect(await status()).toBe(401);
    expect((await ban("/admin/unban-user")).status).toBe(200);
    expect(await status()).toBe(200);
    // A wrong key that looks like one: 401, like no key.
    const wrong = await fetch(`${app.url}/api/threads`, { headers: { authorization: `Bearer ${key}x` } });
    expect(wrong.status).toBe(401);
  });

  it("signing out ends the session at once", async () => {
    const carol = await signUp({ url: app.url, email: "carol@example.com" });
    expect(carol.status).toBe(403);
    const session = await signIn({ url: app.url, email: "ada@example.com" });
    const cookie = session.cookie as string;
    expect((await fetch(`${app.url}/api/threads`, { headers: { cookie } })).status).toBe(200);
    const out = await fetch(`${app.url}/api/auth/sign-out`, {
      method: "POST",
      headers: asPage({ url: app.url, cookie }),
      body: "{}",
    });
    expect(out.status).toBe(200);
    expect((await fetch(`${app.url}/api/threads`, { headers: { cookie } })).status).toBe(401);
  });
});

describe("limits", () => {
  it("messages over the limit get 429 with Retry-After; sign-in attempts too", async () => {
    const limited = await startApp({
      ollamaHost: emulator.url,
      env: {
        LUMIA_AUTH: "on",
        LUMIA_RATE_LIMIT_MESSAGES: "3/60",
        LUMIA_RATE_LIMIT_SIGNIN: "4/60",
        LUMIA_STREAM_LOG: "off",
      },
    });
    try {
      const user = await signedIn({ url: limited.url, email: "dora@example.com" });
      const statuses: number[] = [];
      let retryAfter: string | null = null;
      for (let i = 0; i < 4; i++) {
        const response = await fetch(`${limited.url}/chat/stream`, {
          method: "POST",
          headers: { ...json, cookie: user.cookie },
          body: JSON.stringify({ message: short(`Question ${i}`) }),
        });
        statuses.push(response.status);
        if (response.status === 429) {
          retryAfter = response.headers.get("retry-after");
          expect(await response.json()).toMatchObject({ code: "rate_limited" });
        } else await response.text();
      }
      expect(statuses).toEqual([200, 200, 200, 429]);
      expect(Number(retryAfter)).toBeGreaterThan(0);
      // Reading is not limited.
      expect((await fetch(`${limited.url}/api/threads`, { headers: { cookie: user.cookie } })).status).toBe(
        200,
      );
      const attempts: number[] = [];
      for (let i = 0; i < 4; i++) {
        attempts.push(
          (await signIn({ url: limited.url, email: "dora@example.com", password: "wrong password!" })).status,
        );
      }
      expect(attempts.at(-1)).toBe(429);
    } finally {
      await limited.stop();
    }
  });
});
