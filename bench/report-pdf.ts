// The donor PDF of the sample campaign (issue 17): the Senegal example's report (DATABASE_URL, default
// data/counterpoint.db, after `npm run demo:data`) rendered to HTML once, then printed by one printer as
// the server does: the first print starts Chromium, the next 5 reuse it. Target: ≤ 5 s a print, ≤ 8 pages.
// Usage: node bench/report-pdf.ts
import { performance } from 'node:perf_hooks';
import { resolve } from 'node:path';
import { loadCampaigns } from '../src/core/workspace/index.ts';
import { createI18n, readLocales } from '../src/core/i18n/index.ts';
import { openStore } from '../src/core/metrics/index.ts';
import { buildReport } from '../src/core/report/index.ts';
import { uiFor } from '../src/dashboard/ui.ts';
import { createPdfPrinter } from '../src/views/pdf.ts';
import { openReportRenderer } from '../src/views/report-document.ts';

const loaded = loadCampaigns('campaigns').campaigns.find(
  (c) => c.campaign.id === 'safe-journeys-senegal-2027',
)!;
const store = await openStore();
const i18n = await createI18n(readLocales(resolve('locales')));
const renderer = await openReportRenderer();
const printer = createPdfPrinter();
try {
  const report = await buildReport(store, loaded);
  const results: Record<string, unknown> = {};
  for (const lang of ['en', 'ar']) {
    let t = performance.now();
    const html = await renderer.render(
      report,
      uiFor(lang, (l) => i18n.getFixedT(l)),
    );
    const renderMs = performance.now() - t;
    const prints: number[] = [];
    let pages = 0;
    for (let i = 0; i < 6; i++) {
      t = performance.now();
      const pdf = await printer.print(html);
      prints.push(performance.now() - t);
      pages = (pdf.toString('latin1').match(/\/Type \/Page[^s]/g) ?? []).length;
    }
    const warm = prints.slice(1).sort((a, b) => a - b);
    results[lang] = {
      htmlKB: Math.round(Buffer.byteLength(html) / 1024),
      renderMs: Math.round(renderMs),
      firstPrintMs: Math.round(prints[0]!),
      warmPrintMedianMs: Math.round(warm[2]!),
      warmPrintMaxMs: Math.round(warm.at(-1)!),
      pages,
    };
  }
  console.log(JSON.stringify(results, null, 2));
} finally {
  await printer.close();
  await renderer.close();
  await store.close();
}
