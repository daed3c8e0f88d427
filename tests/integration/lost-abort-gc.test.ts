import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EmulatorProcess, spawnEmulator } from "../helpers/emulator-process";
import { chunkCount, readSse } from "../helpers/sse-reader";
import { withTestDatabase } from "../helpers/test-database";
import { waitFor } from "../helpers/wait-for";

/*
 * A client that leaves must be noticed however much garbage the server collects meanwhile. The lean
 * stream routes once handed the pipeline `request.signal` of a `new Request({signal})`: undici links that
 * signal to the given one through a weak reference, so after a collection of the Request the abort was
 * lost and Ollama generated to the end for nobody. Here the real routes run in this process (vitest
 * starts it with --expose-gc) and collections are forced between and during requests.
 */

const GRACE_MS = 300;
let emulator: EmulatorProcess;
let server: Server;
let url: string;

const collectGarbage = () => {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error("Run with --expose-gc (vitest.config.ts passes it).");
  // Garbage first, so that the collections have work; several, so that old-generation objects go too.
  for (let i = 0; i < 3; i++) {
    let garbage: unknown[] = [];
    for (let j = 0; j < 50_000; j++) garbage.push({ j });
    garbage = [];
    void garbage;
    gc();
  }
};

withTestDatabase();

beforeAll(async () => {
  emulator = await spawnEmulator({
    config: { tokenIntervalMs: 30, firstTokenDelayMs: 50, replyTokens: 300 },
  });
  process.env.OLLAMA_HOST = emulator.url;
  process.env.LUMIA_RESUME_GRACE_MS = String(GRACE_MS);
  process.env.LUMIA_STREAM_LOG = "off";
  const { findStreamRoute } = await import("@/server/stream-routes");
  server = createServer((req, res) => {
    const route = findStreamRoute(req);
    if (route) void route(req, res);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await emulator?.stop();
});

describe("a client that leaves is noticed after garbage collections", () => {
  it("on /chat/stream, every time: Ollama is aborted within 100 ms", async () => {
    const delays: number[] = [];
    for (let round = 0; round < 5; round++) {
      await emulator.reset();
      collectGarbage();
      const read = await readSse({
        url: `${url}/chat/stream`,
        body: { message: `Round ${round}` },
        stopWhen: (events) => {
          // Collected while the stream runs: the Request the route handler got is garbage by now.
          if (chunkCount(events) === 2) collectGarbage();
          return chunkCount(events) >= 4;
        },
      });
      const abandoned = await waitFor(async () => (await emulator.stats()).abandoned[0], 3_000);
      delays.push(abandoned.at - (read.hungUpAt as number));
    }
    console.log(`[gc] /chat/stream: Ollama aborted ${delays.join(", ")} ms after each client left`);
    for (const delay of delays) expect(delay).toBeLessThan(100);
  });

  it("on a thread stream: Ollama is aborted when the grace ends, and the answer is stored interrupted", async () => {
    await emulator.reset();
    const { createThread, getThread } = await import("@/lib/db/threads");
    const thread = await createThread({ owner: "local" });
    collectGarbage();
    const read = await readSse({
      url: `${url}/threads/${thread.id}/chat/stream`,
      body: { message: "Go on" },
      stopWhen: (events) => {
        if (chunkCount(events) === 2) collectGarbage();
        return chunkCount(events) >= 4;
      },
    });
    // And during the grace: the generation, not a request, holds what ends it.
    setTimeout(collectGarbage, GRACE_MS / 2);
    const abandoned = await waitFor(async () => (await emulator.stats()).abandoned[0], 3_000);
    expect(abandoned.at - (read.hungUpAt as number)).toBeLessThan(GRACE_MS + 100);
    const answer = await waitFor(async () => {
      const found = (await getThread({ owner: "local", id: thread.id }))?.messages[1];
      return found?.status === "streaming" ? undefined : found;
    });
    expect(answer?.status).toBe("interrupted");
  });
});
