import "server-only";
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

/**
 * Pulls run on the server, not in the page that asked: a reload, a second tab or a closed laptop lid
 * does not stop them, and any page can follow them (GET /api/models/pulls). One job per model; kept on
 * globalThis so that Next's separate route bundles share it.
 */
const pullStore = globalThis as { __lumiaPullJobs?: Map<string, PullJob> };
pullStore.__lumiaPullJobs ??= new Map();
const jobs: Map<string, PullJob> = pullStore.__lumiaPullJobs;

function prune(now = Date.now()) {
  for (const [key, job] of jobs) {
    if (job.endedAt && now - Date.parse(job.endedAt) > KEEP_ENDED_MS) jobs.delete(key);
  }
}

/** The pulls running now and those that ended in the last minute. */
export function listPullJobs(): PullJob[] {
  prune();
  return [...jobs.values()];
}

/** Starts pulling `model` (or returns the pull already under way). */
export function startPull({ model }: { model: string }): PullJob {
  prune();
  const key = canonicalModelName(model);
  const running = jobs.get(key);
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
  void run(job);
  return job;
}

async function run(job: PullJob) {
  try {
    // With several hosts: the best for this model (one that has it, else reachable and least busy).
    const host =
      getEnv().ollamaHosts.length > 1 ? (await hostsForModel({ model: job.model }))[0]?.url : undefined;
    const stream = await createOllamaClient(host ? { host } : {}).pull({ model: job.model, stream: true });
    for await (const progress of stream) {
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
  }
}
