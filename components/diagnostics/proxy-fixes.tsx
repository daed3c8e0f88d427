"use client";

import { useState } from "react";
import { useI18n } from "@/lib/i18n/i18n-context";
import { PROXY_KINDS, type ProxyDetection } from "@/lib/stream-check/detect-proxy";
import { fixFor } from "@/lib/stream-check/proxy-fixes";
import styles from "./diagnostics.module.css";
import { useDiagnosticsStrings } from "./strings";

type Choice = ProxyDetection["proxy"];
const choices: readonly Choice[] = [...PROXY_KINDS, "unknown"];

/**
 * Each proxy's settings in tabs, opened on the one the evidence named; when nothing names a proxy, on
 * a generic checklist rather than on any one proxy's fix.
 */
export function ProxyFixes({ detected }: { detected: Choice | null }) {
  const t = useDiagnosticsStrings();
  const { locale } = useI18n();
  const [picked, setPicked] = useState<Choice | null>(null);
  const current = picked ?? detected ?? "unknown";
  const fix = fixFor({ proxy: current });
  const label = (choice: Choice) => (choice === "unknown" ? t.otherProxy : fixFor({ proxy: choice }).label);
  return (
    <div className={styles.fixes} data-testid="diag-fixes">
      <div className={styles.tabs} role="tablist" aria-label={t.fixTitle}>
        {choices.map((choice) => (
          <button
            key={choice}
            type="button"
            role="tab"
            id={`diag-fix-tab-${choice}`}
            aria-controls="diag-fix-panel"
            aria-selected={choice === current}
            className={styles.tab}
            onClick={() => setPicked(choice)}
          >
            {label(choice)}
            {choice === detected && choice !== "unknown" && (
              <span className={styles.tabBadge}>{t.fixDetected}</span>
            )}
          </button>
        ))}
      </div>
      <div
        id="diag-fix-panel"
        role="tabpanel"
        aria-labelledby={`diag-fix-tab-${current}`}
        className={styles.fixPanel}
        data-testid="diag-fix-panel"
        data-proxy={current}
      >
        <p className={styles.fixText}>{fix.summary[locale]}</p>
        {fix.steps && (
          <ul className={styles.checklist}>
            {fix.steps[locale].map((step) => (
              <li key={step}>{step}</li>
            ))}
          </ul>
        )}
        {fix.snippet && (
          <pre className={styles.code} data-language={fix.snippet.language}>
            <code>{fix.snippet.code}</code>
          </pre>
        )}
        <p className={`${styles.fixText} muted`}>
          {fix.untested && `${t.untested} `}
          {t.docsAt} <code>{fix.docs}</code>
        </p>
      </div>
    </div>
  );
}
