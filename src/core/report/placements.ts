import type { Campaign } from '../campaign/schema/index.ts';
import type { TotalsRow } from '../metrics/queries/totals.ts';
import { placementLinks } from '../site/tracked-links.ts';

/**
 * Impressions, readers and clicks of the embedded banner per placement, still exact (the disclosure
 * pass decides what is shown). All are site facts whose detail is the placement's tracked-link code: the
 * collector writes an impression (and, once per reader and day, a reader) with it, and /go/<code> a
 * click. Readers are distinct within a day and added up over days, as the page's visitors are.
 */
export function placementRows(campaign: Campaign, byDetail: readonly TotalsRow[]) {
  const count = (code: string, metric: string) =>
    byDetail.filter((r) => r.detail === code && r.metric === metric).reduce((s, r) => s + r.value, 0);
  return placementLinks(campaign).map((link) => {
    const placement = campaign.placements.find((p) => p.partner === link.partner)!;
    const name =
      placement.name ?? campaign.partners.find((p) => p.id === link.partner)?.name ?? link.partner!;
    return {
      partner: link.partner!,
      name,
      impressions: count(link.code, 'embed-impressions'),
      readers: count(link.code, 'embed-readers'),
      clicks: count(link.code, 'tracked-link-clicks'),
    };
  });
}
