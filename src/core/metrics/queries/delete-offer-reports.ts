import type { Store } from '../store.ts';

/** Deletes a campaign's reports received before `before` (a UTC day); returns how many. */
export async function deleteOfferReportsBefore(
  store: Store,
  campaign: string,
  before: string,
): Promise<number> {
  const r = await store.db
    .deleteFrom('offer_reports')
    .where('campaign', '=', campaign)
    .where('day', '<', before)
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}
