import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SourceEvent } from "@/lib/stream/events";

let server: Server;
let script: (write: (bytes: Buffer | string) => void, end: () => void) => void;

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    res.writeHead(200, { "Content-Type": "application/x-ndjson" });
    script(
      (bytes) => res.write(bytes),
      () => res.end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  // Read by lib/env on first use, which happens after this hook.
  process.env.OLLAMA_HOST = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const line = (content: string, done = false, extra: object = {}) =>
  `${JSON.stringify({ model: "m", created_at: "2025-01-01T00:00:00Z", message: { role: "assistant", content }, done, ...extra })}\n`;

async function collect(): Promise<SourceEvent[]> {
  const { ollamaChatSource } = await import("@/lib/ollama/chat-source");
  const events: SourceEvent[] = [];
  const source = ollamaChatSource({ model: "m", messages: [{ role: "user", content: "hi" }] });
  await source(new AbortController().signal, (event) => events.push(event));
  return events;
}

describe("ollamaChatSource", () => {
  it("decodes a multi-byte character split across two network chunks", async () => {
    script = (write, end) => {
      const bytes = Buffer.from(line("Hej å 🚀"));
      const cut = bytes.indexOf(Buffer.from("🚀")) + 2;
      write(bytes.subarray(0, cut));
      setTimeout(() => {
        write(bytes.subarray(cut));
        write(line("", true, { done_reason: "stop", eval_count: 1, eval_duration: 1000 }));
        end();
      }, 20);
    };
    const events = await collect();
    expect(events[0]).toEqual({ type: "text", text: "Hej å 🚀" });
    expect(events[1]).toMatchObject({ type: "finish", metrics: { done_reason: "stop", eval_count: 1 } });
  });

  it("yields one text event per Ollama chunk, even when several arrive in one read", async () => {
    script = (write, end) => {
      write(line("a") + line("b") + line("c"));
      write(line("", true));
      end();
    };
    const texts = (await collect()).filter((e) => e.type === "text").map((e) => (e as { text: string }).text);
    expect(texts).toEqual(["a", "b", "c"]);
  });

  it("turns an error line mid-stream into an ollama_error", async () => {
    script = (write, end) => {
      write(line("partial"));
      write(`${JSON.stringify({ error: "model runner crashed" })}\n`);
      end();
    };
    await expect(collect()).rejects.toMatchObject({
      code: "ollama_error",
      message: expect.stringContaining("crashed"),
    });
  });

  it("turns a stream that ends without done into stream_interrupted", async () => {
    script = (write, end) => {
      write(line("partial"));
      end();
    };
    await expect(collect()).rejects.toMatchObject({ code: "stream_interrupted" });
  });
});
