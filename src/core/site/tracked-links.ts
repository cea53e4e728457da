import { createHash } from 'node:crypto';
import { type Campaign, placementOrigin } from '../campaign/schema/index.ts';
import { escapeHtml } from '../text.ts';

export interface TrackedLink {
  code: string;
  campaign: string;
  channel: string;
  audience: string;
  /** Landing language for this audience. */
  language: string;
  /** Whether an author chose the code (it may be printed already) or it was generated. */
  declared: boolean;
  /** The partner whose embedded banner this link belongs to (a placement), if any. */
  partner?: string;
  /**
   * A placement's declared site as an origin (`https://example.org`): the only origin its banner's
   * impressions are accepted from. Absent for a placement without `site`: it gets none.
   */
  origin?: string;
}

/** A stable short code for campaign × channel × audience: the same every build, so printed QR codes keep working. */
export function generatedCode(campaign: string, channel: string, audience: string): string {
  return createHash('sha256')
    .update(`${campaign}\u0000${channel}\u0000${audience}`)
    .digest('base64url')
    .replace(/[-_]/g, '')
    .slice(0, 7)
    .toLowerCase();
}

/** The audience's first language the campaign publishes, else the campaign's default language. */
export function audienceLanguage(campaign: Campaign, audienceId: string): string {
  const audience = campaign.audiences.find((a) => a.id === audienceId);
  return (
    audience?.languages.find((l) => campaign.languages.published.includes(l)) ?? campaign.languages.default
  );
}

/** One tracked link per placement (channel partner-site): what the partner's banner links through. */
export function placementLinks(campaign: Campaign): TrackedLink[] {
  return campaign.placements.map((p) => {
    const audience =
      p.audience ??
      campaign.partners.find((d) => d.id === p.partner)?.audiences[0] ??
      campaign.audiences[0]!.id;
    return {
      // `partner:` keeps these codes apart from the audience × channel ones.
      code: generatedCode(campaign.id, 'partner-site', `partner:${p.partner}`),
      campaign: campaign.id,
      channel: 'partner-site',
      audience,
      language: audienceLanguage(campaign, audience),
      declared: false,
      partner: p.partner,
      ...(p.site && { origin: placementOrigin(p.site) }),
    };
  });
}

/** Every tracked link of a campaign: the declared ones, one per audience × channel, one per placement. */
export function trackedLinks(campaign: Campaign): TrackedLink[] {
  const links: TrackedLink[] = campaign.links.map((l) => ({
    code: l.code,
    campaign: campaign.id,
    channel: l.channel,
    audience: l.audience,
    language: l.language ?? audienceLanguage(campaign, l.audience),
    declared: true,
  }));
  for (const a of campaign.audiences) {
    for (const channel of campaign.channels) {
      links.push({
        code: generatedCode(campaign.id, channel, a.id),
        campaign: campaign.id,
        channel,
        audience: a.id,
        language: audienceLanguage(campaign, a.id),
        declared: false,
      });
    }
  }
  links.push(...placementLinks(campaign));
  return links;
}

/**
 * Picks the landing language for a visitor: the link's language, unless the browser asks for another
 * language the campaign publishes and not the link's at all.
 */
export function negotiateLanguage(
  link: TrackedLink,
  published: readonly string[],
  acceptLanguage: string | undefined,
): string {
  if (!acceptLanguage) return link.language;
  const wanted = acceptLanguage
    .split(',')
    .map((part) => {
      const [tag = '', q = 'q=1'] = part.trim().split(';');
      return { tag: tag.trim().toLowerCase(), q: Number(q.split('=')[1] ?? 1) };
    })
    .filter((w) => w.tag && w.q > 0)
    .sort((a, b) => b.q - a.q);
  const base = (t: string) => t.split('-')[0]!;
  if (wanted.some((w) => base(w.tag) === base(link.language.toLowerCase()))) return link.language;
  for (const w of wanted) {
    const hit =
      published.find((p) => p.toLowerCase() === w.tag) ??
      published.find((p) => base(p.toLowerCase()) === base(w.tag));
    if (hit) return hit;
  }
  return link.language;
}

/**
 * The static-host version of /go/<code>: a tiny page that sends the reader on at once, carrying the
 * code to the landing page, whose beacon attributes the visit to the link's channel and audience.
 */
export function redirectPageHtml(link: TrackedLink, landingPath: string): string {
  const target = escapeHtml(`${landingPath}?k=${encodeURIComponent(link.code)}`);
  return `<!doctype html><html lang="${escapeHtml(link.language)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><meta name="referrer" content="no-referrer"><meta http-equiv="refresh" content="0; url=${target}"><title>→</title></head><body><main><a href="${target}">${target}</a></main></body></html>\n`;
}
