import type { CheckState, PaceResult } from "@/hooks/use-stream-self-test";
import styles from "./diagnostics.module.css";
import { useDiagnosticsStrings } from "./strings";

/** Real time or buffered, from `analyzeArrivals` on this run's reads; why, and the likely cause. */
export function VerdictCard({ pace, expectedMs }: { pace: CheckState<PaceResult>; expectedMs: number }) {
  const t = useDiagnosticsStrings();
  const { status, result, error } = pace;
  const verdict = status === "done" && result ? result.analysis.verdict : undefined;

  return (
    <section
      className={styles.verdict}
      data-testid="diag-verdict"
      data-state={status}
      data-verdict={verdict}
      aria-live="polite"
    >
      <div className={styles.verdictIcon} aria-hidden="true">
        {verdict === "real-time" ? "✓" : verdict === "buffered" ? "!" : status === "error" ? "×" : "…"}
      </div>
      <div className={styles.verdictText}>
        {status === "running" && (
          <>
            <h3>{t.running}</h3>
            {/* Timed by the known pace and run by the compositor: no React work during the measurement. */}
            <div className={styles.progress}>
              <div style={{ animationDuration: `${expectedMs}ms` }} />
            </div>
          </>
        )}
        {status === "idle" && <h3>{t.notRun}</h3>}
        {status === "error" && (
          <>
            <h3>{t.errorTitle}</h3>
            <p data-testid="diag-error">{error}</p>
          </>
        )}
        {verdict && result && (
          <>
            <h3>{verdict === "real-time" ? t.realTime : t.buffered}</h3>
            <p>{verdict === "real-time" ? t.realTimeBody : t.bufferedBody}</p>
            {result.analysis.reasons.length > 0 && (
              <ul className={styles.reasons} data-testid="diag-reasons">
                {result.analysis.reasons.map((reason) => (
                  <li key={reason}>{reason}</li>
                ))}
              </ul>
            )}
            {result.diagnosis.compressedButFlushed && (
              <p className={styles.note}>{t.compressedButFlushed(result.diagnosis.compressedButFlushed)}</p>
            )}
          </>
        )}
      </div>
    </section>
  );
}

/** The likely causes of a buffered stream, most likely first, with the header that points at each. */
export function LikelyCauses({ result }: { result: PaceResult }) {
  const t = useDiagnosticsStrings();
  if (result.diagnosis.causes.length === 0) return null;
  return (
    <div className={styles.causes} data-testid="diag-causes">
      <h3 className={styles.subhead}>{t.likelyCause}</h3>
      <ol>
        {result.diagnosis.causes.map((cause) => (
          <li key={cause.id} data-cause={cause.id}>
            <strong>{t.causeTitle(cause.id)}</strong>
            {cause.evidence && (
              <span className={styles.evidence}>
                {t.evidence}: <code>{cause.evidence}</code>
              </span>
            )}
            <p>{t.causeBody(cause.id)}</p>
          </li>
        ))}
      </ol>
    </div>
  );
}
