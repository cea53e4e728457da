import { appContext } from '../app/context.ts';
import type { LoadedCampaign } from '../core/campaign/loader.ts';
import { LANGUAGE_CODES } from '../core/i18n/languages.ts';
import type { TFunction } from '../core/i18n/locales.ts';
import { buildLandingView, type LandingView } from '../core/site/landing.ts';
import { qrSvg } from '../core/site/qr.ts';
import { offerCheckView, offerEndpoints, offerReportView } from '../core/offers/view.ts';

/**
 * The glue between Astro and the core: the published campaigns, landing views and flyer QR codes, and
 * i18next, all from the application context (src/app/context.ts): the build's one check, made before
 * anything was written, and afresh on each request in `astro dev`, so the preview shows what was saved
 * last.
 */
const app = appContext();
const i18n = await app.i18n();

const translators = new Map<string, TFunction>();

/**
 * i18next's fixed-language `t`, with plain lookups (no interpolation) remembered: a build asks for the
 * same few dozen strings thousands of times.
 */
export function translator(lang: string): TFunction {
  let t = translators.get(lang);
  if (!t) {
    const fixed = i18n.getFixedT(lang);
    const plain = new Map<string, string>();
    t = ((key: string, options?: object) => {
      if (options !== undefined) return fixed(key, options as never);
      let v = plain.get(key);
      if (v === undefined) plain.set(key, (v = fixed(key) as string));
      return v;
    }) as unknown as TFunction;
    translators.set(lang, t);
  }
  return t;
}

interface Loaded {
  campaigns: LoadedCampaign[];
  byId: Map<string, LoadedCampaign>;
  views: Map<string, LandingView>;
}

// Derived once per list of campaigns (the build's one; each request's in dev).
const derived = new WeakMap<LoadedCampaign[], Loaded>();

function site(): Loaded {
  const campaigns = import.meta.env.DEV ? app.preview() : app.published();
  let loaded = derived.get(campaigns);
  if (!loaded) {
    loaded = { campaigns, byId: new Map(campaigns.map((c) => [c.campaign.id, c])), views: new Map() };
    derived.set(campaigns, loaded);
  }
  return loaded;
}

/** Published campaigns (active and ended), sorted by id. */
export function publishedCampaigns(): LoadedCampaign[] {
  return site().campaigns;
}

/** One published campaign by id. */
export function campaignById(id: string): LoadedCampaign {
  const found = site().byId.get(id);
  if (!found) throw new Error(`no published campaign ${id}`);
  return found;
}

/** The landing view of a campaign in a language, computed once for its landing page and its flyer. */
export function landingView(id: string, lang: string): LandingView {
  const { views } = site();
  const key = `${id}/${lang}`;
  let v = views.get(key);
  if (!v) {
    v = buildLandingView(campaignById(id), lang, translator(lang), siteUrl());
    views.set(key, v);
  }
  return v;
}

/** A flyer's QR code for `url`, as inline SVG. */
export function flyerQr(url: string, label: string): string {
  return qrSvg(url, label);
}

/** Languages with at least one published page, in registry order. */
export function publishedLanguages(): string[] {
  const used = new Set(publishedCampaigns().flatMap((c) => c.campaign.languages.published));
  return LANGUAGE_CODES.filter((c) => used.has(c));
}

export function siteUrl(): string {
  return import.meta.env.SITE ?? 'http://localhost:4321';
}

/**
 * Where the page beacon reports: the server's own collector in server mode, or COLLECT_URL (a path on
 * the same site) for a static site fronted by a collector. No beacon otherwise.
 */
export const collectUrl: string | undefined =
  process.env['COLLECT_URL'] || (process.env['COUNTERPOINT_MODE'] === 'server' ? '/api/collect' : undefined);

/** The offer check and report form of a landing page (src/core/offers/), where the campaign has them. */
export function offerViews(id: string, lang: string) {
  const { campaign } = campaignById(id);
  const endpoints = offerEndpoints(collectUrl);
  return {
    check: offerCheckView(campaign, lang, translator(lang), endpoints),
    report: offerReportView(campaign, lang, translator(lang), endpoints),
  };
}
