import type { Store } from '../metrics/store.ts';
import { tiplineCounts } from '../metrics/queries/tipline.ts';
import { displayCount, suppressSmallCounts } from '../stats/suppress.ts';

/** What the tipline counts, in the report's order. */
export const TIPLINE_METRICS = [
  'tipline-conversations',
  'tipline-readers',
  'offer-checks',
  'tipline-reports',
  'tipline-contacts',
] as const;

/** One platform's count of one metric, whole and per language, as a report may show them. */
export interface TiplineSummaryRow {
  platform: string;
  metric: (typeof TIPLINE_METRICS)[number];
  /** The platform's total ("<10" when small). */
  total: string;
  /** Per language, with primary and complementary suppression (the total is shown beside them). */
  byLanguage: { key: string; display: string }[];
}

/**
 * The tipline's reach of one campaign (whole campaign, like the offer summary): conversations, readers
 * (unique per day, summed over days: a reader of two days counts twice), offer checks, reports and
 * contact hand-offs, per platform and language. Every count comes from readers, so each follows the
 * first-party rule: under 10 shown as "<10", and the next smallest withheld within a platform so that its
 * total cannot give a small language away.
 */
export async function summariseTipline(store: Store, campaign: string): Promise<TiplineSummaryRow[]> {
  const counts = await tiplineCounts(store, campaign);
  const out: TiplineSummaryRow[] = [];
  for (const platform of ['telegram', 'whatsapp'])
    for (const metric of TIPLINE_METRICS) {
      const cells = counts
        .filter((c) => c.platform === platform && c.metric === metric)
        .map((c) => ({ key: c.language, count: c.value }))
        .sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : 1));
      if (!cells.length) continue;
      out.push({
        platform,
        metric,
        total: displayCount(cells.reduce((s, c) => s + c.count, 0)),
        byLanguage: suppressSmallCounts(cells).map((c) => ({ key: c.key, display: c.display })),
      });
    }
  return out;
}
