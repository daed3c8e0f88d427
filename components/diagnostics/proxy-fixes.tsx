"use client";

import { useState } from "react";
import { PROXIES, type ProxyKind } from "./diagnose-buffering";
import styles from "./diagnostics.module.css";
import { proxyFixSnippets } from "./proxy-fix-snippets";
import { useDiagnosticsStrings } from "./strings";

const labels: Record<ProxyKind, string> = {
  nginx: "nginx",
  apache: "Apache",
  caddy: "Caddy",
  cloudflare: "Cloudflare",
};

/** The settings for each proxy in tabs, opened on the one the response's headers named. */
export function ProxyFixes({ detected }: { detected: ProxyKind | null }) {
  const t = useDiagnosticsStrings();
  const [picked, setPicked] = useState<ProxyKind | null>(null);
  const current = picked ?? detected ?? "nginx";
  return (
    <div className={styles.fixes} data-testid="diag-fixes">
      <div className={styles.tabs} role="tablist" aria-label={t.fixTitle}>
        {PROXIES.map((proxy) => (
          <button
            key={proxy}
            type="button"
            role="tab"
            id={`diag-fix-tab-${proxy}`}
            aria-controls="diag-fix-panel"
            aria-selected={proxy === current}
            className={styles.tab}
            onClick={() => setPicked(proxy)}
          >
            {labels[proxy]}
            {proxy === detected && <span className={styles.tabBadge}>{t.fixDetected}</span>}
          </button>
        ))}
      </div>
      <div id="diag-fix-panel" role="tabpanel" aria-labelledby={`diag-fix-tab-${current}`}>
        {current === "cloudflare" ? (
          <ul className={styles.checklist}>
            {t.cloudflareSteps.map((step) => (
              <li key={step}>{step}</li>
            ))}
          </ul>
        ) : (
          <pre className={styles.code} data-language={proxyFixSnippets[current].language}>
            <code>{proxyFixSnippets[current].code}</code>
          </pre>
        )}
      </div>
    </div>
  );
}
