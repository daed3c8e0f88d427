import { once } from "node:events";
import { createServer, request as httpRequest, type Server } from "node:http";
import { type AddressInfo, connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EmitSourceEvent } from "@/lib/stream/events";
import { addStreamObserver, removeStreamObserver, type StreamResult } from "@/lib/stream/observers";
import { type StreamRequest, streamResponse } from "@/lib/stream/pipeline";
import { seedFormat } from "@/lib/stream/seed-format";

process.env.LUMIA_STREAM_LOG = "off";

function nextResult(id: string): Promise<StreamResult> {
  return new Promise((resolve) => {
    const observer = {
      start: () => ({
        end(result: StreamResult) {
          if (result.id !== id) return;
          removeStreamObserver(observer);
          resolve(result);
        },
      }),
    };
    addStreamObserver(observer);
  });
}

/** A pushing source (as Ollama's reader is) fed by the test, one emit per call. */
function pushSource() {
  let emit!: EmitSourceEvent;
  let done!: () => void;
  let called = 0;
  let given: AbortSignal | undefined;
  const source = (signal: AbortSignal, e: EmitSourceEvent) => {
    called++;
    given = signal;
    emit = e;
    return new Promise<void>((resolve) => {
      done = resolve;
    });
  };
  return {
    source,
    emit: (text: string) => emit({ type: "text", text }),
    end: () => done(),
    called: () => called,
    signal: () => given,
  };
}

async function waitFor(condition: () => boolean) {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(condition()).toBe(true);
}

const streamRequest = (over: Partial<StreamRequest>): StreamRequest => ({
  endpoint: "/t",
  model: "m",
  format: seedFormat,
  signal: new AbortController().signal,
  source: async () => {},
  ...over,
});

describe("StreamResponse", () => {
  let server: Server;
  let serve: (res: import("node:http").ServerResponse) => void = (res) => res.end();
  let port = 0;
  beforeAll(async () => {
    server = createServer((_req, res) => serve(res));
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it("writeTo sends each pushed event to the socket as it is emitted, in its own read", async () => {
    const feed = pushSource();
    const ended = nextResult("w1");
    serve = (res) => streamResponse(streamRequest({ id: "w1", source: feed.source })).writeTo(res);
    const req = httpRequest({ port, host: "127.0.0.1", path: "/" });
    req.end();
    const [res] = (await once(req, "response")) as [import("node:http").IncomingMessage];
    expect(res.headers["content-type"]).toBe("text/event-stream; charset=utf-8");
    expect(res.headers["x-accel-buffering"]).toBe("no");
    res.setEncoding("utf8");
    const reads: string[] = [];
    res.on("data", (text: string) => reads.push(text));
    await waitFor(() => reads.length >= 1);
    expect(reads.join("")).toContain("event: start");
    for (const [i, text] of ["Hej", " då", "!"].entries()) {
      feed.emit(text);
      await waitFor(() => reads.length >= i + 2);
      // Nothing waits for a later chunk: this one arrived alone, before the next was emitted.
      expect(reads.at(-1)).toBe(`data: {"chunk":${JSON.stringify(text)}}\n\n`);
    }
    feed.end();
    await once(res, "end");
    expect(reads.join("")).toMatch(/event: done\ndata: \{"done":true/);
    expect((await ended).outcome).toBe("done");
    expect(feed.called()).toBe(1);
  });

  it("events emitted in one tick leave in one network write", async () => {
    const feed = pushSource();
    serve = (res) => streamResponse(streamRequest({ id: "w2", source: feed.source })).writeTo(res);
    // A raw socket: an HTTP client would report each chunked-encoding chunk as its own 'data'.
    const socket = connect(port, "127.0.0.1");
    socket.setEncoding("utf8");
    const reads: string[] = [];
    socket.on("data", (text: string) => reads.push(text));
    socket.write("POST / HTTP/1.1\r\nhost: x\r\ncontent-length: 0\r\n\r\n");
    await waitFor(() => reads.join("").includes("event: start"));
    const before = reads.length;
    feed.emit("a");
    feed.emit("b");
    feed.emit("c");
    await waitFor(() => reads.join("").includes('"c"'));
    const after = reads.slice(before);
    expect(after).toHaveLength(1);
    expect(after[0]).toMatch(/chunk":"a".*chunk":"b".*chunk":"c"/s);
    feed.end();
    await waitFor(() => reads.join("").includes("event: done"));
    socket.destroy();
  });

  it("a body cancelled before its first read aborts the source at once, and still reports the end", async () => {
    const feed = pushSource();
    const ended = nextResult("c1");
    const response = streamResponse(streamRequest({ id: "c1", source: feed.source }));
    await response.body?.cancel();
    expect(feed.signal()?.aborted).toBe(true);
    expect(await ended).toMatchObject({ outcome: "aborted", endReason: "client_left" });
  });

  it("a request aborted before its body is read aborts the source at once, and still reports the end", async () => {
    const feed = pushSource();
    const ended = nextResult("a1");
    const client = new AbortController();
    streamResponse(streamRequest({ id: "a1", source: feed.source, signal: client.signal }));
    client.abort();
    expect(feed.signal()?.aborted).toBe(true);
    expect(await ended).toMatchObject({ outcome: "aborted", endReason: "client_left" });
  });

  it("read as a web Response (text, arrayBuffer, body), the body is the answer, built once", async () => {
    const viaBuffer = streamResponse(streamRequest({ id: "b1" }));
    expect(new TextDecoder().decode(await viaBuffer.arrayBuffer())).toMatch(
      /^event: start\n[\s\S]*event: done\n/,
    );
    await expect(viaBuffer.text()).rejects.toThrow();
    expect(() => viaBuffer.clone()).toThrow(/cannot be cloned/);
    const viaBlob = streamResponse(streamRequest({ id: "b3" }));
    expect(await (await viaBlob.blob()).text()).toContain("event: done");
    const viaBody = streamResponse(streamRequest({ id: "b2" }));
    expect(viaBody.body).toBe(viaBody.body);
    expect(await new Response(viaBody.body).text()).toContain("event: done");
  });

  it("a stream runs once: writeTo after the body was read is refused", async () => {
    const response = streamResponse(streamRequest({ id: "o1" }));
    expect(await response.text()).toContain("event: done");
    expect(() => response.writeTo({} as import("node:http").ServerResponse)).toThrow(/already started/);
  });
});
