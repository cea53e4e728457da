import { z } from 'zod';
import { SlugSchema } from './common.ts';

/** Host names of this machine: a partner page tried locally may be served over plain http. */
const LOOPBACK = /^(localhost|127\.\d{1,3}\.\d{1,3}\.\d{1,3}|\[::1\])$/i;

/**
 * A partner's site: an https:// address, or http:// on this machine (a partner page tried locally,
 * as the browser test does). Its origin (scheme, host, port) is what the collector compares with the
 * `Origin` a browser sends with the banner's impression.
 */
export const PlacementSiteSchema = z
  .url({
    protocol: /^https?$/,
    error: 'expected a full https:// address, like "https://example.org/page"',
  })
  // Zod runs this even when the address check failed: it judges http:// addresses only (the check above
  // speaks for the rest, one message per mistake), with URL.parse, which does not throw.
  .refine((u) => !/^http:/i.test(u) || LOOPBACK.test(URL.parse(u)?.hostname ?? ''), {
    error:
      'expected a full https:// address, like "https://example.org/page" (plain http:// only for localhost, to try a page on this machine)',
  });

/** The origin impressions of a placement must come from: scheme, lower-case host, port (default dropped). */
export const placementOrigin = (site: string): string => new URL(site).origin;

/**
 * A partner site that embeds the campaign's banner (`counterpoint embed <campaign> --partner <id>`):
 * a diaspora association, an NGO, a forum or a job board that agreed to host it. Its impressions and
 * clicks are counted per partner through its own tracked link (channel `partner-site`).
 */
export const PlacementSchema = z.strictObject({
  /**
   * Partner id: one of the campaign's `partners`, or a new id for a site that is not a diaspora
   * partner (then give its `name`). The embed snippet carries it as `data-partner`.
   * @example "hamburg-afghan-community"
   */
  partner: SlugSchema,
  /**
   * Who hosts the banner, when the partner is not one of the campaign's diaspora partners.
   * @example "Kabul jobs forum (example)"
   */
  name: z.string().min(1).optional(),
  /**
   * The site or page that embeds the banner. The collector counts the banner's impressions only when
   * the browser says they come from this site's origin (scheme, host and port; the path is not sent),
   * so a placement without `site` counts none (`validate` warns). Several pages of one site share its
   * origin: their impressions cannot be told apart.
   * @example "https://example.org/forum/"
   */
  site: PlacementSiteSchema.optional(),
  /**
   * Audience id the site's readers belong to; by default the partner's first audience, else the
   * campaign's first. The banner's clicks and impressions count for it.
   * @example "families-peshawar-quetta"
   */
  audience: SlugSchema.optional(),
});
export type Placement = z.output<typeof PlacementSchema>;

interface PlacementCampaign {
  placements: readonly Placement[];
  partners: readonly { id: string; audiences: readonly string[] }[];
  audiences: readonly { id: string }[];
  channels: readonly string[];
}

/**
 * What `validate` warns about in `placements` (not errors: the banner still shows, its clicks still
 * count): a placement without `site`, whose impressions the collector refuses.
 */
export function placementWarnings(c: Pick<PlacementCampaign, 'placements'>) {
  return c.placements.flatMap((p, i) =>
    p.site
      ? []
      : [
          {
            path: ['placements', i] as (string | number)[],
            message: `placement "${p.partner}" has no site, so none of its banner's impressions are counted (only impressions sent from the partner's own site are); add site: with the address of the page that embeds the banner`,
          },
        ],
  );
}

/** The cross-field rules of `placements`, called from the campaign's own (campaign.ts). */
export function checkPlacements(
  c: PlacementCampaign,
  issue: (path: (string | number)[], message: string) => void,
): void {
  if (c.placements.length && !c.channels.includes('partner-site'))
    issue(
      ['placements'],
      'placements are counted on the channel "partner-site", which the campaign does not list; add partner-site to channels',
    );
  const partners = new Set(c.partners.map((p) => p.id));
  const audiences = new Set(c.audiences.map((a) => a.id));
  const seen = new Set<string>();
  c.placements.forEach((p, i) => {
    if (seen.has(p.partner))
      issue(
        ['placements', i, 'partner'],
        `partner "${p.partner}" is placed twice; each partner has one snippet and one count, so remove the repeat`,
      );
    seen.add(p.partner);
    if (!partners.has(p.partner) && !p.name)
      issue(
        ['placements', i, 'partner'],
        `no partner "${p.partner}" in this campaign's partners; ${partners.size ? `use one of: ${[...partners].join(', ')}, or` : 'add it under partners, or'} give this placement a name for a site that is not a diaspora partner`,
      );
    if (p.audience && !audiences.has(p.audience))
      issue(
        ['placements', i, 'audience'],
        `no audience "${p.audience}" in this campaign; use one of: ${[...audiences].join(', ')}`,
      );
  });
}
