import type { IncomingMessage, ServerResponse } from "node:http";
import http from "node:http";

/**
 * The floor for a server that speaks the seed's contract, as opposed to copying bytes (floor-proxy.ts):
 * POST /chat/stream's `{"message"}` read and parsed, Ollama's `/api/chat` asked, each NDJSON line cut out
 * and its token written as one `data: {"chunk":…}` SSE event between `event: start` and `event: done`.
 * Nothing else: no validation beyond JSON, no timing, metrics, log for resume, persistence or framework.
 * What this costs per chunk over the pass-through floor is the least the contract itself costs; what
 * Lumia costs over this is what its features and its process cost. `--endpoints floor,sse-floor,chat`.
 *
 * With SSE_FLOOR_NEXT_DIR (the `sse-floor-next` target) the same server also holds Lumia's Next build,
 * serves every other path with it and asks it for a few of Lumia's pages and API routes before it is
 * measured, as Lumia's warm-up does: its streams run the same code as above, in a process like Lumia's
 * (Next's heap, its patched `process.nextTick`, its AsyncLocalStorage hooks on every async resource).
 * Its distance from `sse-floor` is what Next in the process costs on this Node.
 */
const upstream = new URL(process.env.OLLAMA_HOST ?? "http://127.0.0.1:11434");
const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
const SSE_HEADERS = {
  "content-type": "text/event-stream; charset=utf-8",
  "cache-control": "no-cache, no-transform",
  "x-accel-buffering": "no",
};
const TOKEN_HEAD = '"message":{"role":"assistant","content":"';
const TOKEN_TAIL = '"},"done":false}';

const nextDir = process.env.SSE_FLOOR_NEXT_DIR;
const nextHandler = nextDir ? await loadNext(nextDir) : undefined;

const server = http.createServer((req, res) => {
  if (nextHandler && req.url !== "/chat/stream") {
    void nextHandler(req, res);
    return;
  }
  const parts: Buffer[] = [];
  req.on("data", (part: Buffer) => parts.push(part));
  req.on("end", () => {
    let message: unknown;
    try {
      message = (JSON.parse(Buffer.concat(parts).toString("utf8")) as { message?: unknown }).message;
    } catch {
      message = undefined;
    }
    if (typeof message !== "string") {
      res.writeHead(400, { "content-type": "application/json" });
      res.end('{"error":"message is required"}');
      return;
    }
    answer({ message, res });
  });
});

function answer({ message, res }: { message: string; res: http.ServerResponse }) {
  const body = JSON.stringify({
    model: "llama3.2",
    messages: [{ role: "user", content: message }],
    stream: true,
  });
  const forward = http.request(
    {
      host: upstream.hostname,
      port: upstream.port,
      path: "/api/chat",
      method: "POST",
      agent,
      headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) },
    },
    (ollama) => {
      res.writeHead(200, SSE_HEADERS);
      res.write('event: start\ndata: {"start":true}\n\n');
      ollama.setEncoding("utf8");
      let partial = "";
      ollama.on("data", (text: string) => {
        const lines = partial + text;
        let start = 0;
        for (let newline = lines.indexOf("\n"); newline >= 0; newline = lines.indexOf("\n", start)) {
          line(lines.slice(start, newline), res);
          start = newline + 1;
        }
        partial = lines.slice(start);
      });
      ollama.on("end", () => res.end());
    },
  );
  forward.on("error", () => res.destroy());
  res.on("close", () => forward.destroy());
  forward.end(body);
}

/** One NDJSON line: a token line by its shape (no parse), anything else by JSON.parse. */
function line(text: string, res: http.ServerResponse) {
  if (text.endsWith(TOKEN_TAIL)) {
    const at = text.indexOf(TOKEN_HEAD);
    const start = at + TOKEN_HEAD.length;
    const end = text.length - TOKEN_TAIL.length;
    if (at >= 0 && text.indexOf('"', start) === end && text.indexOf("\\", start) < 0) {
      res.write(`data: {"chunk":"${text.slice(start, end)}"}\n\n`);
      return;
    }
  }
  if (!text) return;
  const parsed = JSON.parse(text) as { message?: { content?: string }; done?: boolean };
  if (parsed.message?.content) res.write(`data: {"chunk":${JSON.stringify(parsed.message.content)}}\n\n`);
  if (parsed.done) res.write('event: done\ndata: {"done":true}\n\n');
}

server.listen(Number(process.env.PORT ?? 0), "127.0.0.1", async () => {
  const { port } = server.address() as { port: number };
  if (nextHandler) await askNext(`http://127.0.0.1:${port}`);
  console.log(`SSE floor listening on http://127.0.0.1:${port}`);
});

async function loadNext(dir: string): Promise<(req: IncomingMessage, res: ServerResponse) => Promise<void>> {
  const { default: next } = await import("next");
  const app = next({ dev: false, dir });
  await app.prepare();
  return app.getRequestHandler();
}

/** What Lumia's warm-up and its first user ask of Next: a page and JSON routes (their status is not the point). */
async function askNext(base: string): Promise<void> {
  for (const path of ["/", "/api/health", "/api/threads?limit=1", "/settings"]) {
    await fetch(`${base}${path}`, { signal: AbortSignal.timeout(20_000) })
      .then((response) => response.arrayBuffer())
      .catch(() => {});
  }
}

// An orderly exit, so that node --cpu-prof writes its profile.
process.on("SIGTERM", () => process.exit(0));
