import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { formatProblem, loadCampaigns, type LoadedCampaign } from '../core/campaign/index.ts';
import { setFrontmatterField } from '../core/translation/content-file.ts';
import {
  describeUnit,
  sourceLanguage,
  translationStatus,
  type LanguageStatus,
  type TranslationStatus,
} from '../core/translation/index.ts';
import type { Review } from '../core/campaign/index.ts';
import { parseArgs, UsageError } from './args.ts';

const STATE: Record<LanguageStatus['state'], string> = {
  source: 'source',
  'up-to-date': 'up to date',
  stale: 'out of date',
  'not-tracked': 'not tracked',
  'unknown-source': 'source unknown',
};

export const formatReview = (r: Review | undefined) =>
  r
    ? `${r.status.replaceAll('-', ' ')}${r.by ? ` by ${r.by}` : ''}${r.on ? ` on ${r.on}` : ''}`
    : 'no review recorded';

/** The per-language lines `validate` and `translations` print for one campaign. */
export function formatTranslationStatus(s: TranslationStatus): string[] {
  const lines = [
    `${s.campaign}: translations (source ${s.source}; campaign review: ${formatReview(s.review)})`,
  ];
  const width = Math.max(...s.languages.map((l) => l.lang.length));
  for (const l of s.languages) {
    let state = STATE[l.state];
    if (l.from && l.state !== 'unknown-source')
      state += ` with ${l.from}${l.markedOn ? ` (marked ${l.markedOn})` : ''}`;
    if (l.changes.length) state += `: ${l.changes.map((c) => `${c.label} ${c.change}`).join(', ')}`;
    lines.push(`  ${l.lang.padEnd(width)}  ${state}; review: ${formatReview(l.review)}`);
  }
  return lines;
}

function loadOne(id: string | undefined, root: string): LoadedCampaign {
  const { campaigns, problems } = loadCampaigns(resolve(root));
  const known = campaigns.map((c) => c.campaign.id);
  if (!id) throw new UsageError(`name a campaign: one of ${known.join(', ') || `(none found in ${root})`}`);
  const found = campaigns.find((c) => c.campaign.id === id);
  if (found) return found;
  const errors = problems.filter((p) => p.severity === 'error' && p.file.includes(`/${id}/`));
  if (errors.length)
    throw new UsageError(
      `campaign "${id}" has errors; fix them first:\n${errors.map(formatProblem).join('\n')}`,
    );
  throw new UsageError(`no campaign "${id}" in ${root}/; known: ${known.join(', ')}`);
}

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
    throw new UsageError(
      `${c.id} publishes no "${lang}" page; languages: ${c.languages.published.join(', ')}`,
    );
  const fromLang = from ?? page.translation.from?.language ?? sourceLanguage(c);
  if (fromLang === lang)
    throw new UsageError(`${lang} is the source language of ${c.id}; mark the translations made from it`);
  const fromPage = loaded.pages[fromLang];
  if (!fromPage)
    throw new UsageError(
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

/** `counterpoint translations <id> [--mark <lang>[,<lang>…]] [--from <lang>]` */
export function runTranslations(argv: string[]): number {
  const args = parseArgs(argv);
  const root = args.get('root') ?? process.env['COUNTERPOINT_CAMPAIGNS'] ?? 'campaigns';
  let loaded = loadOne(args.positional[0], root);
  const marks = args
    .all('mark')
    .flatMap((m) => m.split(','))
    .map((m) => m.trim())
    .filter(Boolean);
  if (args.has('mark') && !marks.length)
    throw new UsageError('--mark needs a language, like --mark wo (or several: --mark wo,en)');
  const today = new Date().toISOString().slice(0, 10);
  for (const lang of marks) {
    const { file, missing } = markTranslation(loaded, lang, args.get('from'), today);
    console.log(
      `marked ${file} as up to date${missing.length ? `; still missing: ${missing.join(', ')}` : ''}`,
    );
  }
  if (marks.length) loaded = loadOne(loaded.campaign.id, root);
  for (const line of formatTranslationStatus(translationStatus(loaded))) console.log(line);
  return 0;
}
