import type { OfferKind } from '../campaign/schema/offer.ts';

/**
 * The warning signs of a fake offer, per kind, in the order the checklist shows them. Each id names a
 * UI string `offer.sign.<id>` (locales/). Drawn from IOM's and the EU anti-trafficking coordinator's
 * advice on recognising deceptive recruitment: fees up front, documents kept, pressure and secrecy.
 */
export const OFFER_SIGNS: Record<OfferKind, readonly string[]> = {
  job: ['fee', 'passport', 'contract', 'stranger', 'pay', 'secret', 'hurry'],
  marriage: ['fee', 'passport', 'stranger', 'never-met', 'travel-paid', 'secret', 'hurry'],
  study: ['fee', 'passport', 'no-school', 'work-instead', 'contract', 'hurry'],
  visa: ['fee', 'passport', 'guarantee', 'no-office', 'cash', 'hurry'],
};

/** From this many signs on, an offer is very likely a trap and the page points to the contact point. */
export const WARNING_THRESHOLD = 2;

/** What a reader's answers mean: `few` (0–1 signs: still careful) or `many` (2+: do not go, ask for help). */
export type OfferOutcome = 'few' | 'many';

/**
 * The outcome of one check: the number of distinct known signs of that kind that were ticked, against
 * the threshold. Unknown ids are ignored (a form from an older page), so nobody is told "safe" by error
 * because of them, and none is counted twice.
 *
 * @example assessOffer('job', ['fee', 'passport']) // 'many'
 */
export function assessOffer(kind: OfferKind, ticked: readonly string[]): OfferOutcome {
  const known = new Set(OFFER_SIGNS[kind]);
  const n = new Set(ticked.filter((s) => known.has(s))).size;
  return n >= WARNING_THRESHOLD ? 'many' : 'few';
}

/**
 * Where a suspicious offer was seen. Names the platforms recruiters use (dating apps, forums,
 * marketplaces, WeChat among them); kept here rather than in the campaign's channel list, since a
 * report names where the *offer* was, not where the campaign is carried.
 */
export const OFFER_PLATFORMS = [
  'facebook',
  'instagram',
  'tiktok',
  'whatsapp',
  'telegram',
  'wechat',
  'dating-app',
  'forum',
  'marketplace',
  'website',
  'in-person',
  'other',
] as const;
export type OfferPlatform = (typeof OFFER_PLATFORMS)[number];
