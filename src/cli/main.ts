import { formatProblem } from '../core/campaign/index.ts';
import { UsageError } from './args.ts';
import { runBackup, runRestore } from './backup.ts';
import { runDeploy } from './deploy.ts';
import { runI18nCheck } from './i18n-check.ts';
import { runImport } from './import.ts';
import { runLinks } from './links.ts';
import { runRedirect } from './redirect.ts';
import { runEmbed } from './embed.ts';
import { runPlan } from './plan.ts';
import { runReport } from './report.ts';
import { runUsers } from './users.ts';
import { runPublish } from './publish.ts';
import { runXliff } from './xliff.ts';
import { runNew } from './new.ts';
import { runTotals } from './totals.ts';
import { formatTranslationStatus, runTranslations } from './translations.ts';
import { translationStatus } from '../core/translation/index.ts';
import { writeSchemas } from './schema.ts';
import { appContext, createAppContext } from '../app/context.ts';

const HELP = `counterpoint — campaign manager for information campaigns

Usage:
  counterpoint validate [--quiet] [--root campaigns]   check every campaign, print problems and the seven-rule scorecard
  counterpoint new <id> --languages fr,wo,en [--default fr]
                                                       a new campaign: campaign.yaml and one page per language,
                                                       with TODO placeholders that validate lists
  counterpoint i18n-check                              list missing and extra UI strings per language
  counterpoint schema                                  write the JSON Schemas editors use to schema/
  counterpoint import <source> <file> --campaign <id>  import an export (sources: meta-ads, tiktok-ads, google-ads,
        [--map "Header=field"] [--skip-invalid]         google-ads-keywords, activities, inquiries, kobo, odk);
        [--rate USD=0.92]                               one transaction, re-import safe; --rate converts spend
                                                       in another currency
  counterpoint links <campaign> [--out folder] [--site https://…]
                                                       CSV of tracked links (/go/<code>) per channel and
                                                       audience, with an SVG QR code for each
  counterpoint redirect <campaign> [--out file] [--site https://…] [--daily-budget 10]
                                                       the redirect keywords as a Google Ads Editor import: a
                                                       paused Search campaign, an ad group per audience and
                                                       language, keywords with match types and tracked final URLs
  counterpoint embed <campaign> --partner <id> [--site https://…] [--language <code>]
                                                       the snippet a partner site pastes to show the campaign's
                                                       banner, and its static alternative
  counterpoint report <campaign> [--format json|csv|html|pdf] [--out file]
                                                       the effectiveness report: reach, engagement, inquiries,
                                                       survey outcomes with intervals, cost, scorecard
  counterpoint plan <campaign> [--seed N] [--out folder] [--force] [--no-pdf]
                                                       what the evaluation design can detect (MDE, clusters
                                                       needed), the random assignment of clusters to arms,
                                                       and the pre-analysis plan (Markdown and PDF), written
                                                       only before endline survey data exists
  counterpoint users add <email> --org <id>[,<id>] [--role evaluator|author|reviewer|publisher] [--admin]
        | role <email> --org <id> --role <role> | remove <email> | list
                                                       accounts and their role per organisation (password
                                                       read from standard input)
  counterpoint publish --as <email>                    check, build and make live what that publisher may
                                                       publish (PUBLISH_DIR, default data/site)
  counterpoint backup <file> [--force]                 a consistent copy of the store while the server runs
                                                       (SQLite: checked file; PostgreSQL: pg_dump custom format)
  counterpoint restore <file> [--force]                make the store DATABASE_URL names that backup (--force
                                                       when it holds data: stop the server first)
  counterpoint deploy nginx --server-name <host> [--root dist-server/client] [--upstream 127.0.0.1:4321]
        [--cert file] [--key file]                     the nginx site for this release (TLS, HTTP/2, static
                                                       pages by nginx with the server's security headers)
  counterpoint totals <campaign> [--by source,metric] [--format table|json|csv]
                                                       summed facts (dimensions: source, metric, audience,
                                                       channel, language, day, detail)

Environment: DATABASE_URL (default sqlite:data/counterpoint.db, or postgres://user:pass@host/db),
COUNTERPOINT_CAMPAIGNS (default campaigns)
  counterpoint translations <campaign> [--mark <lang>[,<lang>]] [--from <lang>]
                                                       per language: up to date with the source, out of date
                                                       (which units), or not tracked, and its review; --mark
                                                       records that a translation matches the source now
  counterpoint xliff export <campaign> --to <lang> [--out file]
                                                       the campaign's texts and the UI strings as XLIFF 1.2,
                                                       for CAT tools and translation platforms
  counterpoint xliff import <file.xlf>                 check a translated XLIFF (codes, Markdown, ids, lengths)
                                                       and write <lang>.md and locales/<lang>.json; all or nothing
  counterpoint help                                    this text
`;

const MARK = { pass: '✓', warn: '!', fail: '✗' } as const;

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

function validate(args: string[]): number {
  const quiet = args.includes('--quiet');
  const root = option(args, '--root');
  const { problems, scorecards, result } = (
    root === undefined ? appContext() : createAppContext({ campaignsRoot: root })
  ).check();
  const errors = problems.filter((p) => p.severity === 'error');
  const warnings = problems.filter((p) => p.severity === 'warning');
  for (const p of [...errors, ...(quiet ? [] : warnings)])
    (p.severity === 'error' ? console.error : console.warn)(formatProblem(p));
  if (!quiet) {
    for (const card of scorecards) {
      console.log(`\n${card.id}: seven-rule scorecard`);
      for (const r of card.rules)
        console.log(`  ${MARK[r.verdict]} ${r.verdict.padEnd(4)} ${r.rule}. ${r.name}: ${r.reason}`);
    }
    for (const loaded of result.campaigns)
      console.log(`\n${formatTranslationStatus(translationStatus(loaded)).join('\n')}`);
  }
  const summary = `${result.campaigns.length} campaign(s) loaded, ${errors.length} error(s), ${warnings.length} warning(s)`;
  if (errors.length) {
    console.error(`\n${summary}. Nothing was built: fix the errors above and run again.`);
    return 1;
  }
  if (!quiet) console.log(`\n${summary}.`);
  return 0;
}

export async function main(argv: string[]): Promise<number> {
  const [command = 'help', ...args] = argv;
  try {
    switch (command) {
      case 'validate':
        return validate(args);
      case 'i18n-check':
        return runI18nCheck(args);
      case 'schema':
        return writeSchemas();
      case 'import':
        return await runImport(args);
      case 'totals':
        return await runTotals(args);
      case 'links':
        return await runLinks(args);
      case 'redirect':
        return await runRedirect(args);
      case 'embed':
        return await runEmbed(args);
      case 'report':
        return await runReport(args);
      case 'plan':
        return await runPlan(args);
      case 'users':
        return await runUsers(args);
      case 'publish':
        return await runPublish(args);
      case 'backup':
        return await runBackup(args);
      case 'restore':
        return await runRestore(args);
      case 'deploy':
        return await runDeploy(args);
      case 'translations':
        return runTranslations(args);
      case 'xliff':
        return runXliff(args);
      case 'new':
        return runNew(args);
      case 'help':
      case '--help':
      case '-h':
        console.log(HELP);
        return 0;
      default:
        console.error(`unknown command "${command}"\n\n${HELP}`);
        return 2;
    }
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`counterpoint ${command}: ${e.message}`);
      return 1;
    }
    // Author mistakes are reported as problems above; reaching here is a bug in Counterpoint.
    console.error(`counterpoint ${command} failed: ${(e as Error).message}`);
    if (process.env['DEBUG']) console.error((e as Error).stack);
    else console.error('(set DEBUG=1 to see where; please report it)');
    return 2;
  }
}
