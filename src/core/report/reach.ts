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
