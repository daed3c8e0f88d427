import type { ErrorBody } from "@/lib/errors";
import type { StreamOutcome, StreamStats, UsedMemory } from "@/lib/stream/events";

/** Everything known about a stream once it has ended. */
export interface StreamResult {
  id: string;
  endpoint: string;
  model: string;
  outcome: StreamOutcome;
  /** The text sent to the client, complete or partial. */
  text: string;
  stats: StreamStats;
  memories?: { memories: UsedMemory[]; method: "embedding" | "keyword" };
  error?: ErrorBody;
}

export interface StreamLabels {
  endpoint: string;
  model: string;
}

/**
 * Listens to every stream in the process (metrics, logs). `chunk` runs on the per-chunk path: it must
 * do constant work and allocate nothing.
 */
export interface StreamObserver {
  start?(labels: StreamLabels): void;
  chunk?(labels: StreamLabels, gapMs: number, sinceStartMs: number): void;
  end?(result: StreamResult): void;
}

const observers: StreamObserver[] = [];

/** Registers an observer once (modules may be evaluated twice under hot reload). */
export function addStreamObserver(observer: StreamObserver): void {
  if (!observers.includes(observer)) observers.push(observer);
}

export function removeStreamObserver(observer: StreamObserver): void {
  const index = observers.indexOf(observer);
  if (index >= 0) observers.splice(index, 1);
}

export function streamObservers(): readonly StreamObserver[] {
  return observers;
}
