import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  describeRates,
  FACT_FORMATS,
  importFacts,
  importSurvey,
  respondentKey,
  SURVEY_SOURCES,
  type RowProblem,
  type SurveySource,
} from '../core/imports/index.ts';
import { openStore } from '../core/metrics/index.ts';
import { parseArgs, UsageError } from './args.ts';
import { campaignArg } from './campaign-arg.ts';

const SHOWN = 20;

const money = (v: number) => v.toLocaleString('en', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** counterpoint import <source> <file> --campaign <id> [--map "Header=field"]… [--rate USD=0.92]… [--skip-invalid] */
export async function runImport(argv: string[]): Promise<number> {
  const args = parseArgs(argv, ['skip-invalid']);
  const [source, file] = args.positional;
  const format = source ? FACT_FORMATS[source] : undefined;
  const survey = (SURVEY_SOURCES as readonly string[]).includes(source ?? '')
    ? (source as SurveySource)
    : undefined;
  if (!format && !survey)
    throw new UsageError(
      `name a source: ${[...Object.keys(FACT_FORMATS), ...SURVEY_SOURCES].join(', ')}${source ? ` (not "${source}")` : ''}`,
    );
  if (!file || !existsSync(file))
    throw new UsageError(file ? `${file}: no such file` : 'name the export file to import');
  const root = process.env['COUNTERPOINT_CAMPAIGNS'] ?? 'campaigns';
  const campaign = campaignArg(args.get('campaign'), root);
  const rates: Record<string, number> = {};
  for (const r of args.all('rate')) {
    const m = /^([A-Za-z]{3})=(\d+(?:\.\d+)?)$/.exec(r.trim());
    const budget = campaign.budget?.currency ?? 'EUR';
    if (!m || !(Number(m[2]) > 0))
      throw new UsageError(
        `--rate "${r}": expected a currency code and a rate above zero in the budget currency, like --rate USD=0.92 (${budget} per USD)`,
      );
    rates[m[1]!.toUpperCase()] = Number(m[2]);
  }
  const map: Record<string, string> = {};
  for (const m of args.all('map')) {
    const i = m.lastIndexOf('=');
    if (i <= 0)
      throw new UsageError(
        `--map "${m}": expected "Header in the file=field", like --map "Montant dépensé (EUR)=spend"`,
      );
    map[m.slice(0, i)] = m.slice(i + 1);
  }
  const size = statSync(file).size;
  const tty = process.stderr.isTTY && size > 1_000_000;
  const store = await openStore();
  try {
    const outcome = survey
      ? await importSurvey({
          store,
          campaign,
          source: survey,
          file,
          key: respondentKey(),
          skipInvalid: args.has('skip-invalid'),
        })
      : await importFacts({
          store,
          campaign,
          format: format!,
          file,
          map,
          rates,
          campaignFile: join(root, campaign.id, 'campaign.yaml'),
          skipInvalid: args.has('skip-invalid'),
          onProgress: tty
            ? (bytes) =>
                process.stderr.write(
                  `\rimporting ${file} ${Math.min(100, Math.round((bytes / size) * 100))}%`,
                )
            : undefined,
        });
    if (tty) process.stderr.write('\r\x1b[K');
    // The same bad value in the same column on many rows (a whole column exported as "n/a") is one
    // problem of the file: shown once, with how many rows have it.
    const alike = new Map<string, { first: RowProblem; more: number; last: number }>();
    for (const p of outcome.problems) {
      const key = `${p.column}\u0000${p.value}\u0000${p.expected}`;
      const seen = alike.get(key);
      if (seen) {
        seen.more++;
        seen.last = p.line;
      } else alike.set(key, { first: p, more: 0, last: p.line });
    }
    const groups = [...alike.values()];
    for (const { first: p, more, last } of groups.slice(0, SHOWN)) {
      console.error(
        `${file}:${p.line}: ${p.column}: ${p.value}: ${p.expected}${more ? ` (and on ${more} more line(s) up to line ${last})` : ''}`,
      );
    }
    if (groups.length > SHOWN)
      console.error(`… and ${groups.slice(SHOWN).reduce((n, g) => n + 1 + g.more, 0)} more bad row(s)`);
    if (!outcome.ok) {
      if (outcome.fatal) console.error(`${file}: ${outcome.fatal}`);
      else
        console.error(
          `${file}: ${outcome.rowsRejected} bad row(s), ${outcome.rowsAccepted} good: nothing was imported. Fix the rows, or import the good ones with --skip-invalid.`,
        );
      return 1;
    }
    const r = outcome.result;
    if (r.unchanged) console.log(`${file}: already imported for ${campaign.id}; nothing changed.`);
    else {
      console.log(
        `${file}: imported ${outcome.rowsAccepted} row(s) as ${r.inserted} ${survey ? 'survey response(s)' : 'fact(s)'} for ${campaign.id}, ${outcome.firstDay} to ${outcome.lastDay}` +
          (r.replaced ? `, replacing ${r.replaced} earlier record(s) for those days` : '') +
          (outcome.rowsRejected ? `; skipped ${outcome.rowsRejected} bad row(s)` : '') +
          ` (${store.kind}: ${store.location})`,
      );
    }
    for (const n of outcome.notes ?? []) console.log(`  ${n}`);
    const c = outcome.conversion;
    if (c && !r.unchanged)
      console.log(
        `  spend converted from ${money(c.original)} ${c.currency} to ${money(c.converted)} ${c.budgetCurrency} at ${describeRates(c.rates, c.currency, c.budgetCurrency)}`,
      );
    return 0;
  } finally {
    await store.close();
  }
}
