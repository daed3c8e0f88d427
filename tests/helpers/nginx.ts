import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import net, { type AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";

/** The nginx binary the harness runs; override with NGINX_BIN. */
export const nginxBin = process.env.NGINX_BIN ?? "/usr/sbin/nginx";

/** The shipped config that `recommended` runs and the other modes build on. */
export const lumiaConfPath = path.resolve(import.meta.dirname, "../../deploy/nginx/lumia.conf");

/**
 * - `hostile`: gzip for event streams, default proxy buffering, the client's Accept-Encoding withheld
 *   from the upstream so nginx does the compressing: the setup the seed's issue was about.
 * - `ignore-accel`: hostile, and nginx ignores `X-Accel-Buffering` (negative control: must buffer).
 * - `recommended`: deploy/nginx/lumia.conf as shipped.
 */
export type NginxMode = "hostile" | "ignore-accel" | "recommended";

/** A running nginx in front of an upstream. */
export type RunningNginx = {
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  url: string;
  /** The generated nginx.conf, for failure messages. */
  config: string;
  /** Stops nginx and removes its directory; safe to call twice. */
  stop(): Promise<void>;
};

const hostileHttp = [
  "gzip on;",
  "gzip_types text/event-stream application/json;",
  "gzip_min_length 0;",
  "gzip_proxied any;",
];
const modeDirectives: Record<NginxMode, { http: string[]; location: string[] }> = {
  recommended: { http: [], location: [] },
  hostile: { http: hostileHttp, location: ['proxy_set_header Accept-Encoding "";'] },
  "ignore-accel": {
    http: hostileHttp,
    location: ['proxy_set_header Accept-Encoding "";', "proxy_ignore_headers X-Accel-Buffering;"],
  },
};

/**
 * Starts /usr/sbin/nginx in the foreground on a free loopback port, proxying to `upstream` with the
 * server block of deploy/nginx/lumia.conf plus the mode's directives. Everything nginx writes (pid,
 * logs, temp files) stays in its own temporary directory.
 */
export async function startNginx({
  upstream,
  mode,
}: {
  upstream: string;
  mode: NginxMode;
}): Promise<RunningNginx> {
  const template = await readFile(lumiaConfPath, "utf8");
  const dir = await mkdtemp(path.join(os.tmpdir(), "lumia-nginx-"));
  try {
    return await launch({ template, upstream, mode, dir });
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

async function launch({
  template,
  upstream,
  mode,
  dir,
}: {
  template: string;
  upstream: string;
  mode: NginxMode;
  dir: string;
}): Promise<RunningNginx> {
  const errorLog = path.join(dir, "error.log");
  let lastError: unknown;
  // The free port is found by binding and releasing it, so another process may take it first: retry.
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const config = renderConfig({ template, upstream, port, mode, dir });
    await writeFile(path.join(dir, "nginx.conf"), config);
    await writeFile(errorLog, "");
    const args = ["-p", `${dir}/`, "-c", path.join(dir, "nginx.conf"), "-e", errorLog, "-g", "daemon off;"];
    const child = spawn(nginxBin, args, { stdio: "ignore" });
    // Spawn failures (a wrong NGINX_BIN) arrive as an event; waitForPort reports them.
    child.on("error", () => {});
    // If the test process exits without stop(), SIGTERM still lets the master take its worker down.
    const killOnExit = () => child.kill("SIGTERM");
    process.on("exit", killOnExit);
    try {
      await waitForPort({ child, port });
    } catch (error) {
      process.off("exit", killOnExit);
      await terminate(child);
      const log = await readFile(errorLog, "utf8").catch(() => "");
      lastError = new Error(`nginx (${mode}) did not start: ${(error as Error).message}\n${log}`);
      if (log.includes("Address already in use")) continue;
      break;
    }
    let stopped = false;
    return {
      url: `http://127.0.0.1:${port}`,
      config,
      async stop() {
        if (stopped) return;
        stopped = true;
        process.off("exit", killOnExit);
        await terminate(child);
        await rm(dir, { recursive: true, force: true });
      },
    };
  }
  throw lastError;
}

function renderConfig({
  template,
  upstream,
  port,
  mode,
  dir,
}: {
  template: string;
  upstream: string;
  port: number;
  mode: NginxMode;
  dir: string;
}): string {
  const target = new URL(upstream);
  if (target.protocol !== "http:") throw new Error(`upstream must be http://host:port, got ${upstream}`);
  const at = (name: string) => JSON.stringify(path.join(dir, name));
  const { http, location } = modeDirectives[mode];
  const withUpstream = replaceOnce(
    template,
    /(upstream\s+lumia\s*\{[^}]*?\n[ \t]*server\s+)[^;\s]+/,
    `$1${target.host}`,
  );
  const withListen = replaceOnce(withUpstream, /^([ \t]*)listen\s+[^;]+;/m, `$1listen 127.0.0.1:${port};`);
  // `$1` is the indentation of `location / {`: the added directives sit one level deeper.
  const server = replaceOnce(
    withListen,
    /^([ \t]*)location \/ \{\n/m,
    `$&${location.map((line) => `$1    ${line}\n`).join("")}`,
  );
  return [
    `# Generated by tests/helpers/nginx.ts (mode: ${mode}) from deploy/nginx/lumia.conf`,
    // As root, nginx would run its worker as `nobody`, which cannot enter this 0700 directory to
    // write its temp files; as any other user the directive is ignored with a warning, so leave it out.
    process.getuid?.() === 0 ? "user root;" : "",
    "worker_processes 1;",
    `pid ${at("nginx.pid")};`,
    `error_log ${at("error.log")} notice;`,
    "events { worker_connections 64; }",
    "http {",
    `    access_log ${at("access.log")};`,
    `    client_body_temp_path ${at("client_body")};`,
    `    proxy_temp_path ${at("proxy")};`,
    `    fastcgi_temp_path ${at("fastcgi")};`,
    `    uwsgi_temp_path ${at("uwsgi")};`,
    `    scgi_temp_path ${at("scgi")};`,
    ...http.map((line) => `    ${line}`),
    server,
    "}",
    "",
  ].join("\n");
}

/** Replaces the one match of `pattern`, failing loudly when lumia.conf no longer has that shape. */
function replaceOnce(text: string, pattern: RegExp, replacement: string): string {
  if (!pattern.test(text)) throw new Error(`deploy/nginx/lumia.conf has no match for ${pattern}`);
  return text.replace(pattern, replacement);
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function waitForPort({ child, port }: { child: ChildProcess; port: number }): Promise<void> {
  const deadline = performance.now() + 10_000;
  while (performance.now() < deadline) {
    if (child.pid === undefined) throw new Error(`could not run ${nginxBin} (set NGINX_BIN)`);
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`exited with ${child.exitCode ?? child.signalCode}`);
    }
    const socket = net.connect(port, "127.0.0.1");
    const open = await new Promise<boolean>((resolve) => {
      socket.once("connect", () => resolve(true));
      socket.once("error", () => resolve(false));
    });
    socket.destroy();
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`port ${port} did not accept connections within 10 s`);
}

/** SIGTERM is nginx's fast shutdown: the master stops its worker, then itself. */
async function terminate(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
  await exited;
  clearTimeout(timer);
}
