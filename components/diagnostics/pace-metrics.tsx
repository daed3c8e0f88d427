import type { PaceResult } from "@/hooks/use-stream-self-test";
import { formatMs } from "@/lib/client/format";
import styles from "./diagnostics.module.css";
import { useDiagnosticsStrings } from "./strings";

/** The measured figures in tiles, then the seed's three monitoring lines verbatim. */
export function PaceMetrics({ result }: { result: PaceResult | null }) {
  const t = useDiagnosticsStrings();
  const analysis = result?.analysis;
  const interval = result?.settings.intervalMs;
  // The server's own largest gap: a late server (a busy CPU) shows here, a proxy does not.
  const serverMaxGap = result?.serverStats?.max_gap_ms ?? null;
  return (
    <>
      <div className={styles.metrics}>
        <Metric
          testId="diag-first-chunk"
          label={t.firstChunk}
          value={analysis ? formatMs(analysis.firstChunkMs) : "–"}
          raw={analysis?.firstChunkMs}
        />
        <Metric
          testId="diag-avg-gap"
          label={t.avgGap}
          value={analysis ? formatMs(analysis.avgGapMs) : "–"}
          raw={analysis?.avgGapMs}
          sub={interval !== undefined ? t.expectedGap(interval) : undefined}
        />
        <Metric
          testId="diag-max-gap"
          label={t.maxGap}
          value={analysis ? formatMs(analysis.maxGapMs) : "–"}
          raw={analysis?.maxGapMs}
          sub={serverMaxGap !== null ? t.serverGap(formatMs(serverMaxGap)) : undefined}
        />
        <Metric
          testId="diag-reads"
          label={t.reads}
          value={analysis ? String(analysis.readsWithChunks) : "–"}
          raw={analysis?.readsWithChunks}
          sub={analysis ? t.readsOf(analysis.readsWithChunks, analysis.totalChunks) : undefined}
        />
        <Metric
          testId="diag-encoding"
          label={t.encoding}
          value={result ? result.measurement.contentEncoding : "–"}
          raw={result?.measurement.contentEncoding}
          sub={result?.measurement.headers.server}
        />
      </div>
      {result && (
        <div className={styles.seedLines} data-testid="diag-seed-lines">
          <span className={styles.subhead}>{t.seedLines}</span>
          <pre>{result.seedLines.join("\n")}</pre>
        </div>
      )}
    </>
  );
}

function Metric({
  testId,
  label,
  value,
  raw,
  sub,
}: {
  testId: string;
  label: string;
  value: string;
  /** The unformatted value, for tests and scripts. */
  raw?: number | string | null;
  sub?: string;
}) {
  return (
    <div className={styles.metric} data-testid={testId} data-value={raw ?? undefined}>
      <span className={styles.metricLabel}>{label}</span>
      <span className={styles.metricValue}>{value}</span>
      {sub && <span className={styles.metricSub}>{sub}</span>}
    </div>
  );
}
