import type { Campaign } from '../campaign/schema/index.ts';
import type { TotalsRow } from '../metrics/queries/totals.ts';
import { placementLinks } from '../site/tracked-links.ts';

/**
 * Impressions and clicks of the embedded banner per placement, still exact (the disclosure pass decides
 * what is shown). Both are site facts whose detail is the placement's tracked-link code: the collector
 * writes an impression with it, and /go/<code> a click.
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
      clicks: count(link.code, 'tracked-link-clicks'),
    };
  });
}
