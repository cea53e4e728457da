/**
 * The reports' charts in the browser: every `<canvas data-chart>` is drawn with chart.js from the JSON
 * spec beside it (`<script type="application/json">`, data, never run). One wrapper sets the defaults
 * once: no animation (the PDF printer prints what is drawn), the page's language for numbers, right to
 * left in Arabic (tooltips with `rtl`, axes mirrored), long category labels wrapped to the room they have
 * so that none is cut; the legend is HTML (ChartFigure.astro), which wraps. The table beside each chart is its text and no-JS fallback.
 * Bundled by src/views/chart-script.ts (esbuild) into one same-origin script.
 */
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  LogarithmicScale,
  PointElement,
  Tooltip,
} from 'chart.js';
import type { ChartSpec } from './chart-spec.ts';

Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  LinearScale,
  LogarithmicScale,
  LineController,
  LineElement,
  PointElement,
  Legend,
  Tooltip,
);
Chart.defaults.animation = false;
Chart.defaults.font.family = 'system-ui, sans-serif';
Chart.defaults.font.size = 12;
Chart.defaults.color = '#3d4654';

const FONT = '12px system-ui, sans-serif';

/** Words of `label` in lines no wider than `max` pixels; a word wider than that is cut between letters. */
function wrap(ctx: CanvasRenderingContext2D, label: string, max: number): string[] {
  ctx.font = FONT;
  const lines: string[] = [];
  let line = '';
  for (const word of label.split(/\s+/)) {
    const next = line ? `${line} ${word}` : word;
    if (ctx.measureText(next).width <= max) {
      line = next;
      continue;
    }
    if (line) lines.push(line);
    line = '';
    let rest = word;
    while (ctx.measureText(rest).width > max && rest.length > 1) {
      let k = rest.length - 1;
      while (k > 1 && ctx.measureText(rest.slice(0, k)).width > max) k--;
      lines.push(rest.slice(0, k));
      rest = rest.slice(k);
    }
    line = rest;
  }
  if (line) lines.push(line);
  return lines;
}

function draw(canvas: HTMLCanvasElement, spec: ChartSpec): Chart {
  const rtl = spec.dir === 'rtl';
  const number = new Intl.NumberFormat(spec.locale, { maximumFractionDigits: spec.axis.digits });
  const bars = spec.layout === 'bars';
  const ctx = canvas.getContext('2d')!;
  // Category labels may take at most 40 % of the width; chart.js gives an axis at most half, and cuts
  // what does not fit, so labels are wrapped before it sees them (and again when the width changes).
  const labelsFor = (width: number) =>
    bars ? spec.labels.map((l) => wrap(ctx, l, Math.max(40, width * 0.4 - 16))) : spec.labels;
  const valueAxis = {
    type: spec.axis.log ? ('logarithmic' as const) : ('linear' as const),
    reverse: bars && rtl,
    position: bars ? ('bottom' as const) : rtl ? ('right' as const) : ('left' as const),
    title: { display: true, text: spec.axis.title },
    ticks: {
      maxRotation: 0,
      autoSkip: true,
      callback: (v: number | string) => number.format(Number(v)),
    },
    ...(spec.axis.log ? {} : { beginAtZero: true }),
  };
  const categoryAxis = {
    type: 'category' as const,
    reverse: !bars && rtl,
    position: bars ? (rtl ? ('right' as const) : ('left' as const)) : ('bottom' as const),
    ticks: { maxRotation: 0, autoSkip: !bars, autoSkipPadding: 12 },
    grid: { display: !bars },
  };
  ctx.font = FONT;
  const edge = bars ? 0 : Math.ceil(Math.max(0, ...spec.labels.map((l) => ctx.measureText(l).width)) / 2);
  const datasets = spec.datasets.map((d) => {
    const common = {
      label: d.label,
      data: d.data as never,
      backgroundColor: d.colour,
      borderColor: d.colour,
      // chart.js draws a lower `order` on top: dots and marks over the bars they sit on.
      order: d.kind === 'point' || d.kind === 'marker' ? 0 : 1,
    };
    if (d.kind === 'range' || d.kind === 'bar')
      return { ...common, type: 'bar' as const, barPercentage: 0.7, categoryPercentage: 0.9, grouped: false };
    if (d.kind === 'line')
      return { ...common, type: 'line' as const, pointRadius: 0, borderWidth: 2, spanGaps: false };
    return {
      ...common,
      type: 'line' as const,
      showLine: false,
      ...(bars && { indexAxis: 'y' as const }),
      pointStyle: d.kind === 'marker' ? ('line' as const) : ('circle' as const),
      rotation: d.kind === 'marker' ? 90 : 0,
      pointRadius: d.kind === 'marker' ? 11 : 5,
      pointBorderWidth: d.kind === 'marker' ? 3 : 1,
      pointBackgroundColor: d.colour,
      pointBorderColor: d.kind === 'marker' ? d.colour : '#ffffff',
    };
  });
  const chart = new Chart(canvas, {
    type: spec.layout === 'bars' ? 'bar' : 'line',
    data: {
      labels: labelsFor(canvas.parentElement?.clientWidth ?? 600) as string[],
      datasets: datasets as never,
    },
    options: {
      indexAxis: bars ? 'y' : 'x',
      responsive: true,
      maintainAspectRatio: false,
      locale: spec.locale,
      // A print is sharper than a screen: the PDF printer draws at twice the pixels.
      devicePixelRatio: Math.max(2, window.devicePixelRatio || 1),
      // Room at both ends of a time axis for half its widest label: chart.js centres the first and
      // last day under their points, and mirrored (right to left) it leaves the last one half outside.
      layout: { padding: { left: 4 + edge, right: 8 + edge, top: 4, bottom: 4 } },
      scales: bars ? { x: valueAxis, y: categoryAxis } : { x: categoryAxis, y: valueAxis },
      plugins: {
        // The legend is HTML beside the canvas (ChartFigure.astro): it wraps in any language and at any
        // width, where chart.js would draw a long entry past the canvas's edge.
        legend: { display: false, rtl, textDirection: spec.dir },
        tooltip: { rtl, textDirection: spec.dir },
      },
      onResize: (c, size) => {
        // chart.js draws an array label as lines; its types know only single-line labels.
        c.data.labels = labelsFor(size.width) as string[];
      },
    },
  });
  return chart;
}

const charts: Chart[] = [];
for (const canvas of document.querySelectorAll<HTMLCanvasElement>('canvas[data-chart]')) {
  const source = document.getElementById(canvas.dataset['chart']!);
  if (!source?.textContent) continue;
  const drawing = canvas.closest<HTMLElement>('.chart-drawing');
  if (drawing) drawing.hidden = false;
  charts.push(draw(canvas, JSON.parse(source.textContent) as ChartSpec));
  canvas.dataset['drawn'] = '';
}
// For the browser tests, which measure every label against its chart (tests/e2e/report-layout.spec.ts),
// and for the PDF printer, which waits for every chart to be drawn.
(window as unknown as { counterpointCharts: Chart[] }).counterpointCharts = charts;
document.documentElement.dataset['charts'] = 'drawn';
