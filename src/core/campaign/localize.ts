import { fallbackChain } from '../i18n/languages.ts';

/** A piece of text with the language it is actually in, so pages can mark fallbacks with lang/dir. */
export interface LocalizedString {
  text: string;
  lang: string;
}

/**
 * Picks the reader's language from text given once or per language, following the fallback chain and
 * then the campaign's default language. A plain string is in the campaign's default language.
 * @example localize({ fr: 'Bonjour', en: 'Hello' }, 'wo', 'en') // { text: 'Bonjour', lang: 'fr' }
 */
export function localize(
  value: string | Partial<Record<string, string>>,
  lang: string,
  defaultLang: string,
): LocalizedString {
  if (typeof value === 'string') return { text: value, lang: defaultLang };
  for (const l of [...fallbackChain(lang), defaultLang]) {
    const text = value[l];
    if (text) return { text, lang: l };
  }
  const [first] = Object.entries(value);
  return { text: first?.[1] ?? '', lang: first?.[0] ?? defaultLang };
}
