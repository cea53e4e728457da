import type { LoadedCampaign } from '../campaign/loader.ts';

/** Campaigns with pages: active and ended ones, not drafts. */
export const published = (campaigns: LoadedCampaign[]): LoadedCampaign[] =>
  campaigns.filter((c) => c.campaign.status !== 'draft');

/** Published campaigns in the order the site lists and builds them: by id. */
export function publishedInOrder(campaigns: LoadedCampaign[]): LoadedCampaign[] {
  return published(campaigns).sort((a, b) => a.campaign.id.localeCompare(b.campaign.id));
}
