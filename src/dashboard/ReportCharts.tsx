import { useEffect, useRef } from 'react';
import type { ChartData } from '../core/report/charts.ts';
import { Chart, COLOURS, formatNumber } from './chart-setup.ts';

type Config = ConstructorParameters<typeof Chart>[1];

/** One chart.js canvas, described for screen readers, followed by its data as a table. */
function ChartFigure({ id, title, config, table }: { id: string; title: string; config: Config; table: { head: string[]; rows: (string | number)[][] } }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!canvas.current) return;
    const chart = new Chart(canvas.current, config);
    return () => chart.destroy();
  }, [config]);
  return (
    <figure className="chart" aria-labelledby={`${id}-title`}>
      <figcaption id={`${id}-title`}>{title}</figcaption>
      <div style={{ position: 'relative', height: '260px' }}>
        <canvas ref={canvas} id={id} role="img" aria-label={`${title}. The same data is in the table below.`} />
      </div>
      <details>
        <summary>Data table: {title}</summary>
        <table>
          <caption>{title}</caption>
          <thead>
            <tr>{table.head.map((h) => <th key={h} scope="col">{h}</th>)}</tr>
          </thead>
          <tbody>
            {table.rows.map((r, i) => (
              <tr key={i}>{r.map((c, j) => (j === 0 ? <th key={j} scope="row">{c}</th> : <td key={j}>{typeof c === 'number' ? formatNumber(c, 2) : c}</td>))}</tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}

/** The campaign's charts: a React island, loaded only on dashboard pages. */
export default function ReportCharts({ data }: { data: ChartData }) {
  const pp = (v: number, kind: string) => (kind === 'share' ? v * 100 : v);
  const label = (o: ChartData['outcomes'][number]) => `${o.indicator} (${o.role}${o.unreliable ? ', unreliable' : ''})`;
  return (
    <div className="charts">
      <ChartFigure
        id="chart-series"
        title="Per day"
        config={{
          type: 'line',
          data: { labels: data.series.days, datasets: data.series.metrics.map((m, i) => ({ label: m.metric, data: m.values, borderColor: COLOURS[i], backgroundColor: COLOURS[i], spanGaps: true })) },
          options: { scales: { y: { beginAtZero: true } } },
        }}
        table={{ head: ['Day', ...data.series.metrics.map((m) => m.metric)], rows: data.series.days.map((d, i) => [d, ...data.series.metrics.map((m) => m.values[i] ?? m.displays[i] ?? '—')]) }}
      />
      <ChartFigure
        id="chart-reach"
        title="People reached per audience against target (at least the largest channel, at most the sum of channels)"
        config={{
          type: 'bar',
          data: {
            labels: data.reach.map((r) => r.audience),
            datasets: [
              { label: 'Reached (range)', data: data.reach.map((r) => [r.lower, r.upper] as [number, number]), backgroundColor: COLOURS[0] },
              { label: 'Target', data: data.reach.map((r) => r.target ?? 0), backgroundColor: COLOURS[1] },
            ],
          },
        }}
        table={{ head: ['Audience', 'Reached: at least', 'Reached: at most', 'Target'], rows: data.reach.map((r) => [r.audience, r.lower, r.upper, r.target ?? '—']) }}
      />
      <ChartFigure
        id="chart-channels"
        title="Impressions per channel"
        config={{ type: 'bar', data: { labels: data.channels.map((c) => c.channel || '(none)'), datasets: [{ label: 'Impressions', data: data.channels.map((c) => c.value), backgroundColor: COLOURS[2] }] }, options: { indexAxis: 'y' } }}
        table={{ head: ['Channel', 'Impressions'], rows: data.channels.map((c) => [c.channel || '(none)', c.value]) }}
      />
      <ChartFigure
        id="chart-outcomes"
        title="Outcome effects with 95 % CR2 intervals (shares in percentage points)"
        config={{
          type: 'bar',
          data: {
            labels: data.outcomes.map(label),
            datasets: [
              // No bar where the design allows no interval (one cluster in an arm): the estimate alone.
              { label: '95 % interval (CR2)', data: data.outcomes.map((o) => (o.lower === null || o.upper === null ? null : ([pp(o.lower, o.kind), pp(o.upper, o.kind)] as [number, number]))), backgroundColor: 'rgba(0,114,178,0.35)', borderColor: COLOURS[0], borderWidth: 1 },
              { type: 'scatter', label: 'Estimate', data: data.outcomes.map((o, i) => ({ x: i, y: pp(o.estimate, o.kind) })), backgroundColor: COLOURS[5], pointRadius: 5 },
            ],
          },
          options: { scales: { y: { title: { display: true, text: 'effect' } } } },
        } as Config}
        table={{
          head: ['Indicator', 'Estimate', 'Lower', 'Upper', 'p (CR2)', 'p (wild bootstrap)', 'p (randomisation)'],
          rows: data.outcomes.map((o) => [label(o), pp(o.estimate, o.kind), o.lower === null ? '—' : pp(o.lower, o.kind), o.upper === null ? '—' : pp(o.upper, o.kind), o.p, o.bootstrapP, o.randomisationP]),
        }}
      />
    </div>
  );
}
