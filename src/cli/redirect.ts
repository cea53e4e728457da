import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { EDITOR_COLUMNS, redirectAdGroups, redirectEditorRows } from '../core/redirect/index.ts';
import { toCsv } from '../core/text.ts';
import { parseArgs, UsageError } from './args.ts';
import { campaignArg } from './campaign-arg.ts';

/**
 * counterpoint redirect <campaign> [--out file] [--site https://…] [--daily-budget 10]: the campaign's
 * redirect keywords as a Google Ads Editor import (CSV, UTF-8 with a byte-order mark so Editor and
 * spreadsheet programs read Arabic and Cyrillic script right).
 */
export async function runRedirect(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  const campaign = campaignArg(args.positional[0]);
  const site = args.get('site') ?? process.env['SITE_URL'] ?? 'http://localhost:4321';
  if (!/^https?:\/\/[^/\s]+/u.test(site))
    throw new UsageError(`--site ${site}: expected the site's public address, like https://example.org`);
  const budgetArg = args.get('daily-budget') ?? '10';
  const dailyBudget = Number(budgetArg);
  if (!Number.isFinite(dailyBudget) || dailyBudget <= 0)
    throw new UsageError(`--daily-budget ${budgetArg}: expected an amount above zero, like 10 or 12.50`);
  const groups = redirectAdGroups(campaign);
  if (!groups.length)
    throw new UsageError(
      `campaign "${campaign.id}" has no redirect keywords; add a redirect: section with keyword lists to an audience in campaign.yaml`,
    );
  const rows = redirectEditorRows(campaign, { site, dailyBudget });
  const out = args.get('out') ?? join('redirect', `${campaign.id}-google-ads-editor.csv`);
  mkdirSync(dirname(out), { recursive: true });
  // Written beside the target and renamed, so a failed write never leaves half a file to import.
  const tmp = `${out}.${process.pid}.tmp`;
  writeFileSync(
    tmp,
    `\uFEFF${toCsv([[...EDITOR_COLUMNS], ...rows.map((r) => EDITOR_COLUMNS.map((c) => r[c]))])}`,
  );
  renameSync(tmp, out);
  const keywords = rows.filter((r) => r.Keyword && !r['Criterion Type'].startsWith('Negative')).length;
  const negatives = rows.filter((r) => r['Criterion Type'].startsWith('Negative')).length;
  console.log(
    `${out}: Google Ads Editor import for ${campaign.id}: 1 paused Search campaign, ${groups.length} ad group(s), ${keywords} keyword(s), ${negatives} negative keyword(s); final URLs on ${site}. Add the ads (headlines, descriptions) in Editor before enabling it.`,
  );
  return 0;
}
