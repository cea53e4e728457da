import type { TFunction as T } from 'i18next';
import type { Campaign } from '../campaign/schema/campaign.ts';
import type { OfferKind } from '../campaign/schema/offer.ts';
import { MAX_REPORT_TEXT } from './forms.ts';
import { OFFER_PLATFORMS, OFFER_SIGNS } from './signs.ts';

/** Platform names that are brands: the same in every language, so they are not UI strings. */
const BRANDS: Record<string, string> = {
  facebook: 'Facebook',
  instagram: 'Instagram',
  tiktok: 'TikTok',
  whatsapp: 'WhatsApp',
  telegram: 'Telegram',
  wechat: 'WeChat',
};

/** Where the forms go, decided once per build from where the beacon reports. */
export interface OfferEndpoints {
  /** POST target of the check (counted); undefined on a static site without a collector. */
  check?: string;
  /** POST target of the report form; undefined when no collector of this site can take it. */
  report?: string;
}

/**
 * The form endpoints beside the collector: the server's own, or those of the collector a static site
 * is fronted by (COLLECT_URL as a path of the same site). A collector on another origin gets no form:
 * every POST must come from a page of its own site (src/server/security.ts), and a report form is no
 * reason to open that check.
 */
export function offerEndpoints(collectUrl: string | undefined): OfferEndpoints {
  if (!collectUrl?.startsWith('/') || collectUrl.startsWith('//')) return {};
  const base = collectUrl.replace(/[^/]*$/, '');
  return { check: `${base}offer-check`, report: `${base}offer-report` };
}

export interface OfferCheckView {
  heading: string;
  intro: string;
  /** GET to the built page that explains both outcomes when nothing can count the answers. */
  method: 'post' | 'get';
  action: string;
  /** Hidden fields and checkbox names only where the answers go to the counting endpoint. */
  named: boolean;
  hidden: { name: string; value: string }[];
  submit: string;
  kinds: { kind: OfferKind; label: string; signs: { id: string; label: string }[] }[];
}

export interface OfferReportView {
  heading: string;
  intro: string;
  action: string;
  hidden: { name: string; value: string }[];
  kindLabel: string;
  kinds: { value: string; label: string }[];
  platformLabel: string;
  platforms: { value: string; label: string }[];
  linkLabel: string;
  textLabel: string;
  maxText: number;
  submit: string;
}

/** The check block of a landing page; undefined when the campaign has none. */
export function offerCheckView(
  campaign: Campaign,
  lang: string,
  t: T,
  endpoints: OfferEndpoints,
): OfferCheckView | undefined {
  if (!campaign.offerCheck) return undefined;
  const counted = endpoints.check !== undefined;
  return {
    heading: t('offer.check.heading'),
    intro: t('offer.check.intro'),
    method: counted ? 'post' : 'get',
    action: counted ? endpoints.check! : `/${lang}/${campaign.id}/offer/check/`,
    named: counted,
    hidden: [
      { name: 'c', value: campaign.id },
      { name: 'l', value: lang },
    ],
    submit: t('offer.check.submit'),
    kinds: campaign.offerCheck.kinds.map((kind) => ({
      kind,
      label: t(`offer.kind.${kind}`),
      signs: OFFER_SIGNS[kind].map((id) => ({ id, label: t(`offer.sign.${id}`) })),
    })),
  };
}

/** The report form of a landing page; undefined when the campaign takes none or nothing can receive it. */
export function offerReportView(
  campaign: Campaign,
  lang: string,
  t: T,
  endpoints: OfferEndpoints,
): OfferReportView | undefined {
  if (!campaign.offerReports || !endpoints.report) return undefined;
  const kinds = campaign.offerCheck?.kinds ?? (['job', 'marriage', 'study', 'visa'] as const);
  return {
    heading: t('offer.report.heading'),
    intro: t('offer.report.intro'),
    action: endpoints.report,
    hidden: [
      { name: 'c', value: campaign.id },
      { name: 'l', value: lang },
    ],
    kindLabel: t('offer.report.kind'),
    kinds: kinds.map((k) => ({ value: k, label: t(`offer.kind.${k}`) })),
    platformLabel: t('offer.report.platform'),
    platforms: OFFER_PLATFORMS.map((p) => ({ value: p, label: BRANDS[p] ?? t(`offer.platform.${p}`) })),
    linkLabel: t('offer.report.link'),
    textLabel: t('offer.report.text', { max: MAX_REPORT_TEXT.toLocaleString(lang) }),
    maxText: MAX_REPORT_TEXT,
    submit: t('offer.report.submit'),
  };
}

/** Which result pages a campaign's forms lead to (built in both modes). */
export function offerResultPages(campaign: Campaign): string[] {
  return [
    ...(campaign.offerCheck ? ['few', 'many', 'check'] : []),
    ...(campaign.offerReports ? ['reported', 'not-sent'] : []),
  ];
}
