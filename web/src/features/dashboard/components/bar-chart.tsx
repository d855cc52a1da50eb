export interface Bar {
  label: string;
  value: number;
  tone: string;
}

/** Horizontal bars drawn in SVG; the numbers are also in the text, so the chart is decoration. */
export function BarChart({ bars, title }: { bars: Bar[]; title: string }) {
  const max = Math.max(1, ...bars.map((bar) => bar.value));
  const rowHeight = 30;
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <svg
        viewBox={`0 0 320 ${bars.length * rowHeight}`}
        role="img"
        aria-label={`${title}: ${bars.map((bar) => `${bar.label} ${bar.value}`).join(', ')}`}
      >
        {bars.map((bar, index) => {
          const y = index * rowHeight;
          const width = Math.round((bar.value / max) * 190);
          return (
            <g key={bar.label} transform={`translate(0 ${y})`}>
              <text x="0" y="19" className="chart-label">
                {bar.label}
              </text>
              <rect
                x="100"
                y="6"
                width={Math.max(width, 2)}
                height="18"
                rx="4"
                className={bar.tone}
              />
              <text x={108 + width} y="19" className="chart-value">
                {bar.value}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
