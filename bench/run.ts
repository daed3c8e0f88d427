/**
 * `npm run bench`: issues 6 and 15's benchmark. Starts the Ollama emulator (every token stamped with its emit
 * time) and Lumia's production server as separate processes, then opens the same load against the raw
 * emulator (its NDJSON read directly), `/chat/stream` and `/threads/{id}/chat/stream`, and reports the
 * delay each chunk picked up on the way (arrival − emit stamp), first-text latency, the server's CPU and
 * memory. Writes bench/results/latest.json, prints a markdown table and updates docs/performance.md.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { freePort } from "../tests/helpers/free-port";
import { type CapacityResult, capacityOf, capacityReport } from "./capacity";
import { withLumiaInstances } from "./instances";
import { runPhase, type StreamTarget } from "./load";
import { type Endpoint, parseOptions } from "./options";
import {
  cpuSeconds,
  loadAverage,
  rssKb,
  sampleRss,
  steadyRssPerStreamKb,
  systemCpuSeconds,
} from "./proc-stats";
import { type BenchProcess, buildIfStale, startEmulator, startFloorProxy, startLumia } from "./processes";
import { checkGoals, markdownReport, updateDocs } from "./report";
import { AI_SDK_MARKERS, NDJSON_MARKERS, SEED_SSE_MARKERS } from "./stamp-reader";
import { type PhaseSummary, summarize } from "./summary";
import { createThreads, warmUp } from "./warm-up";

const dir = path.resolve(import.meta.dirname, "..");
const options = parseOptions({
  argv: process.argv.slice(2),
  defaultOut: path.join(dir, "bench/results/latest.json"),
});
const startedAt = new Date().toISOString();
const log = (message: string) => console.error(`bench: ${message}`);
const cpuMicros = ({ user, system }: NodeJS.CpuUsage) => user + system;

const MODEL = "llama3.2";
const QUESTION = "How does streaming work?";
const LABELS: Record<Endpoint, string> = {
  raw: "raw emulator (NDJSON /api/chat)",
  floor: "floor: minimal Node pass-through proxy",
  "sse-floor": "SSE floor: minimal Node NDJSON-to-seed-SSE server",
  "sse-floor-next": "SSE floor with Lumia's Next build in its process",
  chat: "Lumia /chat/stream",
  thread: "Lumia /threads/{id}/chat/stream",
  ui: "Lumia /api/chat (AI SDK UI stream)",
};
const MARKERS = {
  raw: NDJSON_MARKERS,
  floor: NDJSON_MARKERS,
  "sse-floor": SEED_SSE_MARKERS,
  "sse-floor-next": SEED_SSE_MARKERS,
  chat: SEED_SSE_MARKERS,
  thread: SEED_SSE_MARKERS,
  ui: AI_SDK_MARKERS,
};
/** The targets that are Lumia itself (the others are references). */
function isLumia(endpoint: Endpoint): endpoint is "chat" | "thread" | "ui" {
  return endpoint === "chat" || endpoint === "thread" || endpoint === "ui";
}

/** Lumia's targets name its process count when it runs more than one. */
const label = (endpoint: Endpoint, workers: number) => {
  if (!isLumia(endpoint)) return LABELS[endpoint];
  const instances = options.instances > 1 ? `, ${options.instances} instances behind nginx` : "";
  return workers === 1
    ? `${LABELS[endpoint]}${instances}`
    : `${LABELS[endpoint]}${instances}, ${workers} workers`;
};
const nodeArgs = [
  ...(options.cpuProfDir ? ["--cpu-prof", `--cpu-prof-dir=${options.cpuProfDir}`] : []),
  ...(options.heapProfDir ? ["--heap-prof", `--heap-prof-dir=${options.heapProfDir}`] : []),
  // Any other flag for the server's node (e.g. --trace-gc), space-separated.
  ...(process.env.LUMIA_BENCH_NODE_ARGS?.split(" ").filter(Boolean) ?? []),
];

/** Measures one target: the server's CPU and RSS around the load, and the streams' timing. */
async function measure({
  endpoint,
  server,
  emulator,
  target,
  streams = options.streams,
  workers = 1,
}: {
  endpoint: Endpoint;
  server: BenchProcess;
  emulator: BenchProcess;
  target: (index: number) => StreamTarget;
  streams?: number;
  workers?: number;
}): Promise<PhaseSummary> {
  // Let the sockets of the warm-up close and the server settle before the idle readings.
  await new Promise((resolve) => setTimeout(resolve, 1500));
  const loadAverageBefore = loadAverage();
  log(`${label(endpoint, workers)}: ${streams} streams (load average ${loadAverageBefore.join(" ")})`);
  const idleRssKb = rssKb(server);
  const cpuBefore = cpuSeconds(server);
  const systemCpuBefore = systemCpuSeconds(server);
  const emulatorCpuBefore = cpuSeconds(emulator);
  const clientCpuBefore = process.cpuUsage();
  const live = { open: 0 };
  const rss = sampleRss({
    pid: server.pid,
    ...(server.pids ? { pids: server.pids } : {}),
    openStreams: () => live.open,
  });
  // CLOCK_MONOTONIC µs, the clock of V8's .cpuprofile timestamps: cuts a --cpu-prof profile to this phase.
  const fromUs = Number(process.hrtime.bigint() / 1000n);
  const samples = await runPhase({
    baseUrl: server.url,
    streams,
    rampMs: options.rampMs,
    tokens: options.tokens,
    timeoutMs: options.rampMs + options.firstTokenMs + options.tokens * options.intervalMs * 3 + 60_000,
    markers: MARKERS[endpoint],
    target,
    live,
  });
  const memory = rss.stop();
  const systemCpu = systemCpuSeconds(server) - systemCpuBefore;
  const summary = summarize({
    endpoint,
    label: label(endpoint, workers),
    samples,
    process: endpoint === "raw" ? "emulator" : isLumia(endpoint) ? "lumia" : "proxy",
    cpuSeconds: cpuSeconds(server) - cpuBefore,
    emulatorCpuSeconds: cpuSeconds(emulator) - emulatorCpuBefore,
    clientCpuSeconds: cpuMicros(process.cpuUsage(clientCpuBefore)) / 1e6,
    idleRssKb,
    peakRssKb: memory.peakKb,
    steadyRssPerStreamKb: steadyRssPerStreamKb({ samples: memory.samples, idleKb: idleRssKb }),
    loadAverageBefore,
  });
  log(
    `${summary.label}: ${summary.streams.ok} ok, ${summary.streams.failed} failed, ` +
      `delay p50 ${summary.chunkDelayMs.p50} p99 ${summary.chunkDelayMs.p99} ms, ` +
      `CPU ${summary.server.cpuSeconds.toFixed(2)} s (kernel ${systemCpu.toFixed(2)} s)`,
  );
  return {
    ...summary,
    workers,
    serverSystemCpuSeconds: Number(systemCpu.toFixed(2)),
    monotonicWindowUs: [fromUs, Number(process.hrtime.bigint() / 1000n)],
  };
}

/** Ollama's own streaming chat request: what the raw and floor phases send. */
const OLLAMA_CHAT_BODY = JSON.stringify({
  model: MODEL,
  messages: [{ role: "user", content: QUESTION }],
  stream: true,
});
const ollamaChat = () => ({ path: "/api/chat", body: OLLAMA_CHAT_BODY });
/** The seed's own request, as `/chat/stream` is asked: what the SSE floor phase sends. */
const SEED_CHAT_BODY = JSON.stringify({ message: QUESTION });
const seedChat = () => ({ path: "/chat/stream", body: SEED_CHAT_BODY });

/** A Lumia target's request for stream `index`, its threads created first. */
async function lumiaTarget({
  endpoint,
  lumiaUrl,
  streams,
}: {
  endpoint: "chat" | "thread" | "ui";
  lumiaUrl: string;
  streams: number;
}): Promise<(index: number) => StreamTarget> {
  const body = SEED_CHAT_BODY;
  if (endpoint === "chat") return seedChat;
  const threadIds = await createThreads({ lumiaUrl, count: streams });
  if (endpoint === "thread") return (index) => ({ path: `/threads/${threadIds[index]}/chat/stream`, body });
  return (index) => ({
    path: "/api/chat",
    body: JSON.stringify({ threadId: threadIds[index], text: QUESTION }),
  });
}

/** Runs `work` against a fresh Lumia with `workers` processes, warmed up, and stops it after. */
async function withLumia<T>(
  { workers, emulator }: { workers: number; emulator: BenchProcess },
  work: (lumia: BenchProcess) => Promise<T>,
): Promise<T> {
  if (options.instances > 1) {
    return withLumiaInstances(
      { instances: options.instances, workers, emulator, dir, nodeArgs, log },
      async (lumia) => {
        await warmUp({ emulatorUrl: emulator.url, lumiaUrl: lumia.url, model: MODEL });
        return work(lumia);
      },
    );
  }
  const lumia = await startLumia({
    dir,
    port: await freePort(),
    ollamaHost: emulator.url,
    nodeArgs,
    workers,
  });
  log(`Lumia ${lumia.url} (pid ${lumia.pid}, ${workers} worker${workers === 1 ? "" : "s"})`);
  try {
    await warmUp({ emulatorUrl: emulator.url, lumiaUrl: lumia.url, model: MODEL });
    return await work(lumia);
  } finally {
    await lumia.stop();
  }
}

/**
 * `--capacity`: the floor proxy, then `/chat/stream` with 1 worker and with `options.workers`, each at a
 * rising number of streams (the same ramp and answers) until the p99 added delay passes the limit.
 * Reports the most streams that stayed within it.
 */
async function capacity({ emulator }: { emulator: BenchProcess }): Promise<CapacityResult[]> {
  const ladder = [100, 200, 300, 400, 500, 600, 800, 1000, 1200, 1500, 2000];
  const over = (phase: PhaseSummary) =>
    phase.streams.failed > 0 || (phase.chunkDelayMs.p99 ?? Infinity) > options.capacityP99Ms;
  /**
   * Climbs the ladder until a load is over the limit (or fails): the loads above it would be too. A load
   * over it is measured once more and the better run kept: on a machine shared with other work, one
   * burst elsewhere must not end the climb.
   */
  const climb = async (run: (streams: number) => Promise<PhaseSummary>) => {
    const runs: PhaseSummary[] = [];
    for (const streams of ladder) {
      let phase = await run(streams);
      if (over(phase)) {
        const again = await run(streams);
        if (!over(again) || (again.chunkDelayMs.p99 ?? Infinity) < (phase.chunkDelayMs.p99 ?? Infinity))
          phase = again;
      }
      runs.push(phase);
      if (over(phase)) break;
    }
    return runs;
  };
  const results: CapacityResult[] = [];
  const proxy = await startFloorProxy({ dir, ollamaHost: emulator.url });
  try {
    await warmUp({ emulatorUrl: proxy.url, model: MODEL });
    const runs = await climb((streams) =>
      measure({ endpoint: "floor", server: proxy, emulator, target: ollamaChat, streams }),
    );
    results.push({ workers: 0, runs, ...capacityOf({ runs, limitMs: options.capacityP99Ms }) });
  } finally {
    await proxy.stop();
  }
  for (const workers of [...new Set([1, options.workers])]) {
    const runs = await withLumia({ workers, emulator }, (lumia) =>
      climb(async (streams) => {
        const target = await lumiaTarget({ endpoint: "chat", lumiaUrl: lumia.url, streams });
        return measure({ endpoint: "chat", server: lumia, emulator, target, streams, workers });
      }),
    );
    results.push({ workers, runs, ...capacityOf({ runs, limitMs: options.capacityP99Ms }) });
  }
  return results;
}

buildIfStale({ dir });
const emulator = await startEmulator({ dir, ...options });
log(`emulator ${emulator.url} (pid ${emulator.pid})`);
const phases: PhaseSummary[] = [];
let capacityResults: CapacityResult[] = [];
try {
  if (options.capacity) {
    await warmUp({ emulatorUrl: emulator.url, model: MODEL });
    capacityResults = await capacity({ emulator });
  }
  const endpoints = options.capacity ? [] : options.endpoints;
  for (const endpoint of endpoints.filter((endpoint) => !isLumia(endpoint))) {
    if (endpoint === "raw") {
      await warmUp({ emulatorUrl: emulator.url, model: MODEL });
      phases.push(await measure({ endpoint, server: emulator, emulator, target: ollamaChat }));
      continue;
    }
    // Profiled as Lumia is (--cpu-prof): its profile is the reference for Lumia's.
    const proxy = await startFloorProxy({
      dir,
      ollamaHost: emulator.url,
      nodeArgs,
      sse: endpoint !== "floor",
      withNext: endpoint === "sse-floor-next",
    });
    try {
      await (endpoint === "floor"
        ? warmUp({ emulatorUrl: proxy.url, model: MODEL })
        : warmUp({ emulatorUrl: emulator.url, seedUrl: proxy.url, model: MODEL }));
      const target = endpoint === "floor" ? ollamaChat : seedChat;
      phases.push(await measure({ endpoint, server: proxy, emulator, target }));
    } finally {
      await proxy.stop();
    }
  }
  const { workers } = options;
  const measureLumia = async (endpoint: "chat" | "thread" | "ui", lumia: BenchProcess) => {
    const target = await lumiaTarget({ endpoint, lumiaUrl: lumia.url, streams: options.streams });
    const phase = await measure({ endpoint, server: lumia, emulator, target, workers });
    phases.push(phase);
    if (phase.streams.failed > 0)
      log(`streams failed; the end of Lumia's log:\n${lumia.logs().slice(-4000)}`);
  };
  const lumiaEndpoints = endpoints.filter(isLumia);
  if (options.quick) {
    // The smoke test measures nothing about speed: one server serves every Lumia target.
    await withLumia({ workers, emulator }, async (lumia) => {
      for (const endpoint of lumiaEndpoints) await measureLumia(endpoint, lumia);
    });
  } else {
    // A fresh server per endpoint: its idle RSS is a clean baseline and no phase inherits another's garbage.
    for (const endpoint of lumiaEndpoints)
      await withLumia({ workers, emulator }, (lumia) => measureLumia(endpoint, lumia));
  }
} finally {
  await emulator.stop();
}

const goals = checkGoals({ phases });
const markdown = options.capacity
  ? capacityReport({ options, results: capacityResults, startedAt })
  : markdownReport({ options, phases, goals, startedAt });
mkdirSync(path.dirname(options.out), { recursive: true });
writeFileSync(
  options.out,
  `${JSON.stringify({ startedAt, node: process.version, options, phases, goals, capacity: capacityResults }, null, 2)}\n`,
);
if (options.docs)
  updateDocs({
    file: path.join(dir, "docs/performance.md"),
    markdown,
    block: options.capacity ? "capacity" : options.instances > 1 ? "instances" : "latest",
  });
console.log(markdown);
const failed = phases.reduce((sum, phase) => sum + phase.streams.failed, 0);
process.exit(failed > 0 ? 1 : 0);
