import type { Store } from '../store.ts';
import type { OfferReportRow } from './offer-reports.ts';

/** One report of one campaign; undefined when it is not that campaign's (or gone). */
export async function getOfferReportRow(
  store: Store,
  campaign: string,
  id: number,
): Promise<OfferReportRow | undefined> {
  const r = await store.db
    .selectFrom('offer_reports')
    .selectAll()
    .where('campaign', '=', campaign)
    .where('id', '=', id)
    .executeTakeFirst();
  return r && { ...r, id: Number(r.id), setAside: Number(r.set_aside) === 1 };
}
