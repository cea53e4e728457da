import { resolve } from 'node:path';
import { readFileSync } from 'node:fs';
import {
  checkLocales,
  findLanguage,
  readLocales,
  SOURCE_LOCALE,
  unknownLocaleCodes,
} from '../core/i18n/index.ts';

/** Prints, per language, missing and extra keys, placeholder mismatches and drafts awaiting review. */
export function runI18nCheck(args: string[]): number {
  const dir = resolve(args[0] ?? 'locales');
  const locales = readLocales(dir);
  const reports = checkLocales(locales);
  const source = locales.get(SOURCE_LOCALE)!;
  let failed = false;
  const descriptions = JSON.parse(readFileSync(resolve(dir, '_descriptions.json'), 'utf8')) as Record<
    string,
    string
  >;
  const undescribed = Object.keys(source.strings).filter((k) => !descriptions[k]);
  if (undescribed.length) {
    failed = true;
    console.log(
      `en: ${undescribed.length} key(s) without a description for translators in _descriptions.json: ${undescribed.join(', ')}`,
    );
  }
  for (const code of unknownLocaleCodes(locales)) {
    failed = true;
    console.log(
      `${code}: not a language in src/core/i18n/languages.ts; add it to the registry or rename the file`,
    );
  }
  const keyCount = Object.keys(source.strings).length;
  console.log(`${SOURCE_LOCALE} (source): ${keyCount} keys`);
  for (const r of reports) {
    const name = findLanguage(r.code)?.name ?? r.code;
    const parts: string[] = [];
    if (r.missing.length) parts.push(`missing ${r.missing.length}: ${r.missing.join(', ')}`);
    if (r.extra.length) parts.push(`extra ${r.extra.length}: ${r.extra.join(', ')}`);
    if (r.placeholderMismatch.length)
      parts.push(`placeholders differ from English: ${r.placeholderMismatch.join(', ')}`);
    if (parts.length) failed = true;
    const status = r.status === 'needs-review' ? 'NEEDS REVIEW by a native speaker' : 'reviewed';
    console.log(
      `${r.code} (${name}): ${parts.length ? parts.join('; ') : `complete, ${keyCount} keys`}; ${status}`,
    );
  }
  const drafts = reports.filter((r) => r.status === 'needs-review').map((r) => r.code);
  if (drafts.length)
    console.log(`\n${drafts.length} language(s) need review by a native speaker: ${drafts.join(', ')}`);
  return failed ? 1 : 0;
}
