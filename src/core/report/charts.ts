import type { Message } from '../i18n/messages.ts';
import {
  bootstrapMessage,
  describeBootstrap,
  describeRandomisation,
  formatP,
  randomisationMessage,
} from './format.ts';
import type { Report } from './schema.ts';

/** What the dashboard charts draw, derived from the report; each chart also renders as a table. */
export interface ChartData {
  /** Withheld days have a null value and say why in `displays` ("<10" or "withheld"). */
  series: { days: string[]; metrics: { metric: string; values: (number | null)[]; displays: string[] }[] };
  /** People reached per audience as a range (at least, at most), against the target. */
  reach: { audience: string; lower: number; upper: number; target: number | null; estimate: number | null }[];
  channels: { channel: string; value: number }[];
  /** Effects with their CR2 interval (null bounds: no interval) and the three p-values, as the report gives them. */
  outcomes: {
    indicator: string;
    role: 'primary' | 'secondary';
    kind: 'share' | 'mean';
    estimate: number;
    lower: number | null;
    upper: number | null;
    p: string;
    bootstrapP: string;
    randomisationP: string;
    /** `bootstrapP` and `randomisationP` as messages for the reader's language; null where there is no test. */
    bootstrapMessage: Message | null;
    randomisationMessage: Message | null;
    unreliable: boolean;
  }[];
}

const SERIES_METRICS = ['impressions', 'reach', 'link-clicks', 'page-views', 'inquiries'];

export function chartData(r: Report): ChartData {
  const days = [...new Set(r.series.map((s) => s.day))].sort();
  const metrics = SERIES_METRICS.filter((m) => r.series.some((s) => s.metric === m)).map((metric) => ({
    metric,
    values: days.map((d) => r.series.find((s) => s.day === d && s.metric === metric)?.value ?? null),
    displays: days.map((d) => r.series.find((s) => s.day === d && s.metric === metric)?.display ?? '—'),
  }));
  const channelTotals = new Map<string, number>();
  for (const c of r.byChannel)
    if (c.metric === 'impressions' && c.value !== null)
      channelTotals.set(c.key, (channelTotals.get(c.key) ?? 0) + c.value);
  return {
    series: { days, metrics },
    reach: r.reach.audiences.map((a) => ({
      audience: a.id,
      lower: a.reach.lower,
      upper: a.reach.upper,
      target: a.target,
      estimate: a.reachEstimate?.estimate ?? null,
    })),
    channels: [...channelTotals]
      .map(([channel, value]) => ({ channel, value }))
      .sort((a, b) => b.value - a.value),
    outcomes: r.outcomes
      .filter((o) => o.effect)
      .map((o) => {
        const e = o.effect!;
        return {
          indicator: o.indicator,
          role: o.role,
          kind: o.kind,
          estimate: e.estimate,
          lower: e.lower,
          upper: e.upper,
          p: formatP(e.p),
          bootstrapP: e.bootstrap ? describeBootstrap(e.bootstrap) : '—',
          randomisationP: e.randomisation ? describeRandomisation(e.randomisation) : '—',
          bootstrapMessage: e.bootstrap ? bootstrapMessage(e.bootstrap) : null,
          randomisationMessage: e.randomisation ? randomisationMessage(e.randomisation) : null,
          unreliable: e.unreliable,
        };
      }),
  };
}
