import { formatProblem, type LoadedCampaign } from '../core/campaign/index.ts';
import { createAppContext } from '../app/context.ts';
import {
  MarkError,
  markTranslation as markInFile,
  translationStatus,
  type LanguageStatus,
  type TranslationStatus,
} from '../core/translation/index.ts';
import type { Review } from '../core/campaign/index.ts';
import { parseArgs, UsageError } from './args.ts';

/** `markTranslation` (core), its refusals as usage errors. */
function markTranslation(loaded: LoadedCampaign, lang: string, from: string | undefined, today: string) {
  try {
    return markInFile(loaded, lang, from, today);
  } catch (e) {
    if (e instanceof MarkError) throw new UsageError(e.message);
    throw e;
  }
}

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
  const {
    result: { campaigns },
    problems,
  } = createAppContext({ campaignsRoot: root }).check();
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
