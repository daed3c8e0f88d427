"use client";

import { useEffect, useMemo, useState } from "react";
import { CheckIcon, CopyIcon } from "@/components/icons";
import type { ModelResult, PaceResult } from "@/hooks/use-stream-self-test";
import { copyText } from "@/lib/client/copy-text";
import { buildReport } from "./build-report";
import styles from "./diagnostics.module.css";
import { useDiagnosticsStrings } from "./strings";

/** The JSON report, copyable in one click and readable in a disclosure. */
export function ReportPanel({ pace, model }: { pace: PaceResult | null; model: ModelResult | null }) {
  const t = useDiagnosticsStrings();
  const [copied, setCopied] = useState(false);
  const json = useMemo(
    () =>
      // Results exist only after a run in the browser, so the server and hydration both render "".
      !pace && !model
        ? ""
        : JSON.stringify(
            buildReport({
              pace,
              model,
              pageUrl: window.location.href,
              userAgent: navigator.userAgent,
              createdAt: new Date(),
            }),
            null,
            2,
          ),
    [pace, model],
  );

  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(false), 1500);
    return () => clearTimeout(timer);
  }, [copied]);

  return (
    <div className={styles.report}>
      <div className={styles.reportHead}>
        <p className="muted">{t.reportIntro}</p>
        <button
          type="button"
          className="button"
          data-testid="diag-copy-report"
          disabled={!json}
          onClick={async () => {
            await copyText(json);
            setCopied(true);
          }}
        >
          {copied ? <CheckIcon /> : <CopyIcon />}
          {copied ? t.copied : t.copyReport}
        </button>
      </div>
      <details className={styles.reportDetails} data-testid="diag-report">
        <summary>{t.showReport}</summary>
        <pre>{json}</pre>
      </details>
    </div>
  );
}
