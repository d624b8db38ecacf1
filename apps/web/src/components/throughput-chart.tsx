/** Sends per minute over the last hour as bars; screen readers get the total, each bar its own tooltip. */
export function ThroughputChart({ points }: { points: { minute: string; count: number }[] }) {
  const width = 600;
  const height = 120;
  const max = Math.max(1, ...points.map((p) => p.count));
  const barWidth = width / Math.max(1, points.length);
  const total = points.reduce((sum, p) => sum + p.count, 0);
  return (
    <figure className="chart">
      <svg
        viewBox={`0 0 ${width} ${height}`}
        preserveAspectRatio="none"
        role="img"
        aria-label={`${total} sent in the last hour`}
      >
        <line x1="0" x2={width} y1={height} y2={height} className="axis" />
        {points.map((point, i) => {
          const h = (point.count / max) * (height - 4);
          return (
            <rect key={point.minute} x={i * barWidth + 1} y={height - h} width={barWidth - 2} height={h}>
              <title>{`${new Date(point.minute).toLocaleTimeString()}: ${point.count} sent`}</title>
            </rect>
          );
        })}
      </svg>
      <div className="ticks" aria-hidden="true">
        <span>−60 min</span>
        <span>peak {max}/min</span>
        <span>now</span>
      </div>
      <figcaption>{total} sent in the last hour</figcaption>
    </figure>
  );
}
