import http from "node:http";

/** A directive (emulator/directive.ts) that makes the emulator answer a warm-up request at once. */
const QUICK_REPLY = '[[emu {"replyTokens":3,"tokenIntervalMs":1,"firstTokenDelayMs":0}]] warm up';

function post({ url, body }: { url: string; body: string }): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    // A connection per request: with several Lumia workers, each new connection goes to the next one.
    const request = http.request(url, {
      agent: false,
      method: "POST",
      headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) },
    });
    request.on("error", reject);
    request.on("response", (response) => {
      const parts: Buffer[] = [];
      response.on("data", (part: Buffer) => parts.push(part));
      response.on("error", reject);
      response.on("end", () =>
        resolve({ status: response.statusCode ?? 0, text: Buffer.concat(parts).toString() }),
      );
    });
    request.end(body);
  });
}

/**
 * A few short answers on every path before measuring: the first request to a route loads its code, the
 * first chat checks the model list, and the JIT has not seen the per-chunk code yet.
 */
export async function warmUp({
  emulatorUrl,
  lumiaUrl,
  seedUrl,
  model,
}: {
  emulatorUrl: string;
  /** Leave out to warm the raw emulator only. */
  lumiaUrl?: string;
  /** A server that speaks only the seed's `/chat/stream` (the SSE floor). */
  seedUrl?: string;
  model: string;
}): Promise<void> {
  const [thread] = lumiaUrl ? await createThreads({ lumiaUrl, count: 1 }) : [];
  for (let round = 0; round < 20; round++) {
    const requests = [
      post({
        url: `${emulatorUrl}/api/chat`,
        body: JSON.stringify({ model, messages: [{ role: "user", content: QUICK_REPLY }], stream: true }),
      }),
    ];
    if (seedUrl) {
      requests.push(post({ url: `${seedUrl}/chat/stream`, body: JSON.stringify({ message: QUICK_REPLY }) }));
    }
    if (lumiaUrl) {
      const body = JSON.stringify({ message: QUICK_REPLY });
      requests.push(post({ url: `${lumiaUrl}/chat/stream`, body }));
      requests.push(post({ url: `${lumiaUrl}/threads/${thread}/chat/stream`, body }));
      requests.push(
        post({ url: `${lumiaUrl}/api/chat`, body: JSON.stringify({ threadId: thread, text: QUICK_REPLY }) }),
      );
    }
    const results = await Promise.all(requests);
    const failed = results.find((result) => result.status !== 200);
    if (failed) throw new Error(`warm-up request failed with ${failed.status}: ${failed.text}`);
  }
}

/** Creates `count` threads (a few requests at a time) and returns their ids. */
export async function createThreads({
  lumiaUrl,
  count,
}: {
  lumiaUrl: string;
  count: number;
}): Promise<string[]> {
  const ids: string[] = [];
  const createOne = async () => {
    const { status, text } = await post({ url: `${lumiaUrl}/api/threads`, body: "{}" });
    if (status !== 201) throw new Error(`creating a thread failed with ${status}: ${text}`);
    ids.push((JSON.parse(text) as { id: string }).id);
  };
  let claimed = 0;
  const worker = async () => {
    while (claimed < count) {
      claimed++;
      await createOne();
    }
  };
  await Promise.all(Array.from({ length: Math.min(8, count) }, worker));
  return ids;
}
