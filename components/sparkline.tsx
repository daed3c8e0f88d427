/** The gaps between chunks as a tiny bar chart; the largest gap sets the scale, at least 100 ms. */
export function Sparkline({
  gaps,
  width = 120,
  height = 22,
}: {
  gaps: readonly number[];
  width?: number;
  height?: number;
}) {
  const recent = gaps.slice(-60);
  if (recent.length === 0)
    return <svg className="sparkline" width={width} height={height} aria-hidden="true" />;
  const max = Math.max(100, ...recent);
  const step = width / 60;
  const barWidth = Math.max(1, step - 1);
  return (
    <svg
      className="sparkline"
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      aria-hidden="true"
    >
      {recent.map((gap, index) => {
        const barHeight = Math.max(1, (gap / max) * height);
        return (
          <rect
            // biome-ignore lint/suspicious/noArrayIndexKey: bars are positions, not items
            key={index}
            x={index * step}
            y={height - barHeight}
            width={barWidth}
            height={barHeight}
            rx={0.5}
          />
        );
      })}
    </svg>
  );
}
