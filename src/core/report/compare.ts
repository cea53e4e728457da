import { shareOf } from './reach.ts';
import type { Report } from './schema.ts';

export const COMPARISON_SORTS = ['title', 'reach', 'target', 'cost'] as const;
export type ComparisonSort = (typeof COMPARISON_SORTS)[number];

export interface ComparisonRow {
  report: Report;
  /** The audiences' reach targets added up. */
  target: number;
  /** People reached against that target, as a range; null without a target. */
  shareOfTarget: { lower: number; upper: number } | null;
  verdicts: { verdict: 'pass' | 'warn' | 'fail'; count: number }[];
}

/**
 * Campaigns side by side, sorted. Reach is a range (channels overlap): campaigns are ranked by what they
 * can claim, its lower end, then by the upper end; cost by its upper end (the cost if only the lower
 * reach is real), cheapest first; no cost sorts last.
 */
export function compareCampaigns(reports: Report[], sort: ComparisonSort): ComparisonRow[] {
  const rows = reports.map((report): ComparisonRow => {
    const target = report.reach.audiences.reduce((s, a) => s + (a.target ?? 0), 0);
    return {
      report,
      target,
      shareOfTarget: shareOf(report.reach.total.reach, target),
      verdicts: (['pass', 'warn', 'fail'] as const).map((verdict) => ({
        verdict,
        count: report.scorecard.filter((s) => s.verdict === verdict).length,
      })),
    };
  });
  const key: Record<ComparisonSort, (r: ComparisonRow) => [number | string, number]> = {
    title: (r) => [r.report.campaign.title, 0],
    reach: (r) => [-r.report.reach.total.reach.lower, -r.report.reach.total.reach.upper],
    target: (r) => [-(r.shareOfTarget?.lower ?? 0), -(r.shareOfTarget?.upper ?? 0)],
    cost: (r) => [
      r.report.cost.per1000Reached?.upper ?? Number.MAX_VALUE,
      r.report.cost.per1000Reached?.lower ?? Number.MAX_VALUE,
    ],
  };
  const order = (x: [number | string, number], y: [number | string, number]) =>
    x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : x[1] - y[1];
  return rows.sort((a, b) => order(key[sort](a), key[sort](b)));
}
