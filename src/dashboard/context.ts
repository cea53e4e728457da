import type { LoadedCampaign } from '../core/campaign/index.ts';
import { openStore, type Store } from '../core/metrics/index.ts';
import { checkSite, published } from '../core/site/index.ts';

let context: Promise<{ store: Store; campaigns: Map<string, LoadedCampaign> }> | undefined;

/** The store and campaigns for dashboard pages rendered by Astro in server mode, opened once. */
export function dashboardContext() {
  context ??= (async () => {
    const { result } = checkSite(process.env['COUNTERPOINT_CAMPAIGNS'] ?? 'campaigns');
    const campaigns = new Map(published(result.campaigns).map((c) => [c.campaign.id, c]));
    return { store: await openStore(), campaigns };
  })();
  return context;
}
