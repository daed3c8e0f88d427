"use client";

import Link from "next/link";
import { useCallback, useEffect, useRef, useState } from "react";
import { DEFAULT_PACE, type PaceSettings, useStreamSelfTest } from "@/hooks/use-stream-self-test";
import { useI18n } from "@/lib/i18n/i18n-context";
import { ArrivalTimeline } from "./arrival-timeline";
import styles from "./diagnostics.module.css";
import { ModelCheck } from "./model-check";
import { PaceForm } from "./pace-form";
import { PaceMetrics } from "./pace-metrics";
import { ProxyFixes } from "./proxy-fixes";
import { ReportPanel } from "./report-panel";
import { useDiagnosticsStrings } from "./strings";
import { LikelyCauses, VerdictCard } from "./verdict-card";

/** The self-test page: the streaming path at a known pace, then one real answer's first token. */
export function DiagnosticsPage() {
  const t = useDiagnosticsStrings();
  const { locale, setLocale } = useI18n();
  const { pace, model, runPace, runModel } = useStreamSelfTest();
  const [hydrated, setHydrated] = useState(false);
  const [settings, setSettings] = useState<PaceSettings>(DEFAULT_PACE);

  const started = useRef(false);
  const run = useCallback(
    (next: PaceSettings) => {
      started.current = true;
      setSettings(next);
      void runPace(next);
    },
    [runPace],
  );

  // The path check is cheap (two seconds at the default pace), so it runs by itself once the page has
  // settled: measured while the page is still starting up, its own busy main thread would merge reads.
  useEffect(() => {
    setHydrated(true);
    return whenSettled(() => {
      if (!started.current) run(DEFAULT_PACE);
    });
  }, [run]);

  const result = pace.result;
  const buffered = pace.status === "done" && result?.analysis.verdict === "buffered";
  return (
    <main className={styles.page} data-hydrated={hydrated ? "" : undefined}>
      <header className={styles.header}>
        <div className={styles.titleRow}>
          <span className="brand-mark" aria-hidden="true">
            L
          </span>
          <h1>{t.title}</h1>
        </div>
        <div className={styles.headerActions}>
          <select
            className="language"
            aria-label={t.language}
            value={locale}
            onChange={(event) => setLocale(event.target.value === "sv" ? "sv" : "en")}
          >
            <option value="en">English</option>
            <option value="sv">Svenska</option>
          </select>
          <Link href="/" className="button ghost">
            ← {t.backToChat}
          </Link>
        </div>
        <p className={styles.intro}>{t.intro}</p>
      </header>

      <section className={styles.card} aria-labelledby="diag-pace-title">
        <div className={styles.cardHead}>
          <div>
            <h2 id="diag-pace-title">{t.paceTitle}</h2>
            <p className="muted">{t.paceIntro(settings.chunks, settings.intervalMs)}</p>
          </div>
          <PaceForm
            initial={DEFAULT_PACE}
            running={pace.status === "running"}
            disabled={model.status === "running"}
            hasResult={result !== null}
            onRun={run}
          />
        </div>
        <VerdictCard pace={pace} expectedMs={settings.chunks * settings.intervalMs} />
        <PaceMetrics result={result} />
        {result && result.chunks.length > 0 && (
          <div>
            <h3 className={styles.subhead}>{t.timeline}</h3>
            <ArrivalTimeline
              chunks={result.chunks}
              intervalMs={result.settings.intervalMs}
              verdict={result.analysis.verdict}
            />
          </div>
        )}
        {result && <LikelyCauses result={result} />}
        <details className={styles.fixDetails} open={buffered || undefined} key={String(buffered)}>
          <summary>
            <h3 className={styles.subhead}>{t.fixTitle}</h3>
            <span className="muted">{t.fixIntro}</span>
          </summary>
          <ProxyFixes detected={result?.diagnosis.detection.proxy ?? null} />
        </details>
      </section>

      <section className={styles.card} aria-labelledby="diag-model-title">
        <div>
          <h2 id="diag-model-title">{t.modelTitle}</h2>
          <p className="muted">{t.modelIntro}</p>
        </div>
        <ModelCheck
          check={model}
          disabled={pace.status === "running"}
          onRun={(input) => void runModel(input)}
        />
      </section>

      <section className={styles.card} aria-labelledby="diag-report-title">
        <h2 id="diag-report-title">{t.report}</h2>
        <ReportPanel pace={result} model={model.result} />
      </section>
    </main>
  );
}

/** Calls `fn` after the load event, when the main thread is idle; returns a cancel function. */
function whenSettled(fn: () => void): () => void {
  let cancelled = false;
  const go = () => {
    if (cancelled) return;
    if ("requestIdleCallback" in window) requestIdleCallback(() => !cancelled && fn(), { timeout: 2000 });
    else setTimeout(() => !cancelled && fn(), 300);
  };
  if (document.readyState === "complete") go();
  else window.addEventListener("load", go, { once: true });
  return () => {
    cancelled = true;
    window.removeEventListener("load", go);
  };
}
