import "server-only";
import { getDb } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { createOllamaClient } from "@/lib/ollama/client";
import { toOllamaError } from "@/lib/ollama/errors";
import { canonicalModelName, listInstalledModels } from "@/lib/ollama/models";
import { hostsForModel } from "@/lib/ollama/route-host";

/** One model being pulled, as the UI shows it: Ollama's last status line and the bytes so far. */
export interface PullJob {
  model: string;
  state: "pulling" | "done" | "error";
  /** Ollama's status line: `pulling manifest`, `pulling <digest>`, `verifying sha256 digest`, `success`. */
  status: string;
  completed: number;
  total: number;
  error: string | null;
  startedAt: string;
  endedAt: string | null;
}

/** How long an ended pull stays listed (a page reloaded just after it still sees how it ended). */
const KEEP_ENDED_MS = 60_000;
/** How often a running pull's progress is shared with the other processes (never per progress line). */
const SHARE_EVERY_MS = 250;
/** A pull nobody has reported on for this long died with its process. */
const STALE_MS = 30_000;
const KEY_PREFIX = "pull-job:";

/**
 * Pulls run on the server, not in the page that asked: a reload, a second tab or a closed laptop lid
 * does not stop them, and any page can follow them (GET /api/models/pulls). One job per model. The
 * process that runs a pull keeps it here and shares its progress through the database (the Setting
 * table), so that a page served by another worker or instance sees it too.
 */
const pullStore = globalThis as { __lumiaPullJobs?: Map<string, PullJob> };
pullStore.__lumiaPullJobs ??= new Map();
const jobs: Map<string, PullJob> = pullStore.__lumiaPullJobs;

function prune(now = Date.now()) {
  for (const [key, job] of jobs) {
    if (job.endedAt && now - Date.parse(job.endedAt) > KEEP_ENDED_MS) jobs.delete(key);
  }
}

/** Shares a job's state with the other processes; a failure only delays what they see. */
async function share(job: PullJob): Promise<void> {
  const db = await getDb();
  const key = KEY_PREFIX + canonicalModelName(job.model);
  const value = JSON.stringify(job);
  await db.setting.upsert({ where: { key }, create: { key, value }, update: { value } }).catch(() => {});
}

/** The pulls other processes shared, as they last reported them (stale ones as failed). */
async function sharedJobs(now = Date.now()): Promise<Map<string, PullJob>> {
  const db = await getDb();
  const rows = await db.setting.findMany({ where: { key: { startsWith: KEY_PREFIX } } });
  const found = new Map<string, PullJob>();
  const gone: string[] = [];
  for (const row of rows) {
    let job: PullJob;
    try {
      job = JSON.parse(row.value) as PullJob;
    } catch {
      gone.push(row.key);
      continue;
    }
    const quietMs = now - row.updatedAt.getTime();
    if (job.endedAt && now - Date.parse(job.endedAt) > KEEP_ENDED_MS) {
      gone.push(row.key);
      continue;
    }
    if (job.state === "pulling" && quietMs > STALE_MS) {
      job = {
        ...job,
        state: "error",
        error: "The Lumia process running this pull stopped.",
        endedAt: row.updatedAt.toISOString(),
      };
    }
    found.set(row.key.slice(KEY_PREFIX.length), job);
  }
  if (gone.length > 0) await db.setting.deleteMany({ where: { key: { in: gone } } }).catch(() => {});
  return found;
}

/** The pulls running now and those that ended in the last minute, in every process. */
export async function listPullJobs(): Promise<PullJob[]> {
  prune();
  const all = await sharedJobs();
  // This process's own jobs are fresher than what it last shared.
  for (const [key, job] of jobs) all.set(key, job);
  return [...all.values()];
}

/** Starts pulling `model` (or returns the pull already under way, in this process or another). */
export async function startPull({ model }: { model: string }): Promise<PullJob> {
  prune();
  const key = canonicalModelName(model);
  const running = jobs.get(key) ?? (await sharedJobs()).get(key);
  if (running?.state === "pulling") return running;
  const job: PullJob = {
    model,
    state: "pulling",
    status: "starting",
    completed: 0,
    total: 0,
    error: null,
    startedAt: new Date().toISOString(),
    endedAt: null,
  };
  jobs.set(key, job);
  await share(job);
  void run(job);
  return job;
}

async function run(job: PullJob) {
  let sharing = Promise.resolve();
  try {
    // With several hosts: the best for this model (one that has it, else reachable and least busy).
    const host =
      getEnv().ollamaHosts.length > 1 ? (await hostsForModel({ model: job.model }))[0]?.url : undefined;
    const stream = await createOllamaClient(host ? { host } : {}).pull({ model: job.model, stream: true });
    let sharedAt = Date.now();
    for await (const progress of stream) {
      if (Date.now() - sharedAt >= SHARE_EVERY_MS) {
        sharedAt = Date.now();
        // One after the other, so that an older snapshot never lands after a newer one.
        sharing = sharing.then(() => share(job));
      }
      job.status = progress.status;
      // Per layer: a layer's own total and completed (the big one is the model's weights).
      if (progress.total) {
        job.total = progress.total;
        job.completed = progress.completed ?? 0;
      }
    }
    if (job.status !== "success") throw new Error(`the pull ended at "${job.status}"`);
    job.state = "done";
    job.completed = job.total;
    // The model list shows it at once, not after its cache expires.
    await listInstalledModels({ maxAgeMs: 0 }).catch(() => {});
  } catch (error) {
    job.state = "error";
    const lumia = toOllamaError({ error, model: job.model });
    job.error =
      lumia.code === "model_not_found" || /manifest/.test(lumia.message)
        ? `The registry has no model named '${job.model}'.`
        : lumia.message;
  } finally {
    job.endedAt = new Date().toISOString();
    await sharing;
    await share(job);
  }
}
