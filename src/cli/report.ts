import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadCampaigns } from '../core/campaign/index.ts';
import { openStore } from '../core/metrics/index.ts';
import { buildReport, reportToCsv } from '../core/report/index.ts';
import { parseArgs, UsageError } from './args.ts';
import { campaignArg } from './campaign-arg.ts';
import { reportToHtml } from './report-html.ts';

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
      await printPdf(reportToHtml(report), out!);
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

/** Prints the HTML report to an A4 PDF with the system's Chromium (the one the browser tests use). */
async function printPdf(html: string, file: string): Promise<void> {
  const { findBrowser, BROWSER_HELP } = (await import('../../scripts/find-browser.js')) as { findBrowser: () => string | undefined; BROWSER_HELP: string };
  const executablePath = findBrowser();
  if (!executablePath) throw new UsageError(BROWSER_HELP);
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'] });
  try {
    const page = await browser.newPage();
    await page.setContent(html, { waitUntil: 'load' });
    await page.pdf({ path: file, format: 'A4', printBackground: true });
  } finally {
    await browser.close();
  }
}
