import { resolve } from 'node:path';
import { readLocales, SOURCE_LOCALE } from '../core/i18n/index.ts';

let cache: Map<string, Record<string, string>> | undefined;

/** The editor's words (`editor.*` keys of locales/) in one dashboard language, English where one is missing. */
export function editorStrings(lang: string): Record<string, string> {
  cache ??= new Map();
  const hit = cache.get(lang);
  if (hit) return hit;
  const locales = readLocales(resolve('locales'));
  const pick = (code: string) =>
    Object.fromEntries(
      Object.entries(locales.get(code)?.strings ?? {}).filter(([k]) => k.startsWith('editor.')),
    );
  const strings = { ...pick(SOURCE_LOCALE), ...pick(lang) };
  cache.set(lang, strings);
  return strings;
}
