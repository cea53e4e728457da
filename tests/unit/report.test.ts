import { createHash } from 'node:crypto';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { ReportSchema, type Report } from '../../src/core/report/index.ts';
import { tCritical } from '../../src/core/stats/index.ts';
import { pdfPageTexts } from '../fixtures/pdf-text.ts';

// The HTML report (and the PDF printed from it) is ReportDocument.astro, rendered as the CLI renders it.
let renderer: ReturnType<typeof import('../../src/views/report-document.ts').openReportRenderer> | undefined;
async function reportHtml(r: Report, language = 'en'): Promise<string> {
  const [{ openReportRenderer }, { uiFor }, { createI18n, readLocales }] = await Promise.all([
    import('../../src/views/report-document.ts'),
    import('../../src/dashboard/ui.ts'),
    import('../../src/core/i18n/index.ts'),
  ]);
  renderer ??= openReportRenderer();
  const i18n = await createI18n(readLocales('locales'));
  return (await renderer).render(
    r,
    uiFor(language, (l) => i18n.getFixedT(l)),
  );
}
after(async () => (await renderer)?.close());

const S = 'tests/fixtures/samples';
const dir = mkdtempSync(join(tmpdir(), 'cp-report-'));
const env = {
  ...process.env,
  DATABASE_URL: `sqlite:${join(dir, 'r.db')}`,
  COUNTERPOINT_HASH_KEY: 'test-key',
};
const cli = (...args: string[]) =>
  spawnSync(process.execPath, ['bin/counterpoint.js', ...args], { encoding: 'utf8', env });

describe('counterpoint report for the Senegal example after importing the samples', () => {
  let report: Report;
  /** The outcomes whose effect is shown (exposure recall's is withheld with its small cells). */
  const shownEffects = () => report.outcomes.filter((o) => o.effect);
  before(() => {
    for (const [source, file] of [
      ['meta-ads', 'meta-ads-export.csv'],
      ['tiktok-ads', 'tiktok-ads-export.csv'],
      ['activities', 'field-activities.csv'],
      ['inquiries', 'contact-inquiries.csv'],
      ['kobo', 'kobo-survey-export.csv'],
    ]) {
      const r = cli('import', source!, `${S}/${file}`, '--campaign', 'safe-journeys-senegal-2027');
      assert.equal(r.status, 0, r.stderr);
    }
    const r = cli('report', 'safe-journeys-senegal-2027', '--format', 'json');
    assert.equal(r.status, 0, r.stderr);
    report = ReportSchema.parse(JSON.parse(r.stdout));
  });

  /**
   * The independent computation, by hand from the Kobo CSV with the textbook formulas:
   * DiD = (p̄_T,end − p̄_T,base) − (p̄_C,end − p̄_C,base) over consenting respondents, and the CR1
   * cluster-robust variance G/(G−1)·(N−1)/(N−4)·Σ_g(Σ_{i∈g} w_i e_i)² with w_i = ±1/n_cell, e_i = y_i − p̄_cell
   * (Cameron & Miller 2015, eq. 11, for the saturated 2×2 regression), t with G−1 = 3 df.
   */
  function byHand(column: string, score: (v: string) => number | undefined) {
    const rows = (
      parse(readFileSync(`${S}/kobo-survey-export.csv`), {
        columns: true,
        delimiter: ';',
        bom: true,
      }) as Record<string, string>[]
    ).filter((r) => r['consent'] === 'yes');
    const obs = rows
      .map((r) => ({
        y: score(r[column]!),
        treated: ['pikine', 'guediawaye'].includes(r['group_admin/community']!),
        post: r['group_admin/survey_round'] === 'endline',
        cluster: r['group_admin/community']!,
      }))
      .filter((o): o is { y: number; treated: boolean; post: boolean; cluster: string } => o.y !== undefined);
    const cell = (t: boolean, p: boolean) => {
      const ys = obs.filter((o) => o.treated === t && o.post === p).map((o) => o.y);
      return { mean: ys.reduce((a, b) => a + b, 0) / ys.length, n: ys.length };
    };
    const cells = {
      tt: cell(true, true),
      tb: cell(true, false),
      ct: cell(false, true),
      cb: cell(false, false),
    };
    const did = cells.tt.mean - cells.tb.mean - (cells.ct.mean - cells.cb.mean);
    const scores = new Map<string, number>();
    for (const o of obs) {
      const c = o.treated ? (o.post ? cells.tt : cells.tb) : o.post ? cells.ct : cells.cb;
      const sign = o.treated === o.post ? 1 : -1;
      scores.set(o.cluster, (scores.get(o.cluster) ?? 0) + (sign / c.n) * (o.y - c.mean));
    }
    const G = scores.size;
    const N = obs.length;
    const se = Math.sqrt(
      (G / (G - 1)) * ((N - 1) / (N - 4)) * [...scores.values()].reduce((s, x) => s + x * x, 0),
    );
    return { did, se, lower: did - tCritical(G - 1) * se, upper: did + tCritical(G - 1) * se };
  }

  // Exposure recall's effect is withheld with its small baseline cells (evidence-disclosure.test.ts).
  const indicators: [string, string, (v: string) => number | undefined][] = [
    [
      'intention',
      'group_intention/intend_irregular',
      (v) => (v === 'yes' ? 1 : v === 'no' || v === 'dont_know' ? 0 : undefined),
    ],
    ['risk-perception', 'group_risk/risk_perception', (v) => (v === '' ? undefined : Number(v))],
  ];
  for (const [indicator, column, score] of indicators) {
    test(`difference-in-differences of ${indicator} matches the hand computation; the CR1 shown beside CR2 too, and CR2's interval is the wider`, () => {
      const o = report.outcomes.find((x) => x.indicator === indicator)!;
      const hand = byHand(column, score);
      assert.equal(o.effect!.estimate.toFixed(10), hand.did.toFixed(10));
      assert.equal(o.effect!.clustered!.cr1.se!.toFixed(10), hand.se.toFixed(10));
      assert.equal(o.effect!.clustered!.cr1.df, 3);
      assert.ok(
        o.effect!.upper! - o.effect!.lower! > hand.upper - hand.lower,
        'CR2 with Bell–McCaffrey df is wider than the CR1 interval',
      );
    });
  }

  test('knowledge is the share of the three items answered correctly, with per-item shares', () => {
    const o = report.outcomes.find((x) => x.indicator === 'knowledge')!;
    assert.ok(o.effect);
    assert.deepEqual([...new Set(o.items.map((i) => i.item))].sort(), [
      'k1_desert_deaths',
      'k2_fake_job_offers',
      'k3_legal_pathways',
    ]);
  });

  test('the scorecard says the campaign was measured, but that its design cannot detect its target (still a warning)', () => {
    assert.equal(report.scorecard[3]!.verdict, 'warn');
    assert.match(
      report.scorecard[3]!.reason,
      /^measured: exposure-recall, intention, knowledge, risk-perception \(difference-in-differences\); difference-in-differences design cannot detect its target: /,
    );
  });

  test('exposure recall: its effect is withheld with its small cells, and says so as a message key', () => {
    const o = report.outcomes.find((x) => x.indicator === 'exposure-recall')!;
    assert.equal(o.effect, null);
    assert.deepEqual(
      o.notes.map((m) => m.key),
      ['dashboard.evidence.effectWithheld'],
    );
  });

  test('every effect is unreliable, with plain reasons: 4 communities, 2 reached, 2 for comparison', () => {
    for (const o of shownEffects()) {
      assert.equal(o.effect!.unreliable, true, o.indicator);
      assert.match(o.effect!.reasons[0]!, /^Only 4 communities were surveyed; with fewer than 30, /);
      assert.match(
        o.effect!.reasons[1]!,
        /^Only 2 communities were reached by the campaign; with fewer than 5, /,
      );
    }
  });

  test('randomisation inference: 6 assignments, p never below 1/3, said in words in the HTML (the PDF) and the dashboard table', async () => {
    const { chartData } = await import('../../src/core/report/index.ts');
    const html = await reportHtml(report);
    const charts = chartData(report);
    for (const o of shownEffects()) {
      const ri = o.effect!.randomisation!;
      assert.deepEqual(
        [ri.assignments, ri.enumerated, ri.minimumP.toFixed(6)],
        [6, true, (1 / 3).toFixed(6)],
      );
      assert.ok(ri.p >= 1 / 3 - 1e-12);
    }
    const intention = report.outcomes.find((o) => o.indicator === 'intention')!.effect!;
    assert.equal(intention.randomisation!.p.toFixed(6), (1 / 3).toFixed(6));
    assert.ok(
      html.includes('<td>1/3, the smallest this design allows with 6 assignments</td>'),
      'shown in the HTML report, in the page’s language (a message, no longer English marked lang="en")',
    );
    assert.equal(
      charts.outcomes.find((o) => o.indicator === 'intention')!.randomisationP,
      '1/3, the smallest this design allows with 6 assignments',
    );
  });

  test('the CR2 and wild-bootstrap results are next to each other: p-values beside every interval, bootstrap enumerated over all 6⁴ Webb weights', async () => {
    const html = await reportHtml(report);
    for (const o of shownEffects()) {
      const e = o.effect!;
      assert.match(e.method, /^cluster-robust \(CR2\), 4 clusters, Bell–McCaffrey \d\.\d df$/);
      assert.ok(e.p! > 0 && e.p! < 1);
      assert.deepEqual([e.bootstrap!.draws, e.bootstrap!.enumerated, e.bootstrap!.seed], [1296, true, null]);
      assert.ok(e.bootstrap!.p! > 0);
    }
    assert.match(
      html,
      /<h3>intention <small>\(primary indicator\)<\/small><\/h3><p><strong>Effect: -?\d+\.\d pp<\/strong>, 95 % interval -?\d+\.\d pp to -?\d+\.\d pp, p = 0\.\d\d; cluster-robust \(CR2\), 4 clusters, Bell–McCaffrey \d\.\d df\./,
    );
    assert.match(
      html,
      /<tr><th scope="row">Wild cluster bootstrap \(restricted\)<\/th><td>—<\/td><td>—<\/td><td>0\.\d+ \(all 1,296 Webb weight vectors\)<\/td>/,
    );
    assert.match(html, /<tr><th scope="row">Cluster-robust CR2 \(default\)<\/th>/);
    assert.ok(
      html.includes('<li>Only 2 clusters (communities) were reached by the campaign;'),
      'the reasons are in the HTML',
    );
    assert.match(
      html,
      /<ul><li>Only 4 clusters \(communities\) were surveyed;/,
      'rendered from message keys',
    );
    assert.match(
      await reportHtml(report, 'fr'),
      /<ul><li>Seules 4 grappes \(communautés\) ont été enquêtées ; en dessous de 30,/,
      'in the page’s language, not English',
    );
  });

  test('the HTML report carries its four charts (chart.js canvases with their data) each beside its table, and one script, allowed by its hash', async () => {
    for (const [language, dir] of [
      ['en', 'ltr'],
      ['ar', 'rtl'],
    ] as const) {
      const html = await reportHtml(report, language);
      assert.match(html, new RegExp(`^<!DOCTYPE html><html lang="${language}" dir="${dir}">`));
      const figures = [...html.matchAll(/<figure [^>]*class="chart[^"]*"[\s\S]*?<\/figure>/g)].map(
        (m) => m[0],
      );
      assert.equal(figures.length, 4, language);
      for (const f of figures) {
        assert.match(f, /<canvas data-chart="([^"]+)" role="img" aria-label="[^"]+"><\/canvas>/);
        const spec = /<script type="application\/json" id="[^"]+">([^<]*)<\/script>/.exec(f);
        assert.ok(spec, 'the chart data beside the canvas');
        assert.equal(JSON.parse(spec[1]!).dir, dir);
        assert.match(f, /<table[^>]*data-cols="\d+"[^>]*><caption>/);
      }
      // One script that runs: the charts', inline, allowed by the document's own policy by its hash.
      const running = [...html.matchAll(/<script(?! type="application\/json")[^>]*>([\s\S]*?)<\/script>/g)];
      assert.equal(running.length, 1);
      const hash = `'sha256-${createHash('sha256').update(running[0]![1]!).digest('base64')}'`;
      assert.ok(html.includes(`script-src ${hash};`), 'the document allows exactly its own script');
      // The headline figures come before the first chart, the detail after the last.
      const order = [
        'id="headline-heading"',
        'id="chart-reach-title"',
        'id="reach-heading"',
        'id="scorecard-heading"',
      ].map((x) => html.indexOf(x));
      assert.deepEqual(
        [...order].sort((a, b) => a - b),
        order,
        `${language}: ${order}`,
      );
      assert.ok(order[0]! > 0);
    }
  });

  test('intention is primary; the other indicators are secondary, with Holm-adjusted p-values no smaller than their own', () => {
    assert.deepEqual(
      report.outcomes.map((o) => [o.indicator, o.role]),
      [
        ['exposure-recall', 'secondary'],
        ['intention', 'primary'],
        ['knowledge', 'secondary'],
        ['risk-perception', 'secondary'],
      ],
    );
    for (const o of shownEffects()) {
      const e = o.effect!;
      if (o.role === 'primary')
        assert.deepEqual(
          [e.pAdjusted, e.bootstrap!.pAdjusted, e.randomisation!.pAdjusted],
          [null, null, null],
        );
      else {
        assert.ok(e.pAdjusted! >= e.p!);
        assert.ok(e.bootstrap!.pAdjusted! >= e.bootstrap!.p!);
        assert.ok(e.randomisation!.pAdjusted! >= e.randomisation!.p);
      }
    }
  });

  test("the report's MDE for intention comes from the design, which can detect no change a share allows (2 df)", () => {
    const o = report.outcomes.find((x) => x.indicator === 'intention')!;
    // With the variance under the effect, M·SE(δ) exceeds δ up to 61 pp (1 − the 39 % baseline).
    assert.equal(o.effect!.mde, null);
    assert.match(
      o.effect!.mdeBasis,
      /^none: no change a share allows is detectable \(the plan's 2 \+ 2 communities, 60 respondents per cluster and wave, ICC 0\.05; t with 2 df/,
    );
    assert.equal(o.notes[0]!.key, 'dashboard.evidence.refused.mdeBeyondScale');
  });

  test('the caveats no longer call these intervals wide: they say the clustered SE is below the unclustered one, and p cannot go below 1/3', () => {
    const text = report.caveats.join('\n');
    assert.doesNotMatch(text, /they are wide/);
    assert.match(
      text,
      /allowing for clustering gives a smaller standard error than ignoring it: .* more likely too narrow than too wide/,
    );
    assert.match(
      text,
      /Randomisation inference compares the effect with the 6 possible assignments .* no p-value can be below 1\/3/,
    );
  });

  test('shares per wave and arm allow for clustering: wider than the plain Wilson interval of the same counts', async () => {
    const { wilsonInterval } = await import('../../src/core/stats/index.ts');
    const cell = report.outcomes.find((o) => o.indicator === 'intention')!.cells[0]!.value;
    assert.ok(cell.designEffect! > 3);
    const n = cell.n.value!;
    const plain = wilsonInterval(Math.round(cell.estimate! * n), n);
    assert.ok(cell.upper! - cell.lower! > 1.5 * (plain.upper - plain.lower));
  });

  test('reach per audience is labelled combined, not de-duplicated, and compared with its target', () => {
    assert.equal(report.reach.label, 'combined, not de-duplicated');
    const dakar = report.reach.audiences.find((a) => a.id === 'youth-dakar')!;
    assert.deepEqual(dakar.shareOfTarget, {
      lower: dakar.reach.lower / dakar.target!,
      upper: dakar.reach.upper / dakar.target!,
    });
    // At least the largest channel on its largest day, at most the sum capped at the audience's size.
    assert.equal(dakar.reach.lower, Math.max(...dakar.channels.map((c) => c.largestDay)));
    assert.equal(dakar.reach.upper, Math.min(dakar.size!, dakar.reachCombined));
    // The campaign's four audiences mean to reach 200,000 + 120,000 + 20,000 + 5,000 people.
    assert.equal(report.reach.total.target, 345_000);
  });

  test('CSV and PDF exports', () => {
    const csv = cli('report', 'safe-journeys-senegal-2027', '--format', 'csv');
    // UTF-8 with a BOM (spreadsheets read it as UTF-8), the rounded values beside the exact ones.
    assert.match(
      csv.stdout,
      /^\uFEFFsection,key,metric,value,lower,upper,n,note,value \(rounded\),lower \(rounded\),upper \(rounded\)\n/,
    );
    assert.match(csv.stdout, /\neffect,intention,difference-in-differences,/);
    assert.match(
      csv.stdout,
      /\neffect-note,exposure-recall,dashboard\.evidence\.effectWithheld,,,,,"?The effect is withheld/,
    );
    const pdf = join(dir, 'report.pdf');
    const r = cli('report', 'safe-journeys-senegal-2027', '--format', 'pdf', '--out', pdf);
    assert.equal(r.status, 0, r.stderr);
    assert.ok(existsSync(pdf));
    assert.equal(readFileSync(pdf).subarray(0, 5).toString(), '%PDF-');
  });

  test('the donor PDF: at most 8 pages, each numbered "n / N"; its first page stands alone; its charts are printed drawn', () => {
    const file = join(dir, 'donor.pdf');
    const r = cli('report', 'safe-journeys-senegal-2027', '--format', 'pdf', '--out', file);
    assert.equal(r.status, 0, r.stderr);
    const bytes = readFileSync(file);
    // Pages counted from the bytes (one /Type /Page object each), then read through their text.
    const pageObjects = bytes.toString('latin1').match(/\/Type \/Page[^s]/g) ?? [];
    const pages = pdfPageTexts(bytes);
    assert.equal(pages.length, pageObjects.length);
    assert.ok(pages.length >= 3 && pages.length <= 8, `${pages.length} pages`);
    pages.forEach((text, i) =>
      assert.ok(text.endsWith(`${i + 1} / ${pages.length}`), `page ${i + 1}: …${text.slice(-60)}`),
    );
    // Words a line break splits are read without the space between them: compare without spaces.
    const squash = (t: string) => t.replace(/\s+/g, '');
    const first = squash(pages[0]!);
    for (const needed of [
      'Safe Journeys Senegal 2027', // campaign
      '1 February 2027 to 28 February 2027', // period
      'difference in differences', // design
      'Primary outcome: intention', // primary result
      'People reached',
      'Cost per person reached',
      'What this report supports',
      'Cannot be said',
      'Contents',
    ])
      assert.ok(first.includes(squash(needed)), `first page lacks "${needed}"`);
    // Charts print as images drawn by chart.js (canvas): with scripts off there would be none.
    assert.ok(
      (bytes.toString('latin1').match(/\/Subtype \/Image/g) ?? []).length >= 4,
      'the charts are drawn',
    );
  });
});

describe('small counts never leave the report', () => {
  test('an inquiry total under 10 is "<10" with no value, and a lone small topic takes the next one with it, "withheld" (it is 12)', async () => {
    const { loadCampaigns } = await import('../../src/core/workspace/index.ts');
    const { openStore, replaceFacts } = await import('../../src/core/metrics/index.ts');
    const { buildReport } = await import('../../src/core/report/index.ts');
    const loaded = loadCampaigns('campaigns').campaigns.find(
      (c) => c.campaign.id === 'safe-journeys-senegal-2027',
    )!;
    const store = await openStore('sqlite::memory:');
    const fact = (detail: string, value: number) => ({
      campaign: loaded.campaign.id,
      day: '2027-02-01',
      source: 'inquiries' as const,
      channel: 'phone',
      audience: 'unattributed',
      language: '',
      detail,
      metric: 'inquiries' as const,
      value,
    });
    await replaceFacts(
      store,
      {
        campaign: loaded.campaign.id,
        source: 'inquiries',
        fileName: 'x.csv',
        fileHash: 'h',
        rowsAccepted: 2,
        rowsRejected: 0,
        firstDay: '2027-02-01',
        lastDay: '2027-02-01',
      },
      [fact('risks', 3), fact('legal-pathways', 40), fact('return-support', 12)],
      ['2027-02-01'],
    );
    const r = await buildReport(store, loaded);
    assert.deepEqual(
      r.inquiries.byTopic.map((t) => [t.key, t.count.display, t.count.value]),
      [
        ['legal-pathways', '40', 40],
        ['return-support', 'withheld', null],
        ['risks', '<10', null],
      ],
    );
    assert.equal(r.respondents.display, '<10');
    assert.equal(r.respondents.value, null);
    assert.doesNotMatch(JSON.stringify(r.inquiries.byTopic), /"value":(3|12)\b/);
    await store.close();
  });
});

describe('report filters', () => {
  test('dates, audience, channel and language narrow the facts; unknown values are dropped', async () => {
    const { loadCampaigns } = await import('../../src/core/workspace/index.ts');
    const { openStore } = await import('../../src/core/metrics/index.ts');
    const { FACT_FORMATS, importFacts } = await import('../../src/core/imports/index.ts');
    const { buildReport, parseFilter } = await import('../../src/core/report/index.ts');
    const loaded = loadCampaigns('campaigns').campaigns.find(
      (c) => c.campaign.id === 'safe-journeys-senegal-2027',
    )!;
    const store = await openStore('sqlite::memory:');
    for (const [s, f] of [
      ['meta-ads', 'meta-ads-export.csv'],
      ['tiktok-ads', 'tiktok-ads-export.csv'],
    ] as const)
      await importFacts({ store, campaign: loaded.campaign, format: FACT_FORMATS[s]!, file: `${S}/${f}` });
    const filter = parseFilter(
      new URLSearchParams(
        'channel=tiktok&from=2027-02-01&to=2027-02-07&audience=youth-dakar&language=&evil=1',
      ),
      loaded.campaign,
    );
    assert.deepEqual(filter, {
      from: '2027-02-01',
      to: '2027-02-07',
      audience: 'youth-dakar',
      channel: 'tiktok',
    });
    const r = await buildReport(store, loaded, new Date(), filter);
    const rows = parse(readFileSync(`${S}/tiktok-ads-export.csv`), { columns: true }) as Record<
      string,
      string
    >[];
    const expected = rows
      .filter((x) => x['By Day']! <= '2027-02-07' && x['Ad group name'] !== 'Youth 35+')
      .reduce((s, x) => s + Number(x['Impressions']), 0);
    assert.equal(r.reach.total.impressions, expected);
    assert.deepEqual(
      r.byChannel.map((c) => c.key).filter((k, i, a) => a.indexOf(k) === i),
      ['tiktok'],
    );
    assert.match(
      r.caveats[0]!,
      /^Filtered to from 2027-02-01, to 2027-02-07, audience youth-dakar, channel tiktok\./,
    );
    await store.close();
  });
});

describe('cost with spend exported in another currency', () => {
  test('spend is in the budget currency, the USD part converted at the rate applied and its original amount labelled', async () => {
    const { loadCampaigns } = await import('../../src/core/workspace/index.ts');
    const { openStore } = await import('../../src/core/metrics/index.ts');
    const { FACT_FORMATS, importFacts } = await import('../../src/core/imports/index.ts');
    const { buildReport } = await import('../../src/core/report/index.ts');
    const loaded = loadCampaigns('campaigns').campaigns.find(
      (c) => c.campaign.id === 'safe-journeys-senegal-2027',
    )!;
    const store = await openStore('sqlite::memory:');
    const usd = 'tests/fixtures/imports/meta-ads-usd.csv';
    assert.equal(
      (
        await importFacts({
          store,
          campaign: loaded.campaign,
          format: FACT_FORMATS['meta-ads']!,
          file: usd,
          rates: { USD: 0.92 },
        })
      ).ok,
      true,
    );
    assert.equal(
      (
        await importFacts({
          store,
          campaign: loaded.campaign,
          format: FACT_FORMATS['tiktok-ads']!,
          file: `${S}/tiktok-ads-export.csv`,
        })
      ).ok,
      true,
    );
    const r = ReportSchema.parse(await buildReport(store, loaded));

    // Independently: the USD column summed from the file, times the rate, plus TikTok's EUR cost.
    const sum = (file: string, column: string) =>
      (parse(readFileSync(file), { columns: true, bom: true }) as Record<string, string>[]).reduce(
        (s, x) => s + Number(x[column] || 0),
        0,
      );
    const cents = (v: number) => Math.round(v * 100) / 100;
    const original = sum(usd, 'Amount spent (USD)');
    const eur = sum(`${S}/tiktok-ads-export.csv`, 'Cost');
    assert.equal(r.cost.currency, 'EUR');
    assert.equal(r.cost.spend, cents(original * 0.92 + eur));
    assert.deepEqual(r.cost.converted, [
      {
        currency: 'USD',
        original: cents(original),
        spend: cents(original * 0.92),
        rates: [{ from: null, rate: 0.92 }],
      },
    ]);
    const caveat = r.caveats.find((c) => c.startsWith('Costs per 1,000 reached'))!;
    assert.equal(
      caveat,
      `Costs per 1,000 reached, per engagement and per inquiry use the media spend in the imported ad exports (${(original * 0.92 + eur).toFixed(2)} EUR, of which ${(original * 0.92).toFixed(2)} EUR from ${original.toFixed(2)} USD at 0.92 EUR per USD); costs per outcome point use the whole budget (85000 EUR), with the media spend beside them.`,
    );
    const html = await reportHtml(r);
    const money = (v: number, currency: string) =>
      new Intl.NumberFormat('en-GB', { style: 'currency', currency, currencyDisplay: 'code' }).format(v);
    assert.ok(
      html.includes(
        `<tr><th scope="row" lang="en" dir="ltr">of which converted from USD: ${money(original, 'USD')} at 0.92 EUR per USD</th><td class="num">${money(original * 0.92, 'EUR')}</td></tr>`,
      ),
      'the HTML cost table names the original amount',
    );
    await store.close();
  });
});
