import { checkSite, type SiteCheck } from './check.ts';
import { absolute, paths } from './links.ts';
import { qrShape, type QrShape } from './qr.ts';

/**
 * The QR shapes of every landing page the site will publish, by URL: what the print flyers draw.
 * Nothing when the check found errors (there will be no build).
 */
export function flyerQrShapes(check: SiteCheck, site: string): Record<string, QrShape> {
  const shapes: Record<string, QrShape> = {};
  if (check.problems.some((p) => p.severity === 'error')) return shapes;
  for (const { campaign } of check.result.campaigns) {
    if (campaign.status === 'draft') continue;
    for (const lang of campaign.languages.published) {
      const url = absolute(site, paths.landing(lang, campaign.id));
      shapes[url] = qrShape(url);
    }
  }
  return shapes;
}

export type { SiteCheck };
