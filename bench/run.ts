/**
 * `npm run bench`: issue 6's benchmark. Starts the Ollama emulator (every token stamped with its emit
 * time) and Lumia's production server as separate processes, then opens the same load against the raw
 * emulator (its NDJSON read directly), `/chat/stream` and `/threads/{id}/chat/stream`, and reports the
 * delay each chunk picked up on the way (arrival − emit stamp), first-text latency, the server's CPU and
 * memory. Writes bench/results/latest.json, prints a markdown table and updates docs/performance.md.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { freePort } from "../tests/helpers/free-port";
import { runPhase, type StreamTarget } from "./load";
import { type Endpoint, parseOptions } from "./options";
import { cpuSeconds, loadAverage, rssKb, sampleRss, steadyRssPerStreamKb } from "./proc-stats";
import { type BenchProcess, buildIfStale, startEmulator, startFloorProxy, startLumia } from "./processes";
import { checkGoals, markdownReport, updateDocs } from "./report";
import { NDJSON_MARKERS, SEED_SSE_MARKERS } from "./stamp-reader";
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
  chat: "Lumia /chat/stream",
  thread: "Lumia /threads/{id}/chat/stream",
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
}: {
  endpoint: Endpoint;
  server: BenchProcess;
  emulator: BenchProcess;
  target: (index: number) => StreamTarget;
}): Promise<PhaseSummary> {
  // Let the sockets of the warm-up close and the server settle before the idle readings.
  await new Promise((resolve) => setTimeout(resolve, 1500));
  const loadAverageBefore = loadAverage();
  log(`${LABELS[endpoint]}: ${options.streams} streams (load average ${loadAverageBefore.join(" ")})`);
  const idleRssKb = rssKb(server);
  const cpuBefore = cpuSeconds(server);
  const emulatorCpuBefore = cpuSeconds(emulator);
  const clientCpuBefore = process.cpuUsage();
  const live = { open: 0 };
  const rss = sampleRss({ pid: server.pid, openStreams: () => live.open });
  // CLOCK_MONOTONIC µs, the clock of V8's .cpuprofile timestamps: cuts a --cpu-prof profile to this phase.
  const fromUs = Number(process.hrtime.bigint() / 1000n);
  const samples = await runPhase({
    baseUrl: server.url,
    streams: options.streams,
    rampMs: options.rampMs,
    tokens: options.tokens,
    timeoutMs: options.rampMs + options.firstTokenMs + options.tokens * options.intervalMs * 3 + 60_000,
    markers: endpoint === "raw" || endpoint === "floor" ? NDJSON_MARKERS : SEED_SSE_MARKERS,
    target,
    live,
  });
  const memory = rss.stop();
  const summary = summarize({
    endpoint,
    label: LABELS[endpoint],
    samples,
    process: endpoint === "raw" ? "emulator" : endpoint === "floor" ? "proxy" : "lumia",
    cpuSeconds: cpuSeconds(server) - cpuBefore,
    emulatorCpuSeconds: cpuSeconds(emulator) - emulatorCpuBefore,
    clientCpuSeconds: cpuMicros(process.cpuUsage(clientCpuBefore)) / 1e6,
    idleRssKb,
    peakRssKb: memory.peakKb,
    steadyRssPerStreamKb: steadyRssPerStreamKb({ samples: memory.samples, idleKb: idleRssKb }),
    loadAverageBefore,
  });
  log(
    `${LABELS[endpoint]}: ${summary.streams.ok} ok, ${summary.streams.failed} failed, ` +
      `delay p50 ${summary.chunkDelayMs.p50} p99 ${summary.chunkDelayMs.p99} ms`,
  );
  return { ...summary, monotonicWindowUs: [fromUs, Number(process.hrtime.bigint() / 1000n)] };
}

/** Ollama's own streaming chat request: what the raw and floor phases send. */
const OLLAMA_CHAT_BODY = JSON.stringify({
  model: MODEL,
  messages: [{ role: "user", content: QUESTION }],
  stream: true,
});
const ollamaChat = () => ({ path: "/api/chat", body: OLLAMA_CHAT_BODY });

buildIfStale({ dir });
const emulator = await startEmulator({ dir, ...options });
log(`emulator ${emulator.url} (pid ${emulator.pid})`);
const phases: PhaseSummary[] = [];
try {
  for (const endpoint of options.endpoints) {
    if (endpoint === "raw") {
      await warmUp({ emulatorUrl: emulator.url, model: MODEL });
      phases.push(await measure({ endpoint, server: emulator, emulator, target: ollamaChat }));
      continue;
    }
    if (endpoint === "floor") {
      const proxy = await startFloorProxy({ dir, ollamaHost: emulator.url });
      try {
        await warmUp({ emulatorUrl: proxy.url, model: MODEL });
        phases.push(await measure({ endpoint, server: proxy, emulator, target: ollamaChat }));
      } finally {
        await proxy.stop();
      }
      continue;
    }
    // A fresh server per endpoint: its idle RSS is a clean baseline and no phase inherits another's garbage.
    const lumia = await startLumia({ dir, port: await freePort(), ollamaHost: emulator.url, nodeArgs });
    log(`Lumia ${lumia.url} (pid ${lumia.pid}) for ${LABELS[endpoint]}`);
    try {
      await warmUp({ emulatorUrl: emulator.url, lumiaUrl: lumia.url, model: MODEL });
      const body = JSON.stringify({ message: QUESTION });
      const threadIds =
        endpoint === "thread" ? await createThreads({ lumiaUrl: lumia.url, count: options.streams }) : [];
      const target =
        endpoint === "thread"
          ? (index: number) => ({ path: `/threads/${threadIds[index]}/chat/stream`, body })
          : () => ({ path: "/chat/stream", body });
      const phase = await measure({ endpoint, server: lumia, emulator, target });
      phases.push(phase);
      if (phase.streams.failed > 0)
        log(`streams failed; the end of Lumia's log:\n${lumia.logs().slice(-4000)}`);
    } finally {
      await lumia.stop();
    }
  }
} finally {
  await emulator.stop();
}

const goals = checkGoals({ phases });
const markdown = markdownReport({ options, phases, goals, startedAt });
mkdirSync(path.dirname(options.out), { recursive: true });
writeFileSync(
  options.out,
  `${JSON.stringify({ startedAt, node: process.version, options, phases, goals }, null, 2)}\n`,
);
if (options.docs) updateDocs({ file: path.join(dir, "docs/performance.md"), markdown });
console.log(markdown);
const failed = phases.reduce((sum, phase) => sum + phase.streams.failed, 0);
process.exit(failed > 0 ? 1 : 0);
