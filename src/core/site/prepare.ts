import type { LoadedCampaign } from '../campaign/loader.ts';
import { absolute, paths } from './links.ts';
import { qrShape, type QrShape } from './qr.ts';

/** The QR shapes of a campaign's print flyers, by the landing page URL each one points to. */
export function flyerQrShapes(loaded: LoadedCampaign, site: string): Record<string, QrShape> {
  const shapes: Record<string, QrShape> = {};
  for (const lang of loaded.campaign.languages.published) {
    const url = absolute(site, paths.landing(lang, loaded.campaign.id));
    shapes[url] = qrShape(url);
  }
  return shapes;
}

/** Published campaigns in the order the site lists and builds them: by id. */
export function publishedInOrder(campaigns: LoadedCampaign[]): LoadedCampaign[] {
  return campaigns.filter((c) => c.campaign.status !== 'draft').sort((a, b) => a.campaign.id.localeCompare(b.campaign.id));
}
