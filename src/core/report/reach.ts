import type { Report } from './schema.ts';

type ChannelReach = Report['reach']['audiences'][number]['channels'][number];
type Range = { lower: number; upper: number };

/** Reach metrics from platform exports and field sheets; site visitors are first-party and kept apart. */
export const PLATFORM_REACH_METRICS = ['reach', 'event-attendees', 'estimated-listeners'];

/**
 * Reach per channel from rows of (channel, day, metric, value): the largest single day and the sum over
 * days. Rows of one day and channel are added up (an export's age × gender rows are different people);
 * days are not, since the same person can be reached on several days.
 */
export function channelReach(
  rows: readonly { channel?: string; day?: string; metric?: string; value: number }[],
  size?: number | null,
): ChannelReach[] {
  const perDay = new Map<string, Map<string, number>>();
  for (const r of rows) {
    if (!PLATFORM_REACH_METRICS.includes(r.metric!)) continue;
    const ch = r.channel || '(none)';
    const days = perDay.get(ch) ?? new Map<string, number>();
    days.set(r.day ?? '', (days.get(r.day ?? '') ?? 0) + r.value);
    perDay.set(ch, days);
  }
  return [...perDay]
    .map(([channel, days]) => ({
      channel,
      largestDay: Math.round(Math.max(0, ...days.values())),
      sum: Math.round([...days.values()].reduce((a, b) => a + b, 0)),
      // With the audience's size, the channel's period reach estimated under independence across days.
      ...(size &&
        size > 0 && {
          estimate: Math.round(size * independentReach([...days.values()].map((v) => v / size))),
        }),
    }))
    .sort((a, b) => b.sum - a.sum || a.channel.localeCompare(b.channel));
}

/**
 * People reached by one audience's channels, which may overlap ("reach is not additive"): at least the
 * largest single channel's reach, at most the sum of all of them, capped at the audience's estimated
 * size. A channel's period reach is only known as its largest day (its sum over days counts returning
 * people again), so that is what the lower end uses. Site visitors count towards the upper end only, and
 * only where they are shown.
 * Assumptions: the channels' figures are people (reach, attendance, listeners), not impressions.
 */
export function reachRange(
  channels: readonly ChannelReach[],
  siteVisitors: number | null,
  size: number | null,
): { combined: number; range: Range } {
  const combined = channels.reduce((s, c) => s + c.sum, 0) + (siteVisitors ?? 0);
  const lower = Math.max(0, ...channels.map((c) => c.largestDay));
  const upper = size === null ? combined : Math.min(combined, size);
  return { combined, range: { lower: Math.min(lower, upper), upper } };
}

/** A range divided by a positive number (share of a target or size); null without one. */
export const shareOf = (r: Range, of: number | null): Range | null =>
  of ? { lower: r.lower / of, upper: r.upper / of } : null;

/**
 * Net reach of several insertions or channels that reach shares `r_i` of one population, assuming each
 * reaches people independently of the others: 1 − Π(1 − r_i), the independence ("Sainsbury") formula of
 * media planning (Sissors & Baron, Advertising Media Planning, ch. "Reach and frequency"; Sainsbury,
 * 1960s). Shares are clamped to [0, 1]. Its result is never below the largest share and never above
 * their sum or 1: it lies inside the range the report gives.
 * Assumption: independence. Channels that aim at the same people (ads and a landing page, radio and an
 * event in one town) overlap more than chance, and the formula then overstates reach; channels aimed at
 * different people overlap less, and it understates it. Hence the range beside it.
 */
export function independentReach(shares: readonly number[]): number {
  let unreached = 1;
  for (const r of shares) unreached *= 1 - Math.min(1, Math.max(0, r));
  return 1 - unreached;
}

/** People reached, as an estimate inside its range. */
export interface ReachEstimate {
  estimate: number;
  lower: number;
  upper: number;
}

/**
 * An audience's people reached as an estimate: its channels' period reach (each already combined over
 * days under independence, `channelReach`) combined across channels with the independence formula, times
 * the audience's size; null without a size (shares need one) or a channel estimate. Site visitors are
 * left out of the estimate: most came through the ads or links the channels counted. The estimate is
 * held inside `range` (at least the largest channel, at most the sum capped at the size).
 */
export function estimateReach(
  channels: readonly ChannelReach[],
  size: number | null,
  range: Range,
): ReachEstimate | null {
  if (!size || size <= 0) return null;
  const known = channels.filter((c) => typeof c.estimate === 'number');
  if (!known.length) return null;
  const estimate = Math.round(size * independentReach(known.map((c) => c.estimate! / size)));
  return { estimate: Math.min(Math.max(estimate, range.lower), range.upper), ...range };
}

/**
 * What reaching one person cost: `money` over the people reached, the estimate's cost with its range
 * (the upper end of reach gives the lower cost); null without money or reach.
 */
export function costPerPerson(money: number | null, reach: ReachEstimate | null): ReachEstimate | null {
  if (!money || money <= 0 || !reach || reach.estimate <= 0 || reach.lower <= 0) return null;
  return { estimate: money / reach.estimate, lower: money / reach.upper, upper: money / reach.lower };
}
