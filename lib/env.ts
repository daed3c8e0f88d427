import { z } from "zod";

const onOff = z
  .enum(["on", "off", "true", "false", "1", "0"])
  .transform((v) => v === "on" || v === "true" || v === "1");

/** `<count>/<seconds>`, e.g. `60/60`: at most 60 in any 60 seconds. */
const rate = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .pipe(
      z
        .string()
        .regex(/^\d+\/\d+$/, "must be <count>/<seconds>, e.g. 60/60")
        .transform((value) => {
          const [points, seconds] = value.split("/").map(Number);
          return { points: points as number, seconds: seconds as number };
        }),
    );

const envSchema = z.object({
  OLLAMA_HOST: z.string().default("http://127.0.0.1:11434"),
  LUMIA_MODEL: z.string().min(1).default("llama3.2"),
  LUMIA_EMBED_MODEL: z.string().min(1).default("nomic-embed-text"),
  DATABASE_URL: z.string().default("file:./data/lumia.db"),
  /**
   * A Redis server shared by several Lumia instances: running answers readable and stoppable from any of
   * them, rate limits counted together. Unset: one process keeps its own.
   */
  REDIS_URL: z
    .string()
    .url()
    .refine((url) => /^rediss?:/.test(url), "REDIS_URL must be a redis:// or rediss:// URL")
    .optional(),
  LUMIA_MEMORY_EXTRACTION: onOff.default(true),
  /** `off` keeps threads titled by their first message instead of asking the model for a title. */
  LUMIA_TITLES: onOff.default(true),
  /** Keep-alive sent to Ollama by the fast endpoint so the model stays loaded between questions. */
  LUMIA_FAST_KEEP_ALIVE: z.string().default("30m"),
  /** Seconds of silence before a `: keep-alive` comment is written (proxies and CDNs close idle streams). */
  LUMIA_HEARTBEAT_MS: z.coerce.number().int().positive().default(15_000),
  /** Silence after the first chunk at which a stream is declared stuck, Ollama aborted and an error sent. */
  LUMIA_STALL_TIMEOUT_MS: z.coerce.number().int().positive().default(120_000),
  /** How long a thread answer goes on with nobody reading it before Ollama is stopped (reload, switch). */
  LUMIA_RESUME_GRACE_MS: z.coerce.number().int().nonnegative().default(30_000),
  /** At SIGTERM/SIGINT, how long running answers may finish before they are cut off. */
  LUMIA_SHUTDOWN_GRACE_MS: z.coerce.number().int().nonnegative().default(10_000),
  /** The address users reach Lumia at (behind a proxy): its host is allowed and its origin trusted. */
  LUMIA_PUBLIC_URL: z.url().optional(),
  /** More host names Lumia answers to (comma-separated); loopback names and IP addresses always work. */
  LUMIA_ALLOWED_HOSTS: z.string().default(""),
  /** `on` requires accounts: sign-in for the UI, an API key for everything else. */
  LUMIA_AUTH: onOff.default(false),
  /** Messages one account (or API key, or address) may send: `<count>/<seconds>`, with accounts on. */
  LUMIA_RATE_LIMIT_MESSAGES: rate("60/60"),
  /** Sign-in and sign-up attempts one address may make: `<count>/<seconds>`. */
  LUMIA_RATE_LIMIT_SIGNIN: rate("10/300"),
  /** Time a client has to send a whole request (headers and body); a stream's response is not limited. */
  LUMIA_REQUEST_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
  /** Server processes `npm start` runs on one port; unset: one per core (os.availableParallelism()). */
  LUMIA_WORKERS: z.coerce.number().int().positive().max(256).optional(),
  /** `off` silences the per-stream monitoring lines (benchmarks with thousands of streams). */
  LUMIA_STREAM_LOG: onOff.default(true),
  /**
   * Browser origins (`https://app.example.com`, comma-separated, exact) allowed to call `/v1` and the
   * streaming endpoints from their pages. Empty: no cross-origin browser access.
   */
  LUMIA_CORS_ORIGINS: z
    .string()
    .default("")
    .transform((raw, ctx) => {
      const origins: string[] = [];
      for (const entry of raw.split(",").map((origin) => origin.trim())) {
        if (entry === "") continue;
        const origin = toOrigin(entry);
        if (origin) origins.push(origin);
        else
          ctx.addIssue({
            code: "custom",
            message: `'${entry}' is not an origin like https://app.example.com (scheme, host, optional port; never *)`,
          });
      }
      return origins;
    }),
});

export type Env = z.infer<typeof envSchema> & {
  /** Every Ollama host of OLLAMA_HOST (one or more, comma-separated), normalised, in the order given. */
  ollamaHosts: readonly string[];
  /** The first of them: with one host, the one Lumia talks to. */
  ollamaHost: string;
};

/** `scheme://host[:port]` as a browser sends it in its Origin header (lower case), or undefined. */
function toOrigin(value: string): string | undefined {
  try {
    const url = new URL(value);
    const bare = url.pathname === "/" && !url.search && !url.hash && !url.username;
    return bare && url.origin !== "null" && /^https?:$/.test(url.protocol) ? url.origin : undefined;
  } catch {
    return undefined;
  }
}

let cached: Env | undefined;

/**
 * The validated environment, read once. Read lazily (not at import) so that scripts and tests can set
 * variables before the first use.
 */
export function getEnv(): Env {
  if (cached) return cached;
  const parsed = envSchema.safeParse(process.env);
  if (!parsed.success) {
    throw new Error(`Invalid environment: ${z.prettifyError(parsed.error)}`);
  }
  const ollamaHosts = parseOllamaHosts(parsed.data.OLLAMA_HOST);
  cached = { ...parsed.data, ollamaHosts, ollamaHost: ollamaHosts[0] as string };
  return cached;
}

/**
 * OLLAMA_HOST as a list: `gpu1:11434,gpu2:11434` is two hosts, each normalised as one would be alone;
 * empty entries are skipped, the same host named twice counts once. Never empty: no entry at all means
 * Ollama's default address.
 */
export function parseOllamaHosts(raw: string): string[] {
  const entries = raw
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  const hosts = [...new Set(entries.map(normalizeOllamaHost))];
  return hosts.length > 0 ? hosts : [normalizeOllamaHost("")];
}

/**
 * Accepts the forms Ollama's own CLI accepts for OLLAMA_HOST (`0.0.0.0`, `:11434`, `host:port`,
 * full URLs) and returns a URL without a trailing slash. A bind-all address is reached on loopback.
 */
export function normalizeOllamaHost(raw: string): string {
  let host = raw.trim() || "127.0.0.1:11434";
  if (host.startsWith(":")) host = `127.0.0.1${host}`;
  if (!host.includes("://")) host = `http://${host}`;
  const url = new URL(host);
  if (url.hostname === "0.0.0.0") url.hostname = "127.0.0.1";
  if (!url.port && url.protocol === "http:" && !raw.includes("://")) url.port = "11434";
  return url.toString().replace(/\/+$/, "");
}
