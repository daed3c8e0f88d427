import { availableParallelism } from "node:os";
import { parseArgs } from "node:util";

/** The targets a run can measure, in the order they run. */
export const ENDPOINTS = ["raw", "floor", "sse-floor", "sse-floor-next", "chat", "thread", "ui"] as const;
export type Endpoint = (typeof ENDPOINTS)[number];

export interface BenchOptions {
  streams: number;
  rampMs: number;
  tokens: number;
  intervalMs: number;
  firstTokenMs: number;
  endpoints: Endpoint[];
  quick: boolean;
  /** Where the JSON goes. */
  out: string;
  /** Rewrite the "Latest results" section of docs/performance.md (never for --quick). */
  docs: boolean;
  /** Run the server under `node --cpu-prof` and write the profile here. */
  cpuProfDir?: string;
  /** Run the server under `node --heap-prof` and write the profile here. */
  heapProfDir?: string;
  /** Lumia's server processes (LUMIA_WORKERS) for the Lumia targets. */
  workers: number;
  /**
   * Instead of the targets at one load: the most streams at which `/chat/stream`'s p99 added delay stays
   * within `capacityP99Ms`, with 1 worker and with `workers`.
   */
  capacity: boolean;
  capacityP99Ms: number;
  /**
   * Lumia's targets through this many instances behind nginx's round-robin, on one PostgreSQL database
   * and one Redis (LUMIA_BENCH_POSTGRES_URL, LUMIA_BENCH_REDIS_URL): the scaled-out deployment.
   */
  instances: number;
}

const DEFAULTS = { streams: 1000, rampMs: 5000, tokens: 200, intervalMs: 50, firstTokenMs: 150 };
/** CI's smoke test: every path exercised in a few seconds, nothing asserted about speed. */
const QUICK = { streams: 50, rampMs: 1000, tokens: 40, intervalMs: 20, firstTokenMs: 50 };

const HELP = `npm run bench -- [options]
  --streams N        streams per endpoint (default ${DEFAULTS.streams})
  --ramp-ms MS       spread the stream starts over MS (default ${DEFAULTS.rampMs})
  --tokens N         tokens per answer (default ${DEFAULTS.tokens})
  --interval-ms MS   gap between two tokens (default ${DEFAULTS.intervalMs})
  --first-token-ms   emulated prompt evaluation before the first token (default ${DEFAULTS.firstTokenMs})
  --endpoints LIST   comma-separated subset of ${ENDPOINTS.join(",")} (default all)
  --quick            ${QUICK.streams} streams, ${QUICK.tokens} tokens at ${QUICK.intervalMs} ms (CI smoke test)
  --out FILE         JSON results (default bench/results/latest.json)
  --no-docs          do not rewrite docs/performance.md
  --cpu-prof DIR     profile the Lumia server (and the floor proxy) with node --cpu-prof into DIR
  --heap-prof DIR    profile the Lumia server with node --heap-prof into DIR
  --workers N        Lumia's server processes (LUMIA_WORKERS) for the Lumia targets (default 1)
  --capacity         find the most streams at which /chat/stream's p99 added delay stays ≤ 10 ms,
                     with 1 worker and with --workers (default: the number of cores)
  --capacity-p99-ms  the p99 limit of --capacity (default 10)
  --instances N      Lumia's targets through N instances behind nginx (round-robin), on PostgreSQL
                     and Redis (LUMIA_BENCH_POSTGRES_URL, LUMIA_BENCH_REDIS_URL; default 1: one Lumia)`;

/** Reads the command line; explicit numbers win over the --quick preset. */
export function parseOptions({ argv, defaultOut }: { argv: string[]; defaultOut: string }): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      streams: { type: "string" },
      "ramp-ms": { type: "string" },
      tokens: { type: "string" },
      "interval-ms": { type: "string" },
      "first-token-ms": { type: "string" },
      endpoints: { type: "string" },
      quick: { type: "boolean", default: false },
      out: { type: "string" },
      "no-docs": { type: "boolean", default: false },
      "cpu-prof": { type: "string" },
      "heap-prof": { type: "string" },
      workers: { type: "string" },
      capacity: { type: "boolean", default: false },
      "capacity-p99-ms": { type: "string" },
      instances: { type: "string" },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    console.log(HELP);
    process.exit(0);
  }
  const base = values.quick ? QUICK : DEFAULTS;
  const count = (name: string, value: string | undefined, fallback: number, min: number) => {
    if (value === undefined) return fallback;
    const n = Number(value);
    if (!Number.isInteger(n) || n < min)
      throw new Error(`--${name} must be an integer ≥ ${min}, got ${value}`);
    return n;
  };
  const endpoints = (values.endpoints ?? ENDPOINTS.join(",")).split(",").map((name) => name.trim());
  for (const name of endpoints) {
    if (!ENDPOINTS.includes(name as Endpoint)) {
      throw new Error(`--endpoints: unknown endpoint '${name}' (known: ${ENDPOINTS.join(", ")})`);
    }
  }
  return {
    streams: count("streams", values.streams, base.streams, 1),
    rampMs: count("ramp-ms", values["ramp-ms"], base.rampMs, 0),
    tokens: count("tokens", values.tokens, base.tokens, 1),
    intervalMs: count("interval-ms", values["interval-ms"], base.intervalMs, 1),
    firstTokenMs: count("first-token-ms", values["first-token-ms"], base.firstTokenMs, 0),
    endpoints: ENDPOINTS.filter((name) => endpoints.includes(name)),
    quick: values.quick,
    out: values.out ?? defaultOut,
    docs: !values.quick && !values["no-docs"],
    ...(values["cpu-prof"] ? { cpuProfDir: values["cpu-prof"] } : {}),
    ...(values["heap-prof"] ? { heapProfDir: values["heap-prof"] } : {}),
    workers: count("workers", values.workers, values.capacity ? availableParallelism() : 1, 1),
    capacity: values.capacity,
    capacityP99Ms: count("capacity-p99-ms", values["capacity-p99-ms"], 10, 1),
    instances: count("instances", values.instances, 1, 1),
  };
}
