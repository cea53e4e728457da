import { writeFileSync } from 'node:fs';
import { DASHBOARD_LANGUAGES, isDashboardLanguage } from '../core/auth/index.ts';
import { appContext } from '../app/context.ts';
import { buildReport, CSV_BOM, formattersFor, reportToCsv, sayWith } from '../core/report/index.ts';
import { uiFor } from '../dashboard/ui.ts';
import { parseArgs, UsageError } from './args.ts';
import { loadedCampaignArg } from './campaign-arg.ts';
import { openReportRenderer } from '../views/report-document.ts';
import { canPrintPdf, printPdf } from '../views/pdf.ts';
import { BROWSER_HELP } from '../../scripts/find-browser.js';

/** counterpoint report <campaign> --format json|csv|html|pdf [--language en|fr|ar] [--out file] */
export async function runReport(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  // Campaigns read, i18next built and the store opened once, by the application context.
  const app = appContext();
  const loaded = loadedCampaignArg(args.positional[0], app);
  const format = args.get('format') ?? 'json';
  if (!['json', 'csv', 'html', 'pdf'].includes(format))
    throw new UsageError(`--format ${format}: expected json, csv, html or pdf`);
  const language = args.get('language') ?? 'en';
  if (!isDashboardLanguage(language))
    throw new UsageError(
      `--language ${language}: the report is written in ${DASHBOARD_LANGUAGES.join(', ')}`,
    );
  const out = args.get('out');
  if (format === 'pdf' && !out) throw new UsageError('--format pdf needs --out file.pdf');
  if (format === 'pdf' && !canPrintPdf()) throw new UsageError(BROWSER_HELP);
  const store = await app.store();
  let text: string | Buffer;
  try {
    const report = await buildReport(store, loaded);
    if (format === 'json') text = `${JSON.stringify(report, null, 2)}\n`;
    else if (format === 'csv') {
      text = CSV_BOM + reportToCsv(report, sayWith(await app.t(language), formattersFor(language)));
    } else {
      // The same document as the dashboard's export (src/dashboard/components/ReportDocument.astro).
      const i18n = await app.i18n();
      const renderer = await openReportRenderer();
      try {
        const html = await renderer.render(
          report,
          uiFor(language, (l) => i18n.getFixedT(l)),
        );
        text = format === 'pdf' ? await printPdf(html) : html;
      } finally {
        await renderer.close();
      }
    }
  } finally {
    await app.close();
  }
  if (out) {
    writeFileSync(out, text);
    console.log(`wrote ${out}`);
  } else process.stdout.write(text);
  return 0;
}
