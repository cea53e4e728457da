import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SlugSchema } from '../core/campaign/index.ts';
import { campaignSkeleton } from '../core/campaign/skeleton.ts';
import { findLanguage } from '../core/i18n/languages.ts';
import { parseArgs, UsageError } from './args.ts';

/** `counterpoint new <id> --languages fr,wo,en [--default fr]` */
export function runNew(argv: string[]): number {
  const args = parseArgs(argv);
  const id = args.positional[0];
  const root = args.get('root') ?? process.env['COUNTERPOINT_CAMPAIGNS'] ?? 'campaigns';
  if (!id) throw new UsageError('name the new campaign: counterpoint new <id> --languages fr,wo,en');
  if (!SlugSchema.safeParse(id).success)
    throw new UsageError(
      `"${id}" is not a campaign id: use lower-case letters a-z, digits and single hyphens, like "safe-journeys-2027"`,
    );
  const languages = (args.get('languages') ?? '')
    .split(',')
    .map((l) => l.trim())
    .filter(Boolean);
  if (!languages.length)
    throw new UsageError('--languages: the published languages, like --languages fr,wo,en');
  const unknown = languages.filter((l) => !findLanguage(l));
  if (unknown.length)
    throw new UsageError(
      `--languages: ${unknown.join(', ')} not in the language registry (src/core/i18n/languages.ts)`,
    );
  if (new Set(languages).size !== languages.length)
    throw new UsageError('--languages: a language is listed twice');
  const defaultLanguage = args.get('default') ?? languages[0]!;
  if (!languages.includes(defaultLanguage))
    throw new UsageError(`--default ${defaultLanguage} is not among --languages ${languages.join(',')}`);
  const dir = join(root, id);
  if (existsSync(dir))
    throw new UsageError(
      `${dir} already exists; nothing was written (choose another id, or edit that campaign)`,
    );
  const files = campaignSkeleton({
    id,
    languages,
    defaultLanguage,
    start: new Date().toISOString().slice(0, 10),
  });
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text, { flag: 'wx' });
  console.log(`wrote ${dir}/: ${Object.keys(files).join(', ')}`);
  console.log(
    `next: replace the TODOs (npx counterpoint validate lists them), write ${defaultLanguage}.md first, then translate it (npx counterpoint xliff export ${id} --to <lang>)`,
  );
  return 0;
}
