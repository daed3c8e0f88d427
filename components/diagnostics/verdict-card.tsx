import type { CheckState, PaceResult } from "@/hooks/use-stream-self-test";
import { useI18n } from "@/lib/i18n/i18n-context";
import { describeEvidence } from "@/lib/stream-check/describe-evidence";
import { fixFor } from "@/lib/stream-check/proxy-fixes";
import type { LikelyCause } from "./diagnose-buffering";
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

/** The likely causes of a buffered stream, most likely first, with what points at each. */
export function LikelyCauses({ result }: { result: PaceResult }) {
  const t = useDiagnosticsStrings();
  const { locale } = useI18n();
  if (result.diagnosis.causes.length === 0) return null;
  const { certainty } = result.diagnosis.detection;
  // A proxy cause says which proxy and why; the others have one text each.
  const present = (cause: LikelyCause) => {
    if (cause.id !== "proxy-buffering") {
      return {
        title: t.causeTitle(cause.id),
        body: t.causeBody(cause.id),
        evidence: cause.evidence ? [cause.evidence] : [],
      };
    }
    const known = cause.proxy !== "unknown";
    return {
      title: t.proxyBufferingTitle(known ? fixFor(cause).label : null, certainty === "likely"),
      body: known ? fixFor(cause).summary[locale] : t.proxyBufferingUnknown,
      evidence: cause.evidence.map((evidence) => describeEvidence({ evidence, locale })),
    };
  };
  return (
    <div className={styles.causes} data-testid="diag-causes">
      <h3 className={styles.subhead}>{t.likelyCause}</h3>
      <ol>
        {result.diagnosis.causes.map((cause) => {
          const { title, body, evidence } = present(cause);
          return (
            <li
              key={cause.id}
              data-cause={cause.id}
              data-proxy={cause.id === "proxy-buffering" ? cause.proxy : undefined}
            >
              <strong>{title}</strong>
              {evidence.length > 0 && (
                <span className={styles.evidence}>
                  {t.evidence}:{" "}
                  {evidence.map((item, i) => (
                    <span key={item}>
                      {i > 0 && "; "}
                      <code>{item}</code>
                    </span>
                  ))}
                </span>
              )}
              <p>{body}</p>
            </li>
          );
        })}
      </ol>
    </div>
  );
}
