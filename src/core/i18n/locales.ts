import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import i18next, { type i18n, type TFunction } from 'i18next';
import { DASHBOARD_LANGUAGES } from '../auth/language.ts';
import { fallbackChain, findLanguage } from './languages.ts';
import { I18N_OPTIONS } from './options.ts';

export const SOURCE_LOCALE = 'en';

/** UI strings of one language, without the `_meta` block. */
export type Strings = Record<string, string>;

export interface LocaleFile {
  code: string;
  strings: Strings;
  /** "reviewed", or "needs-review" for drafts no native speaker has checked yet. */
  status: 'reviewed' | 'needs-review';
}

export interface LocaleReport {
  code: string;
  status: LocaleFile['status'];
  missing: string[];
  extra: string[];
  /** Keys whose {{placeholders}} differ from English: the page would show a raw placeholder or lose a value. */
  placeholderMismatch: string[];
}

const placeholders = (s: string) =>
  [...s.matchAll(/\{\{\s*(\w+)\s*\}\}/g)]
    .map((m) => m[1])
    .sort()
    .join(',');

/** Reads every `locales/<code>.json` (files starting with `_` are not locales). */
export function readLocales(dir: string): Map<string, LocaleFile> {
  const out = new Map<string, LocaleFile>();
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir).sort()) {
    if (!name.endsWith('.json') || name.startsWith('_')) continue;
    const code = name.slice(0, -5);
    const raw = JSON.parse(readFileSync(join(dir, name), 'utf8')) as Record<string, unknown>;
    const meta = (raw['_meta'] ?? {}) as { status?: string };
    const strings: Strings = {};
    for (const [k, v] of Object.entries(raw)) if (k !== '_meta' && typeof v === 'string') strings[k] = v;
    out.set(code, { code, strings, status: meta.status === 'reviewed' ? 'reviewed' : 'needs-review' });
  }
  return out;
}

/**
 * Keys only some locales need: the evaluators' dashboards and the authors' editor are offered in a few
 * languages (readers' pages in all), so a readers' language without their strings is complete, not
 * missing them; a dashboard language missing one of them fails the check.
 */
const SCOPED_KEYS: { prefix: string; locales: readonly string[] }[] = [
  { prefix: 'dashboard.', locales: DASHBOARD_LANGUAGES },
  { prefix: 'editor.', locales: DASHBOARD_LANGUAGES },
];
const needs = (code: string, key: string) =>
  SCOPED_KEYS.every((s) => !key.startsWith(s.prefix) || s.locales.includes(code));

/** Compares every locale with English: missing and extra keys, placeholder mismatches, review status. */
export function checkLocales(locales: Map<string, LocaleFile>): LocaleReport[] {
  const source = locales.get(SOURCE_LOCALE);
  if (!source)
    throw new Error(`locales/${SOURCE_LOCALE}.json is missing: English is the source of every UI string`);
  const keys = Object.keys(source.strings);
  return [...locales.values()]
    .filter((l) => l.code !== SOURCE_LOCALE)
    .map((l) => ({
      code: l.code,
      status: l.status,
      missing: keys.filter((k) => needs(l.code, k) && !(k in l.strings)),
      extra: Object.keys(l.strings).filter((k) => !(k in source.strings)),
      placeholderMismatch: keys.filter(
        (k) => k in l.strings && placeholders(l.strings[k]!) !== placeholders(source.strings[k]!),
      ),
    }));
}

/** Codes of locale files whose name is not a registered language (they could never be used). */
export function unknownLocaleCodes(locales: Map<string, LocaleFile>): string[] {
  return [...locales.keys()].filter((c) => !findLanguage(c));
}

/**
 * One i18next instance for the whole build, created once (i18next re-initialisation per page is slow).
 * Pages take `getFixedT(lang)`; missing keys fall back along the language's chain to English.
 */
export async function createI18n(locales: Map<string, LocaleFile>): Promise<i18n> {
  const instance = i18next.createInstance();
  const resources: Record<string, { translation: Strings }> = {};
  for (const [code, l] of locales) resources[code] = { translation: l.strings };
  await instance.init({
    resources,
    lng: SOURCE_LOCALE,
    fallbackLng: (code: string) => fallbackChain(code).slice(1),
    ...I18N_OPTIONS,
  } as Parameters<typeof instance.init>[0]);
  return instance;
}

export type { TFunction };
