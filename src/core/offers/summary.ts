import { sumOfferChecks } from '../metrics/queries/sum-offer-checks.ts';
import type { Store } from '../metrics/store.ts';
import { displayCount, type ShownCell, suppressSmallCounts } from '../stats/suppress.ts';
import { countOfferReports } from './store.ts';

/** What a report may show of a campaign's offer checks and reports: every count through disclosure control. */
export interface OfferSummary {
  /** Offer checks made, and how many found two or more warning signs ("<10" when small). */
  checks: string;
  checksWarned: string;
  reports: string;
  /** Reports per platform and per kind, with primary and complementary suppression. */
  byPlatform: ShownCell[];
  byKind: ShownCell[];
}

const sumBy = (rows: readonly { key: string; count: number }[]) => {
  const m = new Map<string, number>();
  for (const r of rows) m.set(r.key, (m.get(r.key) ?? 0) + r.count);
  return [...m]
    .map(([key, count]) => ({ key, count }))
    .sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : 1));
};

/**
 * The offer summary of one campaign. Reports come from readers as offer checks do, so their counts
 * follow the same rule as other first-party counts (under 10 shown as "<10", and the next smallest
 * withheld so the total cannot give a small one away).
 */
export async function summariseOffers(store: Store, campaign: string): Promise<OfferSummary> {
  const counts = await countOfferReports(store, campaign);
  const checks = await sumOfferChecks(store, campaign);
  const total = counts.reduce((s, c) => s + c.count, 0);
  return {
    checks: displayCount(checks.checks),
    checksWarned: displayCount(checks.warned),
    reports: displayCount(total),
    byPlatform: suppressSmallCounts(sumBy(counts.map((c) => ({ key: c.platform, count: c.count })))),
    byKind: suppressSmallCounts(sumBy(counts.map((c) => ({ key: c.kind, count: c.count })))),
  };
}
