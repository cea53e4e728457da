import { effectWithheld } from './disclosure.ts';
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
  /**
   * Each outcome's effect as the comparison shows it, marked: `unreliable` (the report lists why: few
   * communities, small cells), `withheld` (with a small survey cell) or `refused` (no variation), so a
   * campaign's +60 pp from two communities per arm does not read like a finding.
   */
  effects: ComparedEffect[];
}

export interface ComparedEffect {
  indicator: string;
  kind: 'share' | 'mean';
  role: 'primary' | 'secondary';
  estimate: number | null;
  lower: number | null;
  upper: number | null;
  mark: 'unreliable' | 'withheld' | 'refused' | null;
}

/** The effects of a report for the comparison, each with its mark (see `ComparisonRow.effects`). */
export function comparedEffects(report: Report): ComparedEffect[] {
  return report.outcomes
    .filter((o) => o.effect || o.notes.length)
    .map((o) => {
      const e = o.effect;
      const withheld = effectWithheld(o);
      return {
        indicator: o.indicator,
        kind: o.kind,
        role: o.role,
        estimate: e?.estimate ?? null,
        lower: e?.lower ?? null,
        upper: e?.upper ?? null,
        mark: !e ? (withheld ? 'withheld' : 'refused') : e.unreliable ? 'unreliable' : null,
      };
    });
}

/**
 * Campaigns side by side, sorted. Reach is a range (channels overlap): campaigns are ranked by what they
 * can claim, its lower end, then by the upper end; cost by its upper end (the cost if only the lower
 * reach is real), cheapest first; no cost sorts last.
 */
export function compareCampaigns(reports: Report[], sort: ComparisonSort): ComparisonRow[] {
  const rows = reports.map((report): ComparisonRow => {
    const target = report.reach.total.target;
    return {
      report,
      target,
      shareOfTarget: shareOf(report.reach.total.reach, target),
      verdicts: (['pass', 'warn', 'fail'] as const).map((verdict) => ({
        verdict,
        count: report.scorecard.filter((s) => s.verdict === verdict).length,
      })),
      effects: comparedEffects(report),
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
