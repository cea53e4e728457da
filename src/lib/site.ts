import { resolve } from 'node:path';
// The pages import only what they render with (not the validation stack: schemas, YAML, Markdown),
// which keeps the page bundle small and quick to build.
import type { LoadedCampaign } from '../core/campaign/loader.ts';
import { buildLandingView, type LandingView } from '../core/site/landing.ts';
import { qrSvg, rememberQrShapes } from '../core/site/qr.ts';
import { fillMarkdown } from '../core/campaign/deferred-markdown.ts';
import { buildCheck, buildHtml, buildQrShape, buildState } from './build-state.ts';
import { published } from '../core/site/prepare.ts';
import { LANGUAGE_CODES } from '../core/i18n/languages.ts';
import { createI18n, readLocales, type TFunction } from '../core/i18n/locales.ts';

/**
 * The glue between Astro and the core: campaigns (from the build state in a build, from the content
 * collection in dev), landing views and flyer QR codes, one i18next for the build.
 */
const i18n = await createI18n(readLocales(resolve('locales')));

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

let cached: LoadedCampaign[] | undefined;

/**
 * A build's campaigns come from the build integration (src/lib/build-worker.ts); the dev preview's
 * from the content collection, which reloads them as authors save. (The collection's runtime is only
 * imported in dev, so a build neither bundles nor loads it.)
 */
async function campaignsOfThisRun(): Promise<LoadedCampaign[]> {
  const fromBuild = buildCheck();
  if (fromBuild) return published((await fromBuild).result.campaigns);
  if (import.meta.env.DEV) {
    const { getCollection } = await import('astro:content');
    return (await getCollection('campaigns')).map((e) => e.data as unknown as LoadedCampaign);
  }
  throw new Error('no campaigns: add buildCampaigns() from src/lib/build-worker.ts to the integrations in astro.config.mjs');
}

/** Published campaigns (active and ended), sorted by id: in a build from the worker, in dev from the content collection. */
export async function publishedCampaigns(): Promise<LoadedCampaign[]> {
  if (!cached || import.meta.env.DEV) {
    const all = await campaignsOfThisRun();
    cached = all.sort((a, b) => a.campaign.id.localeCompare(b.campaign.id));
  }
  return cached;
}

let byId: Map<string, LoadedCampaign> | undefined;
const views = new Map<string, LandingView>();

/**
 * The landing view of a campaign in a language, computed once for its landing page and its flyer. In a
 * build its Markdown fields may still be placeholders: the flyer shows none of them; anything that
 * does must use `landingViewWithHtml`.
 */
export async function landingView(id: string, lang: string): Promise<LandingView> {
  const key = `${id}/${lang}`;
  let v = import.meta.env.DEV ? undefined : views.get(key);
  if (!v) {
    v = buildLandingView(await campaignById(id), lang, translator(lang), siteUrl());
    views.set(key, v);
  }
  return v;
}

/**
 * The landing view with its Markdown as HTML. In a build the worker renders the Markdown while the
 * flyers (which show none of it) are built, so a view may still hold placeholders until then.
 */
export async function landingViewWithHtml(id: string, lang: string): Promise<LandingView> {
  const v = await landingView(id, lang);
  const rendered = await buildHtml();
  return rendered ? fillMarkdown(v, rendered.nonce, rendered.html) : v;
}

/** One published campaign by id, from the same cache as publishedCampaigns(). */
export async function campaignById(id: string): Promise<LoadedCampaign> {
  const all = await publishedCampaigns();
  if (!byId || import.meta.env.DEV) byId = new Map(all.map((c) => [c.campaign.id, c]));
  const found = byId.get(id);
  if (!found) throw new Error(`no published campaign ${id}`);
  return found;
}

/** A flyer's QR code for `url`, drawn on the build's worker thread when there is one. */
export async function flyerQr(url: string, label: string): Promise<string> {
  const shape = await buildQrShape(url);
  if (shape) rememberQrShapes({ [url]: shape });
  return qrSvg(url, label);
}

/** Languages with at least one published page, in registry order. */
export async function publishedLanguages(): Promise<string[]> {
  const used = new Set((await publishedCampaigns()).flatMap((c) => c.campaign.languages.published));
  return LANGUAGE_CODES.filter((c) => used.has(c));
}

export function siteUrl(): string {
  // In a build, the address the flyers' QR codes were drawn for (the same as the config's `site`).
  return buildState()?.site ?? import.meta.env.SITE ?? 'http://localhost:4321';
}

/**
 * Where the page beacon reports: the server's own collector in server mode, or COLLECT_URL (a path on
 * the same site) for a static site fronted by a collector. No beacon otherwise.
 */
export const collectUrl: string | undefined = process.env['COLLECT_URL'] || (process.env['COUNTERPOINT_MODE'] === 'server' ? '/api/collect' : undefined);
