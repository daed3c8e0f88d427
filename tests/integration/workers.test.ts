import http from "node:http";
import Database from "better-sqlite3";
import { beforeEach, describe, expect, it } from "vitest";
import { type AppServer, startApp } from "../helpers/app-server";
import type { EmulatorProcess } from "../helpers/emulator-process";
import { withLumiaStack } from "../helpers/lumia-stack";
import { chunkCount, chunkTexts, readSse, type SseEvent } from "../helpers/sse-reader";
import { waitFor } from "../helpers/wait-for";

/*
 * LUMIA_WORKERS=2: two server processes on one port (node:cluster hands each new connection to the next
 * worker), one SQLite file. A running answer lives in the worker that owns its Ollama request; a resume
 * or a stop that lands on the other one is forwarded to it over its private port.
 */

const GRACE_MS = 1_500;
let emulator: EmulatorProcess;
let app: AppServer;

// 200 tokens at 30 ms: answers last about 6 s.
withLumiaStack({
  emulator: { tokenIntervalMs: 30, firstTokenDelayMs: 100, replyTokens: 200 },
  env: { LUMIA_WORKERS: "2", LUMIA_RESUME_GRACE_MS: String(GRACE_MS), LUMIA_STREAM_LOG: "off" },
  ready: (stack) => ({ emulator, app } = stack),
});

beforeEach(async () => {
  await emulator.reset();
});

/** A request on a connection of its own (so the cluster picks the worker), or on `agent`'s. */
function request({
  path,
  method = "GET",
  body,
  agent = false,
}: {
  path: string;
  method?: string;
  body?: unknown;
  agent?: http.Agent | false;
}): Promise<{ status: number; process: string; json: unknown }> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${app.url}${path}`, {
      method,
      agent,
      headers: body === undefined ? {} : { "content-type": "application/json" },
    });
    req.on("error", reject);
    req.on("response", (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (part: string) => {
        text += part;
      });
      res.on("end", () =>
        resolve({
          status: res.statusCode ?? 0,
          process: String(res.headers["x-lumia-process"]),
          json: text && res.headers["content-type"]?.includes("json") ? JSON.parse(text) : text,
        }),
      );
    });
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

async function newThread(): Promise<string> {
  return ((await request({ path: "/api/threads", method: "POST", body: {} })).json as { id: string }).id;
}

const answerId = (events: SseEvent[]) => JSON.parse(events.find((e) => e.event === "start")?.data ?? "{}").id;
const seqOf = (event: SseEvent) => Number(event.id?.split(":")[1]);

function rows(sql: string, ...params: unknown[]) {
  const db = new Database(app.databaseFile as string, { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).all(...params);
  } finally {
    db.close();
  }
}

/** The process that writes answer `id`, as the database says. */
function writerOf(id: string): string {
  const [row] = rows(`SELECT "writer" FROM "Message" WHERE "id" = ?`, id) as { writer: string }[];
  return row?.writer as string;
}

/** A keep-alive connection to the worker that is not `notProcess` (found by asking until one answers). */
async function connectionToOther(notProcess: string): Promise<http.Agent> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const { process } = await request({ path: "/api/health", agent });
    if (process !== notProcess) return agent;
    agent.destroy();
  }
  throw new Error(`every connection went to ${notProcess}`);
}

describe("LUMIA_WORKERS=2", () => {
  it("serves one port from two processes, each up with its own private address", async () => {
    const served = new Set<string>();
    for (let i = 0; i < 6; i++) served.add((await request({ path: "/api/health" })).process);
    expect(served.size).toBe(2);
    const instances = rows(`SELECT "id", "address" FROM "Instance" ORDER BY "id"`) as {
      id: string;
      address: string;
    }[];
    expect(instances.map((row) => row.id).sort()).toEqual([...served].sort());
    for (const row of instances) expect(row.address).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(new Set(instances.map((row) => row.address)).size).toBe(2);
    expect(app.logs()).toMatch(/Lumia is listening on \S+ \(2 workers\)/);
  });

  it("a private port refuses a request without the workers' secret", async () => {
    const [row] = rows(`SELECT "address" FROM "Instance" LIMIT 1`) as { address: string }[];
    const refused = await fetch(`http://${row?.address}/api/health`);
    expect(refused.status).toBe(403);
    const guessed = await fetch(`http://${row?.address}/api/threads`, {
      headers: { "x-lumia-internal": "guess" },
    });
    expect(guessed.status).toBe(403);
  });

  it("/api/metrics counts the streams of both workers, whichever worker the scrape reaches", async () => {
    // A counter and a histogram of the stream metrics, for /chat/stream.
    const figures = (text: string) => {
      const value = (name: string, extra = "") => {
        const line = text
          .split("\n")
          .find(
            (l) => l.startsWith(`${name}{`) && l.includes('endpoint="/chat/stream"') && l.includes(extra),
          );
        return line ? Number(line.split(" ").at(-1)) : 0;
      };
      return {
        done: value("lumia_streams_total", 'outcome="done"'),
        firstChunks: value("lumia_stream_first_chunk_seconds_count"),
      };
    };
    const scrape = async () => {
      const { process, json } = await request({ path: "/api/metrics" });
      return { process, text: json as string };
    };
    const before = figures((await scrape()).text);
    // Each on a connection of its own: the cluster hands them to the two workers in turn.
    const streams = await Promise.all(
      Array.from({ length: 6 }, () =>
        request({
          path: "/chat/stream",
          method: "POST",
          body: { message: 'Count me [[emu {"replyTokens": 3, "tokenIntervalMs": 5}]]' },
        }),
      ),
    );
    expect(new Set(streams.map((stream) => stream.process)).size).toBe(2);
    const scrapedBy = new Set<string>();
    for (let i = 0; i < 10 && scrapedBy.size < 2; i++) {
      const { process, text } = await scrape();
      scrapedBy.add(process);
      const after = figures(text);
      expect(after.done - before.done).toBe(6);
      expect(after.firstChunks - before.firstChunks).toBe(6);
      expect(text).toMatch(/^lumia_metrics_processes 2$/m);
      expect(text).toMatch(/^lumia_process_resident_memory_bytes \d+/m);
    }
    expect(scrapedBy.size).toBe(2);
  });

  it("concurrent answers in one thread from both workers get unique, gap-free seq numbers, each question next to its answer", async () => {
    const threadId = await newThread();
    const count = 16;
    const reads = await Promise.all(
      Array.from({ length: count }, (_, i) =>
        readSse({
          url: `${app.url}/threads/${threadId}/chat/stream`,
          body: { message: `say exactly: answer ${i} [[emu {"replyTokens": 3, "tokenIntervalMs": 5}]]` },
          agent: false,
        }),
      ),
    );
    const processes = new Set(reads.map((read) => read.headers["x-lumia-process"]));
    expect(processes.size).toBe(2);
    for (const read of reads) expect(read.events.at(-1)?.event).toBe("done");
    const messages = await waitFor(async () => {
      const found = rows(
        `SELECT "seq", "role", "status", "content", "writer" FROM "Message" WHERE "threadId" = ? ORDER BY "seq"`,
        threadId,
      ) as { seq: number; role: string; status: string; content: string; writer: string | null }[];
      return found.every((m) => m.status === "complete") ? found : undefined;
    });
    expect(messages.map((m) => m.seq)).toEqual(Array.from({ length: 2 * count }, (_, i) => i + 1));
    expect(new Set(messages.filter((m) => m.role === "assistant").map((m) => m.writer)).size).toBe(2);
    for (let i = 0; i < messages.length; i += 2) {
      const [question, answer] = [messages[i], messages[i + 1]];
      expect(question?.role).toBe("user");
      expect(answer?.role).toBe("assistant");
      const n = /answer (\d+)/.exec(question?.content ?? "")?.[1];
      expect(answer?.content).toContain(`answer ${n}`);
    }
  });

  it("resumes land on either worker and continue the answer without a gap or a duplicate", async () => {
    const threadId = await newThread();
    const first = await readSse({
      url: `${app.url}/threads/${threadId}/chat/stream`,
      body: { message: "Tell me about clusters" },
      stopWhen: (events) => chunkCount(events) >= 5,
      agent: false,
    });
    const id = answerId(first.events);
    const owner = first.headers["x-lumia-process"];
    const seen = [...first.events];
    let forwarded = 0;
    let direct = 0;
    // Resume a few events at a time, each on a new connection, until both workers served one.
    for (let attempt = 0; attempt < 20 && (forwarded === 0 || direct === 0); attempt++) {
      const read = await readSse({
        url: `${app.url}/threads/${threadId}/messages/${id}/stream`,
        method: "GET",
        headers: { "last-event-id": seen.at(-1)?.id as string },
        stopWhen: (events) => events.length >= 3,
        agent: false,
      });
      expect(read.status).toBe(200);
      expect(read.headers["x-lumia-process"]).toBe(owner);
      if (read.headers["x-lumia-forwarded-by"]) {
        expect(read.headers["x-lumia-forwarded-by"]).not.toBe(owner);
        forwarded++;
      } else direct++;
      seen.push(...read.events);
    }
    expect(forwarded).toBeGreaterThan(0);
    expect(direct).toBeGreaterThan(0);
    const rest = await readSse({
      url: `${app.url}/threads/${threadId}/messages/${id}/stream`,
      method: "GET",
      headers: { "last-event-id": seen.at(-1)?.id as string },
      agent: false,
    });
    seen.push(...rest.events);
    expect(seen.at(-1)?.event).toBe("done");
    expect(seen.map(seqOf)).toEqual(seen.map((_, i) => i + 1));
    const stored = await waitFor(async () => {
      const [row] = rows(`SELECT "status", "content" FROM "Message" WHERE "id" = ?`, id) as {
        status: string;
        content: string;
      }[];
      return row?.status === "complete" ? row : undefined;
    });
    expect(stored.content).toBe(chunkTexts(seen).join(""));
    expect((await emulator.stats()).generationsStarted).toBe(1);
  });

  it("a stop sent to the other worker ends Ollama's request within 100 ms and ends the reader's stream", async () => {
    const threadId = await newThread();
    let stoppedAt = 0;
    let stopped: { stopped?: boolean; status?: string; servedBy?: string; owner?: string } | undefined;
    const read = await readSse({
      url: `${app.url}/threads/${threadId}/chat/stream`,
      body: { message: "Count slowly to a hundred" },
      agent: false,
      stopWhen: (events) => {
        if (chunkCount(events) === 3 && stoppedAt === 0) {
          stoppedAt = -1;
          const id = answerId(events);
          void (async () => {
            const owner = writerOf(id);
            const other = await connectionToOther(owner);
            stoppedAt = Date.now();
            const answer = await request({
              path: `/api/threads/${threadId}/messages/${id}/stop`,
              method: "POST",
              agent: other,
            });
            other.destroy();
            stopped = { ...(answer.json as object), servedBy: answer.process, owner };
          })();
        }
        return false;
      },
    });
    const abandoned = await waitFor(async () => (await emulator.stats()).abandoned[0]);
    console.log(
      `[workers] stop via the other worker: Ollama aborted ${abandoned.at - stoppedAt} ms after it was sent`,
    );
    expect(abandoned.at - stoppedAt).toBeLessThan(100);
    const answer = await waitFor(async () => stopped);
    expect(answer).toMatchObject({ stopped: true, status: "interrupted" });
    expect(answer.servedBy).not.toBe(answer.owner);
    expect(read.headers["x-lumia-process"]).toBe(answer.owner);
    expect(read.events.at(-1)?.event).toBe("done");
    expect(JSON.parse(read.events.at(-1)?.data ?? "{}")).toMatchObject({ done: true, stopped: true });
  });

  it("a forwarded reader keeps the answer going past the grace; when it leaves, the owner knows: the grace then ends it", async () => {
    const threadId = await newThread();
    const first = await readSse({
      url: `${app.url}/threads/${threadId}/chat/stream`,
      body: { message: "Write something long" },
      stopWhen: (events) => chunkCount(events) >= 2,
      agent: false,
    });
    const id = answerId(first.events);
    const other = await connectionToOther(writerOf(id));
    const startedAt = Date.now();
    const forwarded = await readSse({
      url: `${app.url}/threads/${threadId}/messages/${id}/stream`,
      method: "GET",
      agent: other,
      stopWhen: () => Date.now() - startedAt > GRACE_MS + 1_000,
    });
    other.destroy();
    expect(forwarded.headers["x-lumia-forwarded-by"]).toBeDefined();
    expect(forwarded.hungUp).toBe(true);
    expect((await emulator.stats()).abandoned).toHaveLength(0);
    const abandoned = await waitFor(async () => (await emulator.stats()).abandoned[0], GRACE_MS + 5_000);
    const afterLeaving = abandoned.at - (forwarded.hungUpAt as number);
    console.log(
      `[workers] forwarded reader left: Ollama aborted ${afterLeaving} ms later (grace ${GRACE_MS} ms)`,
    );
    expect(afterLeaving).toBeGreaterThanOrEqual(GRACE_MS - 5);
    expect(afterLeaving).toBeLessThan(GRACE_MS + 300);
  });
});

describe("SIGTERM on the primary", () => {
  it("drains every worker: each ends its answers with server_shutdown and says so, then the primary exits 0", async () => {
    const other = await startApp({
      ollamaHost: emulator.url,
      env: { LUMIA_WORKERS: "2", LUMIA_SHUTDOWN_GRACE_MS: "1000", LUMIA_STREAM_LOG: "off" },
    });
    try {
      const threads = await Promise.all(
        Array.from({ length: 4 }, async () => {
          const response = await fetch(`${other.url}/api/threads`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: "{}",
          });
          return ((await response.json()) as { id: string }).id;
        }),
      );
      const reads = threads.map((threadId) =>
        readSse({
          url: `${other.url}/threads/${threadId}/chat/stream`,
          body: { message: "A long one" },
          agent: false,
        }),
      );
      const writers = await waitFor(async () => {
        const db = new Database(other.databaseFile as string, { readonly: true });
        const found = db.prepare(`SELECT "writer" FROM "Message" WHERE "role" = 'assistant'`).all() as {
          writer: string;
        }[];
        db.close();
        return found.length === 4 ? new Set(found.map((row) => row.writer)) : undefined;
      });
      expect(writers.size).toBe(2);
      await new Promise((resolve) => setTimeout(resolve, 300));
      const exit = other.stop();
      const done = await Promise.all(reads);
      await exit;
      expect(other.exitCode()).toBe(0);
      expect(
        other.logs().match(/#\d: Answers finished: \d; cut off at shutdown: \d\. Lumia stopped\./g),
      ).toHaveLength(2);
      for (const read of done) {
        expect(read.events.at(-1)?.event).toBe("error");
        expect(JSON.parse(read.events.at(-1)?.data ?? "{}")).toMatchObject({ code: "server_shutdown" });
      }
    } finally {
      await other.stop();
    }
  });
});
