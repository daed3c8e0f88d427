import styles from "./diagnostics.module.css";
import { useDiagnosticsStrings } from "./strings";

const W = 720;
const H = 240;
const M = { left: 48, right: 16, top: 14, bottom: 34 };

/** Steps that give 4 to 8 labelled ticks for any span from a few ms to minutes. */
const STEPS = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10_000, 20_000, 60_000];

function niceStep(span: number, maxTicks: number): number {
  return STEPS.find((step) => span / step <= maxTicks) ?? Math.ceil(span / maxTicks);
}

function timeLabel(ms: number): string {
  return ms >= 1000 ? `${+(ms / 1000).toFixed(2)} s` : `${ms} ms`;
}

/**
 * Chunks received over time: the expected line (one chunk per interval after the first) against the
 * actual staircase, with a tick under each network read that carried chunks. A buffered stream shows as
 * a flat line and one vertical jump; a real-time one hugs the expected line.
 */
export function ArrivalTimeline({
  chunks,
  intervalMs,
  verdict,
}: {
  chunks: readonly { at: number; readIndex: number }[];
  intervalMs: number;
  verdict: "real-time" | "buffered";
}) {
  const t = useDiagnosticsStrings();
  const n = chunks.length;
  const first = chunks[0]?.at ?? 0;
  const last = chunks[n - 1]?.at ?? 0;
  const expectedLast = first + Math.max(0, n - 1) * intervalMs;
  const xMax = Math.max(last, expectedLast, 1) * 1.04;
  const yMax = Math.max(n, 1);
  const x = (ms: number) => M.left + (ms / xMax) * (W - M.left - M.right);
  const y = (count: number) => H - M.bottom - (count / yMax) * (H - M.top - M.bottom);

  const xStep = niceStep(xMax, 7);
  const xTicks = Array.from({ length: Math.floor(xMax / xStep) + 1 }, (_, i) => i * xStep);
  const yStep = niceStep(yMax, 4);
  const yTicks = Array.from({ length: Math.floor(yMax / yStep) + 1 }, (_, i) => i * yStep);

  const actual = chunks.reduce(
    (path, chunk, i) => `${path} H${x(chunk.at).toFixed(1)} V${y(i + 1).toFixed(1)}`,
    `M${x(0)} ${y(0)}`,
  );
  // One path of little circles rather than an element per chunk.
  const r = 2.6;
  const dots = chunks
    .map(
      (chunk, i) =>
        `M${(x(chunk.at) - r).toFixed(1)} ${y(i + 1).toFixed(1)} a${r} ${r} 0 1 0 ${2 * r} 0 a${r} ${r} 0 1 0 ${-2 * r} 0`,
    )
    .join("");
  const readTimes = [...new Map(chunks.map((chunk) => [chunk.readIndex, chunk.at]))];

  return (
    <figure
      className={styles.timeline}
      data-testid="diag-timeline"
      data-chunks={n}
      data-reads={readTimes.length}
    >
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={t.timelineLabel(n)}>
        <g className={styles.grid}>
          {xTicks.map((tick) => (
            <g key={`x${tick}`}>
              <line x1={x(tick)} x2={x(tick)} y1={M.top} y2={H - M.bottom} />
              <text x={x(tick)} y={H - M.bottom + 26} textAnchor="middle">
                {timeLabel(tick)}
              </text>
            </g>
          ))}
          {yTicks.map((tick) => (
            <g key={`y${tick}`}>
              <line x1={M.left} x2={W - M.right} y1={y(tick)} y2={y(tick)} />
              <text x={M.left - 8} y={y(tick) + 4} textAnchor="end">
                {tick}
              </text>
            </g>
          ))}
        </g>
        {readTimes.map(([readIndex, at]) => (
          <line
            key={readIndex}
            className={styles.readTick}
            x1={x(at)}
            x2={x(at)}
            y1={H - M.bottom + 2}
            y2={H - M.bottom + 10}
          />
        ))}
        {n > 0 && (
          <line
            className={styles.expected}
            x1={x(first)}
            y1={y(1)}
            x2={x(expectedLast)}
            y2={y(n)}
            data-testid="diag-timeline-expected"
          />
        )}
        <path className={styles.actual} data-verdict={verdict} d={actual} />
        {n <= 200 && <path className={styles.dot} data-verdict={verdict} d={dots} />}
      </svg>
      <figcaption className={styles.legend}>
        <span>
          <i className={styles.swatchExpected} /> {t.timelineExpected}
        </span>
        <span>
          <i className={styles.swatchActual} data-verdict={verdict} /> {t.timelineActual}
        </span>
        <span>
          <i className={styles.swatchRead} /> {t.timelineReads}
        </span>
        <span className={styles.legendAxis}>
          x: {t.timelineAxis} · y: {t.timelineChunks}
        </span>
      </figcaption>
    </figure>
  );
}
