import type { LoadedCampaign } from '../campaign/loader.ts';
import type { Problem } from '../campaign/errors.ts';
import type { SiteCheck } from './check.ts';
import { absolute, paths } from './links.ts';
import { qrShape, type QrShape } from './qr.ts';
import { trackedLinks, type TrackedLink } from './tracked-links.ts';

/** Campaigns with pages: active and ended ones, not drafts. */
export const published = (campaigns: LoadedCampaign[]): LoadedCampaign[] => campaigns.filter((c) => c.campaign.status !== 'draft');

/** Published campaigns in the order the site lists and builds them: by id. */
export function publishedInOrder(campaigns: LoadedCampaign[]): LoadedCampaign[] {
  return published(campaigns).sort((a, b) => a.campaign.id.localeCompare(b.campaign.id));
}

/** The QR shapes of a campaign's print flyers, by the landing page URL each one points to. */
export function flyerQrShapes(loaded: LoadedCampaign, site: string): Record<string, QrShape> {
  const shapes: Record<string, QrShape> = {};
  for (const lang of loaded.campaign.languages.published) {
    const url = absolute(site, paths.landing(lang, loaded.campaign.id));
    shapes[url] = qrShape(url);
  }
  return shapes;
}

/** Whether a build may go on, known before the campaigns' Markdown is rendered. */
export interface Verdict {
  problems: Problem[];
  /** The tracked links of the published campaigns (static /go/ pages). */
  links: TrackedLink[];
}

export function verdictOf(check: SiteCheck): Verdict {
  return { problems: check.problems, links: publishedInOrder(check.result.campaigns).flatMap((c) => trackedLinks(c.campaign)) };
}

/**
 * What the build worker (prepare-worker.ts) posts, one field per message, in this order: `verdict`;
 * then, only when there are no errors, `check` with `markdown` (the placeholders' nonce and sources),
 * `qr` once per campaign, `qrDone`, and `html` (the sources rendered, in order).
 */
export interface WorkerMessage {
  verdict?: Verdict;
  check?: SiteCheck;
  markdown?: { nonce: string; sources: string[] };
  qr?: Record<string, QrShape>;
  qrDone?: true;
  html?: string[];
}
