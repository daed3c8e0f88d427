import type { ErrorBody } from "@/lib/errors";
import type { StreamOutcome, StreamStats, ToolCall, UsedMemory } from "@/lib/stream/events";

/**
 * Why an answer ended: finished; failed; its one client left (stateless endpoints); nobody came back
 * within the grace (thread answers); stopped on request; or the server shut down.
 */
export type EndReason = "done" | "error" | "client_left" | "grace_expired" | "stopped" | "shutdown";

/** Everything known about a stream once it has ended. */
export interface StreamResult {
  id: string;
  endpoint: string;
  model: string;
  /** done, aborted (left, stopped or not waited for) or error (failed, or the server shut down). */
  outcome: StreamOutcome;
  endReason: EndReason;
  /** The text sent to the client, complete or partial. */
  text: string;
  stats: StreamStats;
  memories?: { memories: UsedMemory[]; method: "embedding" | "keyword" };
  /** The function calls the model asked for, in order. */
  toolCalls?: ToolCall[];
  error?: ErrorBody;
}

export interface StreamLabels {
  endpoint: string;
  model: string;
}

/**
 * One stream as an observer follows it. `chunk` runs on the per-chunk path: it must do constant work
 * and allocate nothing (per-stream lookups belong in `start`).
 */
export interface StreamTracker {
  chunk?(gapMs: number, sinceStartMs: number): void;
  end?(result: StreamResult): void;
}

/** Listens to every stream in the process (metrics): `start` returns the tracker for one stream. */
export interface StreamObserver {
  start(labels: StreamLabels): StreamTracker | undefined;
}

// On globalThis: Next may evaluate this module once per route bundle; every copy must share the list.
const store = globalThis as typeof globalThis & { lumiaStreamObservers?: StreamObserver[] };
store.lumiaStreamObservers ??= [];
const observers = store.lumiaStreamObservers;

/** Registers an observer once. */
export function addStreamObserver(observer: StreamObserver): void {
  if (!observers.includes(observer)) observers.push(observer);
}

export function removeStreamObserver(observer: StreamObserver): void {
  const index = observers.indexOf(observer);
  if (index >= 0) observers.splice(index, 1);
}

/** Starts tracking one stream with every registered observer. */
export function trackStream(labels: StreamLabels): StreamTracker[] {
  const trackers: StreamTracker[] = [];
  for (const observer of observers) {
    const tracker = observer.start(labels);
    if (tracker) trackers.push(tracker);
  }
  return trackers;
}
