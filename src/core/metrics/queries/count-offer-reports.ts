import { sql } from 'kysely';
import type { Store } from '../store.ts';

export interface OfferReportCount {
  platform: string;
  kind: string;
  count: number;
}

/** Reports per platform × kind, for the report's breakdowns (one grouped scan of the campaign's index). */
export async function countOfferReports(store: Store, campaign: string): Promise<OfferReportCount[]> {
  const rows = await store.db
    .selectFrom('offer_reports')
    .select(['platform', 'kind', sql<number>`count(*)`.as('count')])
    .where('campaign', '=', campaign)
    .groupBy(['platform', 'kind'])
    .execute();
  return rows.map((r) => ({ platform: r.platform, kind: r.kind, count: Number(r.count) }));
}
