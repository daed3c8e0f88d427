/** How a generation ended. */
export type Outcome = "completed" | "abandoned" | "faulted";

/** A request body as it arrived, so tests can assert what Lumia sent (history, system prompt). */
export interface RequestRecord {
  path: string;
  at: number;
  body: unknown;
}

/** What `GET /_emulator/stats` returns. */
export interface EmulatorStats {
  generationsStarted: number;
  generationsCompleted: number;
  /** The client went away before the final line. */
  generationsAbandoned: number;
  /** Ended by an injected fault (error-before, error-mid, drop). */
  generationsFaulted: number;
  active: number;
  abandoned: { at: number; tokensSent: number }[];
  requests: RequestRecord[];
}

/** Counters updated off the per-token path: once per request and once per generation. */
export interface StatsRecorder {
  begin(): void;
  end(args: { outcome: Outcome; tokensSent: number }): void;
  logRequest(record: RequestRecord): void;
  readonly active: number;
  snapshot(): EmulatorStats;
  clear(): void;
}

const MAX_REQUESTS = 200;
const MAX_ABANDONED = 1000;

/** Creates an empty recorder. */
export function createStats(): StatsRecorder {
  let stats: EmulatorStats = empty();
  return {
    begin() {
      stats.generationsStarted++;
      stats.active++;
    },
    end({ outcome, tokensSent }) {
      stats.active--;
      if (outcome === "completed") stats.generationsCompleted++;
      else if (outcome === "faulted") stats.generationsFaulted++;
      else {
        stats.generationsAbandoned++;
        stats.abandoned.push({ at: Date.now(), tokensSent });
        if (stats.abandoned.length > MAX_ABANDONED) stats.abandoned.shift();
      }
    },
    logRequest(record) {
      stats.requests.push(record);
      if (stats.requests.length > MAX_REQUESTS) stats.requests.shift();
    },
    get active() {
      return stats.active;
    },
    snapshot() {
      return structuredClone(stats);
    },
    clear() {
      // Generations still running keep counting down `active`, so it survives a reset.
      stats = { ...empty(), active: stats.active };
    },
  };
}

function empty(): EmulatorStats {
  return {
    generationsStarted: 0,
    generationsCompleted: 0,
    generationsAbandoned: 0,
    generationsFaulted: 0,
    active: 0,
    abandoned: [],
    requests: [],
  };
}
