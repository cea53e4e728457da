import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { transformSync } from 'esbuild';
import type { LoadedCampaign } from '../campaign/loader.ts';
import { directionOf, findLanguage, LANGUAGES } from '../i18n/languages.ts';
import { escapeHtml } from '../text.ts';
import { absolute } from './links.ts';
import { placementLinks, type TrackedLink } from './tracked-links.ts';

/** A UI string in a language (i18next's fixed `t`, or anything that answers the same keys). */
export type Translate = (lang: string, key: 'embed.label' | 'embed.more' | 'embed.dismiss') => string;

export interface EmbedOptions {
  /** The site's public address (SITE_URL): the script runs on other sites, so every URL is absolute. */
  site: string;
  /** Where impressions go: the server's collector, or COLLECT_URL for a static site; none: no impressions. */
  collectUrl?: string | undefined;
  /** Server mode: the banner links through /go/<code> (a real 302 that counts the click). */
  server: boolean;
}

/** What the banner says in one language. */
export interface EmbedText {
  lang: string;
  dir: 'ltr' | 'rtl';
  /** The campaign's own headline in that language: the banner repeats what the page says. */
  headline: string;
  label: string;
  more: string;
  dismiss: string;
}

/** The banner's texts, one per published language, the default language first (the last resort). */
export function embedTexts(loaded: LoadedCampaign, t: Translate): EmbedText[] {
  const c = loaded.campaign;
  const order = [c.languages.default, ...c.languages.published.filter((l) => l !== c.languages.default)];
  return order
    .filter((lang) => loaded.pages[lang])
    .map((lang) => ({
      lang,
      dir: directionOf(lang),
      headline: loaded.pages[lang]!.headline,
      label: t(lang, 'embed.label'),
      more: t(lang, 'embed.more'),
      dismiss: t(lang, 'embed.dismiss'),
    }));
}

/**
 * Languages a reader likely reads when the campaign does not publish theirs (the registry's fallback
 * chains, without the English that ends every chain: a reader who lists English will say so).
 */
function nearLanguages(published: readonly string[]): Record<string, string> {
  const near: Record<string, string> = {};
  for (const l of LANGUAGES) {
    if (published.includes(l.code)) continue;
    const hit = l.fallback.find((f) => published.includes(f));
    if (hit) near[l.code.toLowerCase()] = hit;
  }
  return near;
}

/** The configuration the client script reads as EMBED; short keys, since every byte travels to readers. */
export function embedConfig(loaded: LoadedCampaign, t: Translate, opts: EmbedOptions) {
  const texts = embedTexts(loaded, t);
  return {
    c: loaded.campaign.id,
    s: opts.site.replace(/\/+$/, ''),
    g: opts.server,
    u: opts.collectUrl ? absolute(opts.site, opts.collectUrl) : '',
    p: Object.fromEntries(placementLinks(loaded.campaign).map((l) => [l.partner!, l.code])),
    a: nearLanguages(texts.map((x) => x.lang)),
    l: texts.map((x) => [x.lang, x.dir, x.headline, x.label, x.more, x.dismiss]),
  };
}

/**
 * The embed script of a campaign, minified from its readable source (embed.client.js) with the
 * campaign's texts, placements and addresses inside: nothing else to fetch before the banner shows.
 */
export function embedScript(loaded: LoadedCampaign, t: Translate, opts: EmbedOptions): string {
  const { code } = transformSync(source(), {
    minify: true,
    target: 'es5',
    define: { EMBED: JSON.stringify(embedConfig(loaded, t, opts)) },
    legalComments: 'none',
  });
  return code;
}

let text: string | undefined;
const source = () => (text ??= readFileSync(resolve('src/core/site/embed.client.js'), 'utf8'));

/** The placement's tracked link, or undefined when the campaign has no such partner placed. */
export function placementLink(loaded: LoadedCampaign, partner: string): TrackedLink | undefined {
  return placementLinks(loaded.campaign).find((l) => l.partner === partner);
}

export interface EmbedSnippets {
  /** The one line to paste, with the no-JavaScript text beside it in a <noscript>. */
  script: string;
  /** The static alternative alone: a plain link in one language, for pages that allow no script. */
  html: string;
}

/**
 * What a partner pastes. The static alternative is text, not an image of text (WCAG 1.4.5), and loads
 * nothing; the host page styles it like its own links.
 */
export function embedSnippets(
  loaded: LoadedCampaign,
  link: TrackedLink,
  t: Translate,
  opts: { site: string; language?: string | undefined },
): EmbedSnippets {
  const c = loaded.campaign;
  const lang = opts.language ?? link.language;
  if (!findLanguage(lang) || !loaded.pages[lang])
    throw new Error(`"${lang}" is not published by ${c.id}; use one of: ${c.languages.published.join(', ')}`);
  const href = `${absolute(opts.site, `/go/${link.code}/`)}?l=${encodeURIComponent(lang)}`;
  const html =
    `<p lang="${escapeHtml(lang)}" dir="${directionOf(lang)}"><a href="${escapeHtml(href)}">` +
    `${escapeHtml(loaded.pages[lang]!.headline)} — ${escapeHtml(t(lang, 'embed.more'))}</a></p>`;
  const src = absolute(opts.site, `/embed/${c.id}.js`);
  const script = `<script src="${escapeHtml(src)}" data-partner="${escapeHtml(link.partner!)}" async></script>\n<noscript>${html}</noscript>`;
  return { script, html };
}

/** The path the script is served at (static and server builds alike). */
export const embedPath = (campaign: string) => `/embed/${campaign}.js`;
