import './BarChart.css';

export interface Bar {
  key: string;
  label: string;
  value: number;
}

interface BarChartProps {
  bars: readonly Bar[];
  /** The chart's text alternative: what it shows, with every number (a table beside it repeats them). */
  label: string;
}

/**
 * A horizontal bar chart in plain HTML and CSS: each bar's length is its share of the largest value.
 * Screen readers get one image with `label`; the labels wrap on a phone instead of being cut off.
 */
export function BarChart({ bars, label }: BarChartProps) {
  const max = Math.max(1, ...bars.map((b) => b.value));
  return (
    <div className="bar-chart" role="img" aria-label={label}>
      {bars.map((bar) => (
        <div key={bar.key} className="bar-chart-row">
          <span className="bar-chart-label">{bar.label}</span>
          <span className="bar-chart-track">
            <span className="bar-chart-bar" style={{ width: `${(bar.value / max) * 100}%` }} />
            <span className="bar-chart-value">{bar.value}</span>
          </span>
        </div>
      ))}
    </div>
  );
}
