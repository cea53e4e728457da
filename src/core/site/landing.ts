import type { TFunction } from 'i18next';
import type { LoadedCampaign } from '../campaign/loader.ts';
import { localize } from '../campaign/localize.ts';
import { directionOf, getLanguage } from '../i18n/languages.ts';
import { mayBeOutdated } from '../translation/status.ts';
import { formatDays } from './hours.ts';
import { absolute, paths, shareLinks, telHref, whatsappHref } from './links.ts';

/** A text with the language it is in; `lang`/`dir` are set only when it differs from the page. */
export interface Fragment {
  text: string;
  lang?: string;
  dir?: 'ltr' | 'rtl';
}

export interface LanguageLink {
  lang: string;
  endonym: string;
  dir: 'ltr' | 'rtl';
  href: string;
  current: boolean;
}

export interface ContactView {
  id: string;
  organisation: Fragment;
  /** Label around the number, so the number can be kept left-to-right inside right-to-left text. */
  call?: { before: string; after: string; href: string; number: string };
  whatsapp?: { label: string; href: string };
  email?: { label: string; href: string; address: string };
  address?: Fragment;
  hours: string[];
  languages: string;
}

export interface LandingView {
  lang: string;
  dir: 'ltr' | 'rtl';
  id: string;
  title: string;
  description: string;
  url: string;
  alternates: { hreflang: string; href: string }[];
  languages: LanguageLink[];
  notices: string[];
  headline: string;
  summary: string;
  introHtml: string;
  sections: { id: string; heading: string; html: string }[];
  messages: {
    id: string;
    title: string;
    html: string;
    lang?: string;
    dir?: 'ltr' | 'rtl';
    notice?: string;
  }[];
  measures: {
    id: string;
    kind: string;
    title: Fragment;
    description?: Fragment;
    href?: string;
    linkLabel: string;
  }[];
  contacts: ContactView[];
  share: { text: string; links: { key: string; label: string; href: string }[] };
  facts: string[];
  printHref: string;
  /** "Published by …", in the page language (the footer, and the first line of the page). */
  owner: string;
  /** The organisation's own small SVG mark (checked by the schema: drawing elements only). */
  mark?: string;
}

function splitAround(label: string): { before: string; after: string } {
  const [before = '', after = ''] = label.split('\u0000');
  return { before, after };
}

function fragment(
  value: string | Partial<Record<string, string>>,
  pageLang: string,
  defaultLang: string,
): Fragment {
  const { text, lang } = localize(value, pageLang, defaultLang);
  return lang === pageLang ? { text } : { text, lang, dir: directionOf(lang) };
}

/** Language links for every published language of a campaign, endonyms in their own script. */
export function languageLinks(
  loaded: LoadedCampaign,
  current: string,
  path: (lang: string) => string,
): LanguageLink[] {
  return loaded.campaign.languages.published.map((code) => {
    const l = getLanguage(code);
    return { lang: code, endonym: l.endonym, dir: l.dir, href: path(code), current: code === current };
  });
}

/**
 * Everything the landing page of one campaign in one language shows, as plain data: the Astro page only
 * renders it. `t` is i18next's fixed-language function for the page language.
 */
export function buildLandingView(
  loaded: LoadedCampaign,
  lang: string,
  t: TFunction,
  site: string,
): LandingView {
  const c = loaded.campaign;
  const page = loaded.pages[lang];
  if (!page) throw new Error(`campaign ${c.id} has no ${lang} page`);
  const language = getLanguage(lang);
  const def = c.languages.default;
  const url = absolute(site, paths.landing(lang, c.id));

  const notices: string[] = [];
  if (c.example) notices.push(t('page.example'));
  if (c.status === 'ended') notices.push(t('page.ended'));
  if (mayBeOutdated(loaded, lang)) notices.push(t('page.outdated'));

  // Contact points for the countries of the audiences who read this language; all when none does.
  const readerCountries = new Set(
    c.audiences.filter((a) => a.languages.includes(lang)).flatMap((a) => a.countries),
  );
  const points = c.contactPoints.filter((p) => readerCountries.has(p.country));
  const contacts = (points.length ? points : c.contactPoints).map(
    (p): ContactView => ({
      id: p.id,
      organisation: fragment(p.organisation, lang, def),
      ...(p.phone && {
        call: {
          ...splitAround(t('contact.call', { number: '\u0000' })),
          href: telHref(p.phone),
          number: p.phone,
        },
      }),
      ...(p.whatsapp && { whatsapp: { label: t('contact.whatsapp'), href: whatsappHref(p.whatsapp) } }),
      ...(p.email && { email: { label: t('contact.email'), href: `mailto:${p.email}`, address: p.email } }),
      ...(p.address && { address: fragment(p.address, lang, def) }),
      hours: p.hours.map((h) =>
        t('contact.hoursRange', {
          days: formatDays(h.days, language.intl),
          opens: h.opens,
          closes: h.closes,
        }),
      ),
      languages: p.languages.map((l) => getLanguage(l).endonym).join(', '),
    }),
  );

  return {
    lang,
    dir: language.dir,
    id: c.id,
    title: page.headline,
    description: page.summary,
    url,
    alternates: [
      ...c.languages.published.map((l) => ({ hreflang: l, href: absolute(site, paths.landing(l, c.id)) })),
      { hreflang: 'x-default', href: absolute(site, paths.landing(def, c.id)) },
    ],
    languages: languageLinks(loaded, lang, (l) => paths.landing(l, c.id)),
    notices,
    headline: page.headline,
    summary: page.summary,
    introHtml: page.introHtml,
    sections: page.sections.map((s) => ({
      id: s.id,
      heading: s.heading || t(`section.${s.id}`),
      html: s.html,
    })),
    messages: page.messages.map((m) =>
      m.lang === lang
        ? { id: m.id, title: m.title, html: m.html }
        : {
            id: m.id,
            title: m.title,
            html: m.html,
            lang: m.lang,
            dir: directionOf(m.lang),
            notice: t('page.fallback', { language: getLanguage(m.lang).endonym }),
          },
    ),
    measures: c.measures.map((m) => ({
      id: m.id,
      kind: t(`measure.kind.${m.kind}`),
      title: fragment(m.title, lang, def),
      ...(m.description && { description: fragment(m.description, lang, def) }),
      ...(m.link && { href: m.link }),
      linkLabel: t('measure.more'),
    })),
    contacts,
    share: {
      text: page.share,
      links: shareLinks(url, page.share).map((s) => ({
        key: s.key,
        label: t(`share.${s.key}`),
        href: s.href,
      })),
    },
    facts: page.facts,
    printHref: paths.print(lang, c.id),
    // First-strong isolates: a Latin name inside an Arabic sentence keeps its own direction.
    owner: t('footer.owner', { organisation: `\u2068${c.owner.name}\u2069` }),
    ...(c.owner.mark && { mark: c.owner.mark.trim() }),
  };
}
