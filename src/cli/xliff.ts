import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { LoadedCampaign } from '../core/campaign/index.ts';
import { createAppContext } from '../app/context.ts';
import { readLocales, SOURCE_LOCALE } from '../core/i18n/index.ts';
import { readContentFile } from '../core/translation/content-read.ts';
import { sourceLanguage } from '../core/translation/index.ts';
import {
  exportCampaignXliff,
  planXliffImport,
  type FieldNotes,
  type ImportPlan,
} from '../core/translation/xliff-campaign.ts';
import { parseArgs, UsageError } from './args.ts';
import { readSchemaDocs } from './schema-docs.ts';
import { SCHEMA_SOURCES } from './schema.ts';

const readContent = (loaded: LoadedCampaign, lang: string) => {
  const path = join(loaded.dir, `${lang}.md`);
  return existsSync(path) ? readContentFile(path, readFileSync(path, 'utf8')) : undefined;
};

/** The schema's JSDoc for the texts of a page: what a headline, a share text, a fact is for. */
function fieldNotes(): FieldNotes {
  const docs = readSchemaDocs(SCHEMA_SOURCES).get('ContentFrontmatterSchema');
  const notes: FieldNotes = {};
  for (const k of ['headline', 'summary', 'share', 'facts'] as const) {
    const d = docs?.get(k)?.description;
    if (d) notes[k] = d;
  }
  return notes;
}

function exportCommand(args: ReturnType<typeof parseArgs>, root: string, localesDir: string): number {
  const id = args.positional[1];
  const to = args.get('to');
  const campaigns = createAppContext({ campaignsRoot: root, localesDir }).campaigns();
  const loaded = campaigns.find((c) => c.campaign.id === id);
  if (!id || !loaded)
    throw new UsageError(
      `name a campaign without errors: one of ${campaigns.map((c) => c.campaign.id).join(', ')}`,
    );
  const c = loaded.campaign;
  const from = sourceLanguage(c);
  if (!to)
    throw new UsageError(
      `--to <lang>: the language to translate into (${c.id} publishes ${c.languages.published.join(', ')})`,
    );
  if (to === from)
    throw new UsageError(`${to} is the source language of ${c.id}; export to a language translated from it`);
  const source = readContent(loaded, from);
  if (!source) throw new UsageError(`${join(loaded.dir, `${from}.md`)} cannot be read`);
  const locales = readLocales(resolve(localesDir));
  const target = locales.get(to);
  const descriptionsPath = join(localesDir, '_descriptions.json');
  const xml = exportCampaignXliff({
    loaded,
    to,
    source,
    sourcePath: join(loaded.dir, `${from}.md`),
    ...(readContent(loaded, to) && { existing: readContent(loaded, to)! }),
    notes: fieldNotes(),
    ui: {
      source: locales.get(SOURCE_LOCALE)?.strings ?? {},
      ...(target && { target: target.strings }),
      targetReviewed: target?.status === 'reviewed',
      descriptions: existsSync(descriptionsPath)
        ? (JSON.parse(readFileSync(descriptionsPath, 'utf8')) as Record<string, string>)
        : {},
    },
  });
  const out = args.get('out');
  if (!out) {
    process.stdout.write(xml);
    return 0;
  }
  writeFileSync(out, xml);
  console.error(`wrote ${out} (${c.id}, ${from} → ${to})`);
  return 0;
}

/**
 * Checks an XLIFF file against the campaigns and locales on disk and, when it has no problem, writes
 * every file it changes (each beside itself first, then renamed into place, so none is half-written).
 */
export function importXliff(
  file: string,
  root: string,
  localesDir: string,
  today = new Date().toISOString().slice(0, 10),
): ImportPlan {
  const campaigns = createAppContext({ campaignsRoot: root, localesDir }).campaigns();
  const locales = readLocales(resolve(localesDir));
  const localePath = (lang: string) => join(localesDir, `${lang}.json`);
  const plan = planXliffImport(file, readFileSync(file, 'utf8'), {
    campaign: (id) => {
      const loaded = campaigns.find((c) => c.campaign.id === id);
      return (
        loaded && {
          loaded,
          read: (lang) => readContent(loaded, lang),
          path: (lang) => join(loaded.dir, `${lang}.md`),
        }
      );
    },
    locales: {
      source: locales.get(SOURCE_LOCALE)?.strings ?? {},
      read: (lang) =>
        existsSync(localePath(lang))
          ? (JSON.parse(readFileSync(localePath(lang), 'utf8')) as Record<string, unknown>)
          : undefined,
      path: localePath,
    },
    today,
  });
  if (plan.problems.length) return plan;
  for (const w of plan.writes) writeFileSync(`${w.path}.tmp`, w.text);
  for (const w of plan.writes) renameSync(`${w.path}.tmp`, w.path);
  return plan;
}

function importCommand(args: ReturnType<typeof parseArgs>, root: string, localesDir: string): number {
  const file = args.positional[1];
  if (!file) throw new UsageError('name the XLIFF file to import: counterpoint xliff import <file.xlf>');
  if (!existsSync(file)) throw new UsageError(`${file} does not exist`);
  const plan = importXliff(file, root, localesDir);
  if (plan.problems.length) {
    for (const p of plan.problems) console.error(p);
    console.error(`\n${plan.problems.length} problem(s); nothing was written.`);
    return 1;
  }
  for (const n of plan.notes) console.log(n);
  return 0;
}

/** `counterpoint xliff export <id> --to <lang> [--out file]`, `counterpoint xliff import <file>` */
export function runXliff(argv: string[]): number {
  const args = parseArgs(argv);
  const root = args.get('root') ?? process.env['COUNTERPOINT_CAMPAIGNS'] ?? 'campaigns';
  const localesDir = args.get('locales') ?? 'locales';
  switch (args.positional[0]) {
    case 'export':
      return exportCommand(args, root, localesDir);
    case 'import':
      return importCommand(args, root, localesDir);
    default:
      throw new UsageError('use "xliff export <campaign> --to <lang> [--out file]" or "xliff import <file>"');
  }
}
