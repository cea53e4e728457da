import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadCampaigns } from '../core/campaign/index.ts';
import { openStore } from '../core/metrics/index.ts';
import { buildReport, reportToCsv } from '../core/report/index.ts';
import { parseArgs, UsageError } from './args.ts';
import { campaignArg } from './campaign-arg.ts';
import { reportToHtml } from '../views/report-html.ts';
import { canPrintPdf, printPdf } from '../views/pdf.ts';
import { BROWSER_HELP } from '../../scripts/find-browser.js';

/** counterpoint report <campaign> --format json|csv|html|pdf [--out file] */
export async function runReport(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  const campaign = campaignArg(args.positional[0]);
  const format = args.get('format') ?? 'json';
  if (!['json', 'csv', 'html', 'pdf'].includes(format)) throw new UsageError(`--format ${format}: expected json, csv, html or pdf`);
  const out = args.get('out');
  if (format === 'pdf' && !out) throw new UsageError('--format pdf needs --out file.pdf');
  const root = process.env['COUNTERPOINT_CAMPAIGNS'] ?? 'campaigns';
  const loaded = loadCampaigns(resolve(root)).campaigns.find((c) => c.campaign.id === campaign.id)!;
  const store = await openStore();
  try {
    const report = await buildReport(store, loaded);
    if (format === 'pdf') {
      if (!canPrintPdf()) throw new UsageError(BROWSER_HELP);
      writeFileSync(out!, await printPdf(reportToHtml(report)));
      console.log(`wrote ${out}`);
      return 0;
    }
    const text = format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : format === 'csv' ? reportToCsv(report) : reportToHtml(report);
    if (out) {
      writeFileSync(out, text);
      console.log(`wrote ${out}`);
    } else process.stdout.write(text);
    return 0;
  } finally {
    await store.close();
  }
}
