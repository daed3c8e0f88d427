/** How the stream being watched is doing. `stalled`: no chunk for `stallMs` (stuck, not merely slow). */
export type StreamPhase = "idle" | "waiting" | "streaming" | "stalled" | "ended";

/** Live estimates for the answer being streamed, computed from chunk arrival times. */
export interface LiveStats {
  phase: StreamPhase;
  messageId: string | null;
  firstChunkMs: number | null;
  elapsedMs: number;
  chunks: number;
  tokensPerSecond: number | null;
  avgGapMs: number | null;
  maxGapMs: number | null;
  /** Milliseconds since the last chunk (or since the request, before the first). */
  sinceLastMs: number;
  gaps: readonly number[];
}

/** How far a running answer had got when this page reconnected to it (the server's figures). */
export interface ResumedProgress {
  firstChunkMs: number | null;
  chunks: number;
  elapsedMs: number;
}

export interface StreamMonitor {
  /** A request was sent: starts the clock. */
  begin(): void;
  /**
   * This page reconnected to an answer already under way and has caught up on what it missed: the clock
   * and counts continue from the server's figures; arrivals from now on are measured here.
   */
  resume(progress: ResumedProgress): void;
  /** The stream named the message it writes. */
  setMessageId(id: string): void;
  /** A text delta arrived (called as the chunk is decoded, before React sees it). */
  recordChunk(): void;
  end(): void;
  snapshot(): LiveStats;
  /** Arrival times (performance.now()) of the current stream's text chunks. */
  arrivals(): readonly number[];
  subscribe(listener: () => void): () => void;
}

/**
 * Keeps the arrival time of every text chunk of the current stream, outside React state, so the figures
 * describe the network and not the renderer. Listeners are told on every event; they coalesce.
 */
export function createStreamMonitor({
  now = () => performance.now(),
  stallMs = 2000,
}: {
  now?: () => number;
  stallMs?: number;
} = {}): StreamMonitor {
  let startedAt = 0;
  let endedAt: number | null = null;
  let active = false;
  let messageId: string | null = null;
  let times: number[] = [];
  let gaps: number[] = [];
  let maxGap = 0;
  let gapSum = 0;
  /** Set while following a resumed answer: what happened before this page joined. */
  let before: ResumedProgress | null = null;
  let resumedAt = 0;
  const listeners = new Set<() => void>();
  const notify = () => {
    for (const listener of listeners) listener();
  };

  return {
    begin() {
      startedAt = now();
      endedAt = null;
      active = true;
      messageId = null;
      times = [];
      gaps = [];
      maxGap = 0;
      gapSum = 0;
      before = null;
      notify();
    },
    resume(progress) {
      const at = now();
      before = progress;
      resumedAt = at;
      startedAt = at - progress.elapsedMs;
      endedAt = null;
      active = true;
      times = [];
      gaps = [];
      maxGap = 0;
      gapSum = 0;
      notify();
    },
    setMessageId(id) {
      messageId = id;
      notify();
    },
    recordChunk() {
      const at = now();
      const last = times[times.length - 1];
      if (last !== undefined) {
        const gap = at - last;
        gaps.push(gap);
        gapSum += gap;
        if (gap > maxGap) maxGap = gap;
      }
      times.push(at);
      notify();
    },
    end() {
      if (!active) return;
      active = false;
      endedAt = now();
      notify();
    },
    arrivals: () => times,
    snapshot() {
      if (startedAt === 0) {
        return {
          phase: "idle",
          messageId,
          firstChunkMs: null,
          elapsedMs: 0,
          chunks: 0,
          tokensPerSecond: null,
          avgGapMs: null,
          maxGapMs: null,
          sinceLastMs: 0,
          gaps,
        };
      }
      const at = endedAt ?? now();
      const first = times[0];
      const last = times[times.length - 1];
      const sinceLastMs = at - (last ?? (before ? resumedAt : startedAt));
      const hadChunks = first !== undefined || (before?.chunks ?? 0) > 0;
      const phase: StreamPhase = !active
        ? "ended"
        : sinceLastMs >= stallMs
          ? "stalled"
          : hadChunks
            ? "streaming"
            : "waiting";
      const span = first !== undefined && last !== undefined ? last - first : 0;
      const firstChunkMs = before ? before.firstChunkMs : first === undefined ? null : first - startedAt;
      return {
        phase,
        messageId,
        firstChunkMs,
        elapsedMs: at - startedAt,
        chunks: (before?.chunks ?? 0) + times.length,
        // Ollama sends one token per chunk, so chunks per second after the first is the token rate.
        tokensPerSecond: span > 0 ? ((times.length - 1) * 1000) / span : null,
        avgGapMs: gaps.length ? gapSum / gaps.length : null,
        maxGapMs: gaps.length ? maxGap : null,
        sinceLastMs,
        gaps,
      };
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
