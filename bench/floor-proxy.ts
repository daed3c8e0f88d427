import http from "node:http";

/**
 * The floor for any Node server between Ollama and a client: POST /api/chat forwarded to OLLAMA_HOST and
 * its bytes copied to the client as they come, nothing parsed, encoded or counted. What this costs per
 * chunk (one socket read and one socket write, through node:http) no Node chat server can go below;
 * `npm run bench -- --endpoints raw,floor,chat` measures it beside Lumia.
 */
const upstream = new URL(process.env.OLLAMA_HOST ?? "http://127.0.0.1:11434");
const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });

const server = http.createServer((req, res) => {
  const forward = http.request(
    {
      host: upstream.hostname,
      port: upstream.port,
      path: "/api/chat",
      method: "POST",
      agent,
      headers: req.headers,
    },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.on("data", (data: Buffer) => res.write(data));
      answer.on("end", () => res.end());
    },
  );
  forward.on("error", () => res.destroy());
  res.on("close", () => forward.destroy());
  req.pipe(forward);
});
server.listen(Number(process.env.PORT ?? 0), "127.0.0.1", () => {
  const { port } = server.address() as { port: number };
  console.log(`floor proxy listening on http://127.0.0.1:${port}`);
});
// An orderly exit, so that node --cpu-prof writes its profile.
process.on("SIGTERM", () => process.exit(0));
