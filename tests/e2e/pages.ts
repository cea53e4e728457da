import { loadCampaigns } from '../../src/core/workspace/index.ts';
import { directionOf } from '../../src/core/i18n/index.ts';

/** Every example landing page: the tests walk the same campaigns the site is built from. */
export const campaigns = loadCampaigns('campaigns').campaigns.filter((c) => c.campaign.status !== 'draft');

export const landingPages = campaigns.flatMap((c) =>
  c.campaign.languages.published.map((lang) => ({
    id: c.campaign.id,
    lang,
    dir: directionOf(lang),
    path: `/${lang}/${c.campaign.id}/`,
    headline: c.pages[lang]!.headline,
    owner: c.campaign.owner.name,
    others: c.campaign.languages.published.filter((l) => l !== lang),
  })),
);
