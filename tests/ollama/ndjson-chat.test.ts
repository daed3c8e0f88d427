import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LumiaError } from "@/lib/errors";
import { type NdjsonChatRequest, ndjsonChat, ndjsonGenerate } from "@/lib/ollama/ndjson-chat";
import type { SourceEvent } from "@/lib/stream/events";
import { freePort } from "../helpers/free-port";

type Handler = (req: IncomingMessage, res: ServerResponse) => void;
let handler: Handler = (_req, res) => res.end();
let server: Server;
const closed: string[] = [];

beforeAll(async () => {
  const port = await freePort();
  // getEnv() reads OLLAMA_HOST once, lazily: set it before the first request.
  process.env.OLLAMA_HOST = `http://127.0.0.1:${port}`;
  server = createServer((req, res) => {
    req.resume();
    res.once("close", () => closed.push(req.url ?? ""));
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const request: NdjsonChatRequest = { model: "llama3.2", messages: [{ role: "user", content: "Hi" }] };

async function collect(signal = new AbortController().signal) {
  const events: SourceEvent[] = [];
  try {
    await ndjsonChat({ request, signal, emit: (event) => events.push(event) });
    return { events };
  } catch (error) {
    return { events, error };
  }
}

const line = (content: string) =>
  `${JSON.stringify({ model: "llama3.2", message: { role: "assistant", content }, done: false })}\n`;
const FINAL = `${JSON.stringify({ model: "llama3.2", message: { role: "assistant", content: "" }, done: true, done_reason: "stop", eval_count: 2, eval_duration: 1000 })}\n`;

describe("ndjsonChat reads Ollama's streamed chat and names failures as Lumia does", () => {
  it("one text event per line, even with a line and a UTF-8 character split across reads", async () => {
    handler = (_req, res) => {
      res.writeHead(200, { "content-type": "application/x-ndjson" });
      const bytes = Buffer.from(line("Grüße ⏱") + line(" world") + FINAL);
      const cut = bytes.indexOf(Buffer.from("ü")) + 1; // inside the two bytes of ü
      res.write(bytes.subarray(0, cut));
      setTimeout(() => res.end(bytes.subarray(cut)), 20);
    };
    const { events, error } = await collect();
    expect(error).toBeUndefined();
    expect(events).toEqual([
      { type: "text", text: "Grüße ⏱" },
      { type: "text", text: " world" },
      {
        type: "finish",
        metrics: expect.objectContaining({ done_reason: "stop", eval_count: 2, eval_duration: 1000 }),
      },
    ]);
  });

  it("passes a tool call on as one tool_calls event, after the text of its line", async () => {
    const call = { function: { name: "get_weather", arguments: { city: "Lund" } } };
    handler = (_req, res) => {
      res.writeHead(200, { "content-type": "application/x-ndjson" });
      const toolLine = {
        model: "m",
        message: { role: "assistant", content: "", tool_calls: [call] },
        done: false,
      };
      res.end(`${JSON.stringify(toolLine)}\n${FINAL}`);
    };
    const { events, error } = await collect();
    expect(error).toBeUndefined();
    expect(events.slice(0, 1)).toEqual([{ type: "tool_calls", calls: [call] }]);
    expect(events[1]?.type).toBe("finish");
  });

  it("reads every token as JSON.parse would, whether or not the line takes the no-parse path", async () => {
    // Go's encoder escapes <, > and & as \u003c…; the rest as JSON.stringify does.
    const goEscape = (json: string) =>
      json.replace(/</g, "\\u003c").replace(/>/g, "\\u003e").replace(/&/g, "\\u0026");
    const contents = [
      "plain",
      "å ä ö 🚀",
      "a token longer than a slice's 13 characters, åäö 🚀",
      'say "hi"',
      "back\\slash",
      "two\nlines",
      "<b>&</b>",
      "\t",
      " ",
    ];
    const lines = [
      ...contents.map((content) => goEscape(line(content))),
      // Shapes that must go to JSON.parse: thinking, another key order, a tail hidden in an escaped string.
      `${JSON.stringify({ model: "m", message: { role: "assistant", content: "", thinking: "hm" }, done: false })}\n`,
      `${JSON.stringify({ message: { content: "reordered", role: "assistant" }, model: "m", done: false })}\n`,
      line('x"},"done":false}'),
    ];
    handler = (_req, res) => {
      res.writeHead(200, { "content-type": "application/x-ndjson" });
      // One line per read, then two lines in one read, then a line cut in two reads.
      const all = lines.join("");
      res.write(lines[0]);
      setTimeout(() => {
        const rest = all.slice((lines[0] as string).length) + FINAL;
        const bytes = Buffer.from(rest);
        const byteCut = bytes.indexOf(Buffer.from("🚀")) + 2; // inside the emoji's four bytes
        res.write(bytes.subarray(0, byteCut));
        setTimeout(() => res.end(bytes.subarray(byteCut)), 10);
      }, 10);
    };
    const { events, error } = await collect();
    expect(error).toBeUndefined();
    const expected = lines
      .map((text) => (JSON.parse(text) as { message: { content: string } }).message.content)
      .filter((content) => content !== "");
    expect(events.filter((event) => event.type === "text").map((event) => event.text)).toEqual(expected);
  });

  it("a token's text does not keep its Ollama line alive (an answer keeps every chunk's text)", async () => {
    const gc = (globalThis as { gc?: () => void }).gc;
    if (!gc) throw new Error("Run with --expose-gc (vitest.config.ts passes it).");
    // 2,000 lines of 4 KB, each with a token of 20 characters: 8 MB of lines, 40 KB of text.
    const padding = "x".repeat(4096);
    handler = (_req, res) => {
      res.writeHead(200, { "content-type": "application/x-ndjson" });
      let body = "";
      for (let i = 0; i < 2000; i++) {
        const content = `token-${String(i).padStart(14, "0")}`;
        body += `${JSON.stringify({ model: "m", created_at: padding, message: { role: "assistant", content }, done: false })}\n`;
      }
      res.end(body + FINAL);
    };
    const { events, error } = await collect();
    expect(error).toBeUndefined();
    expect(events.filter((event) => event.type === "text")).toHaveLength(2000);
    gc();
    const withTexts = process.memoryUsage().heapUsed;
    events.length = 0;
    gc();
    const retained = withTexts - process.memoryUsage().heapUsed;
    // Views into their lines would hold all 8 MB.
    expect(retained).toBeLessThan(2 * 1024 * 1024);
  });

  it("an error line after some text is an ollama_error with Ollama's message", async () => {
    handler = (_req, res) => {
      res.writeHead(200, { "content-type": "application/x-ndjson" });
      res.end(`${line("partial")}{"error":"unexpected EOF"}\n`);
    };
    const { events, error } = await collect();
    expect(events).toEqual([{ type: "text", text: "partial" }]);
    expect(error).toMatchObject({ code: "ollama_error", message: expect.stringContaining("unexpected EOF") });
  });

  it("an answer that ends without done is stream_interrupted", async () => {
    handler = (_req, res) => {
      res.writeHead(200, { "content-type": "application/x-ndjson" });
      res.end(line("cut"));
    };
    const { error } = await collect();
    expect(error).toMatchObject({ code: "stream_interrupted" });
  });

  it("Ollama's 404 before any byte is model_not_found, its 503 ollama_busy", async () => {
    handler = (_req, res) => {
      res.writeHead(404, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: "model 'nope' not found" }));
    };
    expect(await collect()).toMatchObject({ error: { code: "model_not_found" } });
    handler = (_req, res) => {
      res.writeHead(503, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: "server busy, please try again." }));
    };
    const { error } = await collect();
    expect(error).toMatchObject({ code: "ollama_busy", message: expect.stringContaining("server busy") });
  });

  it("a connection dropped mid-answer is stream_interrupted", async () => {
    handler = (_req, res) => {
      res.writeHead(200, { "content-type": "application/x-ndjson" });
      res.write(line("so far"), () => res.destroy());
    };
    const { events, error } = await collect();
    expect(events).toEqual([{ type: "text", text: "so far" }]);
    expect(error).toBeInstanceOf(LumiaError);
    expect((error as LumiaError).code).toBe("stream_interrupted");
  });

  it("after the server closed its idle pooled connections, the next answer still streams", async () => {
    handler = (_req, res) => {
      res.writeHead(200, { "content-type": "application/x-ndjson" });
      res.end(line("first") + FINAL);
    };
    expect((await collect()).error).toBeUndefined();
    // Close every idle keep-alive socket from the server side, as Ollama's or a proxy's idle timeout would.
    server.closeIdleConnections();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const { events, error } = await collect();
    expect(error).toBeUndefined();
    expect(events[0]).toEqual({ type: "text", text: "first" });
  });

  it("aborting before any header (model load) closes the connection at once", async () => {
    handler = () => {}; // never answers, like Ollama loading a model
    const controller = new AbortController();
    const before = closed.length;
    setTimeout(() => controller.abort(), 50);
    const started = performance.now();
    const { error } = await collect(controller.signal);
    expect((error as Error).name).toBe("AbortError");
    expect(performance.now() - started).toBeLessThan(500);
    await expect.poll(() => closed.length, { timeout: 1000 }).toBe(before + 1);
  });

  it("reaches an Ollama at an IPv6 address with credentials and a base path in OLLAMA_HOST", async () => {
    const seen: { path?: string; authorization?: string; host?: string }[] = [];
    const ipv6 = createServer((req, res) => {
      req.resume();
      seen.push({ path: req.url, authorization: req.headers.authorization, host: req.headers.host });
      res.writeHead(200, { "content-type": "application/x-ndjson" });
      res.end(line("over IPv6") + FINAL);
    });
    const port = await freePort();
    await new Promise<void>((resolve) => ipv6.listen(port, "::1", resolve));
    try {
      const events: SourceEvent[] = [];
      await ndjsonChat({
        request,
        host: `http://lumia:p%40ss@[::1]:${port}/ollama`,
        signal: new AbortController().signal,
        emit: (event) => events.push(event),
      });
      expect(events[0]).toEqual({ type: "text", text: "over IPv6" });
      expect(seen).toEqual([
        {
          path: "/ollama/api/chat",
          authorization: `Basic ${Buffer.from("lumia:p@ss").toString("base64")}`,
          host: `[::1]:${port}`,
        },
      ]);
    } finally {
      await new Promise<void>((resolve) => ipv6.close(() => resolve()));
    }
  });
});

describe("ndjsonGenerate reads Ollama's streamed /api/generate the same way", () => {
  const generateLine = (response: string) =>
    `${JSON.stringify({ model: "llama3.2", created_at: "2025-07-07T20:22:19.184789Z", response, done: false })}\n`;
  const GENERATE_FINAL = `${JSON.stringify({ model: "llama3.2", response: "", done: true, done_reason: "length", context: [1, 2], prompt_eval_count: 3, eval_count: 2 })}\n`;

  it("posts to /api/generate and gives one text event per response chunk, escaped or not", async () => {
    let path = "";
    let body = "";
    handler = (req, res) => {
      path = req.url ?? "";
      req.on("data", (part: Buffer) => {
        body += part.toString();
      });
      req.on("end", () => {
        res.writeHead(200, { "content-type": "application/x-ndjson" });
        res.end(generateLine("Once") + generateLine(' "upon"\n') + generateLine(" a") + GENERATE_FINAL);
      });
    };
    const events: SourceEvent[] = [];
    await ndjsonGenerate({
      request: { model: "llama3.2", prompt: "Tell me", options: { num_predict: 3 } },
      signal: new AbortController().signal,
      emit: (event) => events.push(event),
    });
    expect(path).toBe("/api/generate");
    expect(JSON.parse(body)).toEqual({
      model: "llama3.2",
      prompt: "Tell me",
      options: { num_predict: 3 },
      stream: true,
    });
    expect(events).toEqual([
      { type: "text", text: "Once" },
      { type: "text", text: ' "upon"\n' },
      { type: "text", text: " a" },
      {
        type: "finish",
        metrics: expect.objectContaining({ done_reason: "length", prompt_eval_count: 3, eval_count: 2 }),
      },
    ]);
  });
});
