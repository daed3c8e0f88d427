"use client";

import { memo } from "react";
import { useLiveStats } from "@/hooks/use-live-stats";
import { formatMs, formatRate } from "@/lib/client/format";
import type { StreamMonitor } from "@/lib/client/stream-monitor";
import type { AnswerStats } from "@/lib/client/types";
import { useI18n } from "@/lib/i18n/i18n-context";
import { Sparkline } from "./sparkline";

function Stat({ label, value, name }: { label: string; value: string; name: string }) {
  return (
    <span className="stat" data-stat={name}>
      <span className="stat-value">{value}</span> <span className="stat-label">{label}</span>
    </span>
  );
}

/** Live estimates under the answer being streamed, from the monitor's arrival times. */
export function LiveStreamStats({ monitor }: { monitor: StreamMonitor }) {
  const { t } = useI18n();
  const stats = useLiveStats({ monitor, active: true });
  const stalled = stats.phase === "stalled";
  return (
    <div className="stream-stats live" data-testid="stream-stats" data-live="true" data-phase={stats.phase}>
      <span className={`stats-phase ${stats.phase}`} data-testid="stream-phase">
        <span className="pulse" aria-hidden="true" />
        {stalled
          ? t.statsStalled(formatMs(stats.sinceLastMs))
          : stats.phase === "waiting"
            ? t.statsWaiting
            : t.statsLive}
      </span>
      <Stat name="first_chunk" label={t.statsFirstChunk} value={formatMs(stats.firstChunkMs)} />
      <Stat name="elapsed" label={t.statsElapsed} value={formatMs(stats.elapsedMs)} />
      <Stat name="chunks" label={t.statsChunks} value={String(stats.chunks)} />
      <Stat
        name="tokens_per_second"
        label={t.statsTokensPerSecond}
        value={formatRate(stats.tokensPerSecond)}
      />
      <Stat name="avg_gap" label={t.statsAvgGap} value={formatMs(stats.avgGapMs)} />
      <Stat name="max_gap" label={t.statsMaxGap} value={formatMs(stats.maxGapMs)} />
      <Sparkline gaps={stats.gaps} />
    </div>
  );
}

/**
 * The token rate: Ollama's, or for an answer stopped before Ollama's final figures, the chunk rate after
 * the first chunk (one token per chunk), as the live row estimates it.
 */
function tokensPerSecond(stats: AnswerStats): number | null {
  if (typeof stats.tokens_per_second === "number") return stats.tokens_per_second;
  const { total_chunks: chunks, total_ms: total, first_chunk_ms: first } = stats;
  if (!chunks || chunks < 2 || total === undefined || first === undefined || first === null) return null;
  const span = total - first;
  return span > 0 ? ((chunks - 1) * 1000) / span : null;
}

/**
 * Ollama's exact figures for a finished answer (persisted), with the gap sparkline if this page saw it.
 * "first chunk" is one measurement: the wait this page measured, kept after the end; an answer this page
 * did not watch shows the server's own figure, under its own label.
 */
export const StoredStreamStats = memo(function StoredStreamStats({
  stats,
  gaps,
  seenFirstChunkMs,
}: {
  stats: AnswerStats;
  gaps: readonly number[] | null;
  /** The first chunk's wait as this page measured it live, when it watched this answer. */
  seenFirstChunkMs: number | null;
}) {
  const { t } = useI18n();
  const rate = tokensPerSecond(stats);
  return (
    <div className="stream-stats" data-testid="stream-stats" data-live="false" title={t.statsExact}>
      {seenFirstChunkMs !== null ? (
        <Stat name="first_chunk" label={t.statsFirstChunk} value={formatMs(seenFirstChunkMs)} />
      ) : (
        <Stat
          name="server_first_chunk"
          label={t.statsServerFirstChunk}
          value={formatMs(stats.first_chunk_ms)}
        />
      )}
      <Stat name="total" label={t.statsTotal} value={formatMs(stats.total_ms)} />
      {stats.eval_count !== undefined && (
        <Stat name="eval_count" label={t.statsTokens} value={String(stats.eval_count)} />
      )}
      {stats.prompt_eval_count !== undefined && (
        <Stat name="prompt_eval_count" label={t.statsPromptTokens} value={String(stats.prompt_eval_count)} />
      )}
      {rate !== null && (
        <Stat name="tokens_per_second" label={t.statsTokensPerSecond} value={formatRate(rate)} />
      )}
      {stats.total_chunks !== undefined && (
        <Stat name="chunks" label={t.statsChunks} value={String(stats.total_chunks)} />
      )}
      {typeof stats.avg_gap_ms === "number" && (
        <Stat name="avg_gap" label={t.statsAvgGap} value={formatMs(stats.avg_gap_ms)} />
      )}
      {typeof stats.max_gap_ms === "number" && (
        <Stat name="max_gap" label={t.statsMaxGap} value={formatMs(stats.max_gap_ms)} />
      )}
      {stats.load_ms ? <Stat name="load" label={t.statsLoad} value={formatMs(stats.load_ms)} /> : null}
      {gaps && gaps.length > 0 && <Sparkline gaps={gaps} />}
    </div>
  );
});
