/**
 * What a chart of the reports draws, as plain data: built on the server from the report (one set of
 * figures for the page, the table beside the chart, the PDF and the CSV) and drawn in the browser by
 * src/views/charts.client.ts with chart.js. JSON only: no function crosses from server to page.
 */
export interface ChartSpec {
  /** `bars`: one row per category (horizontal); `series`: values over days. */
  layout: 'bars' | 'series';
  /** Category labels (rows) or day labels (series), already in the page's language. */
  labels: string[];
  datasets: {
    /**
     * `range`: a floating bar [from, to] per row; `bar`: a bar from zero; `point`: a dot per row (an
     * estimate); `marker`: a short upright line per row (a target); `line`: a line over the days.
     */
    kind: 'range' | 'bar' | 'point' | 'marker' | 'line';
    label: string;
    data: (number | [number, number] | null)[];
    colour: string;
  }[];
  /** The value axis: its title, how many decimals its ticks show, and a logarithmic scale. */
  axis: { title: string; digits: number; log?: boolean };
  /** BCP 47 locale for numbers (the page's), and the page's direction. */
  locale: string;
  dir: 'ltr' | 'rtl';
}

/**
 * CSS height of a chart's canvas box: rows of bars need room each; a series has a fixed height. On
 * paper (`compact`) rows are closer: the donor PDF has eight pages.
 */
export function chartHeight(spec: ChartSpec, compact = false): number {
  if (spec.layout === 'series') return compact ? 210 : 280;
  return compact ? Math.max(130, 72 + spec.labels.length * 30) : Math.max(160, 84 + spec.labels.length * 40);
}
