"use client";

import { useState } from "react";
import type { PaceSettings } from "@/hooks/use-stream-self-test";
import styles from "./diagnostics.module.css";
import { useDiagnosticsStrings } from "./strings";

// The server caps a test stream at 1000 chunks and 5 s between them; two chunks make the smallest gap.
const LIMITS = { chunks: [2, 1000], intervalMs: [0, 5000] } as const;

/** The known pace to test with, and the button that starts the test. */
export function PaceForm({
  initial,
  running,
  disabled,
  hasResult,
  onRun,
}: {
  initial: PaceSettings;
  running: boolean;
  /** Another measurement is running: one at a time, or they would slow each other down. */
  disabled: boolean;
  hasResult: boolean;
  onRun: (settings: PaceSettings) => void;
}) {
  const t = useDiagnosticsStrings();
  // Raw text while typing ("1" on the way to "10" must not snap to the minimum); clamped on submit.
  const [chunks, setChunks] = useState(String(initial.chunks));
  const [intervalMs, setIntervalMs] = useState(String(initial.intervalMs));
  return (
    <form
      className={styles.form}
      onSubmit={(event) => {
        event.preventDefault();
        const settings = {
          chunks: clamp(Number(chunks), LIMITS.chunks, initial.chunks),
          intervalMs: clamp(Number(intervalMs), LIMITS.intervalMs, initial.intervalMs),
        };
        setChunks(String(settings.chunks));
        setIntervalMs(String(settings.intervalMs));
        onRun(settings);
      }}
    >
      <label className={styles.field}>
        <span>{t.chunks}</span>
        <input
          type="number"
          min={LIMITS.chunks[0]}
          max={LIMITS.chunks[1]}
          value={chunks}
          data-testid="diag-chunks"
          onChange={(event) => setChunks(event.target.value)}
        />
      </label>
      <label className={styles.field}>
        <span>{t.interval}</span>
        <input
          type="number"
          min={LIMITS.intervalMs[0]}
          max={LIMITS.intervalMs[1]}
          step={10}
          value={intervalMs}
          data-testid="diag-interval"
          onChange={(event) => setIntervalMs(event.target.value)}
        />
      </label>
      <button type="submit" className="button primary" data-testid="diag-run" disabled={running || disabled}>
        {running ? t.running : hasResult ? t.runAgain : t.run}
      </button>
    </form>
  );
}

function clamp(value: number, [min, max]: readonly [number, number], fallback: number): number {
  return Number.isFinite(value) ? Math.min(max, Math.max(min, Math.round(value))) : fallback;
}
