import { readFileSync, writeFileSync } from 'node:fs';
import type { LoadedCampaign } from '../campaign/loader.ts';
import { setFrontmatterField } from './content-file.ts';
import { sourceLanguage } from './status.ts';
import { describeUnit } from './unit-names.ts';

/** A translation that cannot be marked as it was asked (no such page, or the source itself). */
export class MarkError extends Error {}

/**
 * Records in a translation's front matter that it matches the current text of the language it is
 * translated from (by default the one it records, else the campaign's source): one fingerprint per unit
 * both files have. Units the translation lacks stay reported as missing.
 */
export function markTranslation(
  loaded: LoadedCampaign,
  lang: string,
  from: string | undefined,
  today: string,
): { file: string; missing: string[] } {
  const page = loaded.pages[lang];
  const c = loaded.campaign;
  if (!page)
    throw new MarkError(
      `${c.id} publishes no "${lang}" page; languages: ${c.languages.published.join(', ')}`,
    );
  const fromLang = from ?? page.translation.from?.language ?? sourceLanguage(c);
  if (fromLang === lang)
    throw new MarkError(`${lang} is the source language of ${c.id}; mark the translations made from it`);
  const fromPage = loaded.pages[fromLang];
  if (!fromPage)
    throw new MarkError(
      `--from ${fromLang}: ${c.id} publishes no such page; languages: ${c.languages.published.join(', ')}`,
    );
  const units = Object.fromEntries(
    Object.entries(fromPage.translation.hashes).filter(([u]) => u in page.translation.hashes),
  );
  const missing = Object.keys(fromPage.translation.hashes)
    .filter((u) => !(u in units))
    .map(describeUnit);
  const file = page.translation.file;
  const text = readFileSync(file, 'utf8');
  writeFileSync(file, setFrontmatterField(text, 'translatedFrom', { language: fromLang, on: today, units }));
  return { file, missing };
}
