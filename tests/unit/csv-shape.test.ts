import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { loadCampaigns } from '../../src/core/workspace/index.ts';
import { FACT_FORMATS, importFacts, importSurvey } from '../../src/core/imports/index.ts';
import { openStore, type Store } from '../../src/core/metrics/index.ts';
import { buildReport, type Report, reportToCsv, roundForDisplay } from '../../src/core/report/index.ts';

describe('numbers rounded for a spreadsheet reader', () => {
  (
    [
      [0.6073385764562236, 0.607, 'a share: three significant digits'],
      [0.041234, 0.0412, 'a small share: three significant digits'],
      [-0.043675931911226096, -0.0437, 'a negative effect'],
      [0.000123456, 0.000123, 'a p-value far below 1'],
      [3.925420168067227, 3.93, 'a design effect: two decimals'],
      [56.0848, 56.08, 'below 100: two decimals'],
      [1402.1, 1402, '100 and above: no decimals'],
      [463765, 463765, 'an integer stays as it is'],
      [0, 0, 'zero'],
      ['22,879', 22879, 'a count written with thousands separators'],
      ['1,234.5678', 1235, 'a figure written with separators and decimals'],
      ['<10', '', 'a withheld count has no number'],
      [Number.NaN, '', 'not a number is no number'],
      [null, '', 'nothing'],
    ] as const
  ).forEach(([v, expected, why]) =>
    test(`${why}: ${String(v)} → ${JSON.stringify(expected)}`, () =>
      assert.equal(roundForDisplay(v), expected)),
  );
});

// The Senegal sample's report in both shapes, from one set of rows.
describe('the report as CSV for spreadsheets: long and wide', () => {
  let store: Store;
  let report: Report;
  before(async () => {
    const senegal = loadCampaigns('campaigns').campaigns.find(
      (c) => c.campaign.id === 'safe-journeys-senegal-2027',
    )!;
    store = await openStore(`sqlite:${join(mkdtempSync(join(tmpdir(), 'cp-csv-')), 'c.db')}`);
    await importFacts({
      store,
      campaign: senegal.campaign,
      format: FACT_FORMATS['meta-ads']!,
      file: 'tests/fixtures/samples/meta-ads-export.csv',
    });
    await importSurvey({
      store,
      campaign: senegal.campaign,
      source: 'kobo',
      file: 'tests/fixtures/samples/kobo-survey-export.csv',
      key: 'csv-test',
    });
    report = await buildReport(store, senegal);
  });
  after(async () => await store.close());

  test('long: one row per value, the rounded value, lower and upper beside the exact ones', () => {
    const rows = parse(reportToCsv(report), { columns: true }) as Record<string, string>[];
    const effect = rows.find((r) => r.section === 'effect' && r.key === 'intention')!;
    assert.ok(effect, 'the primary effect has a row');
    assert.equal(Number(effect['value (rounded)']), roundForDisplay(Number(effect.value)));
    assert.ok(effect.value!.length > effect['value (rounded)']!.length, 'the exact value is kept beside it');
    assert.equal(Number(effect['lower (rounded)']), roundForDisplay(Number(effect.lower)));
    const estimate = rows.find(
      (r) => r.section === 'reach' && r.key === 'all' && r.metric === 'people reached (estimate)',
    )!;
    assert.equal(Number(estimate.value), report.reach.total.reachEstimate!.estimate);
    assert.equal(Number(estimate.lower), report.reach.total.reach.lower);
    // A withheld count stays withheld, and has no rounded number.
    const withheld = rows.find((r) => r.value === '<10' || r.value === 'withheld')!;
    assert.equal(withheld['value (rounded)'], '');
  });

  test('wide: one row per indicator, channel or audience, a column per measure, the ends of a range apart', () => {
    const long = parse(reportToCsv(report), { columns: true }) as Record<string, string>[];
    const wide = parse(reportToCsv(report, undefined, 'wide'), { columns: true }) as Record<string, string>[];
    // As many rows as the long table has sections and keys, each once.
    const keys = new Set(long.map((r) => `${r.section}/${r.key}`));
    assert.equal(wide.length, keys.size);
    assert.equal(new Set(wide.map((r) => `${r.section}/${r.key}`)).size, wide.length);
    const intention = wide.find((r) => r.section === 'effect' && r.key === 'intention')!;
    const effect = long.find((r) => r.section === 'effect' && r.key === 'intention')!;
    assert.equal(Number(intention[effect.metric!]), roundForDisplay(Number(effect.value)));
    assert.equal(Number(intention[`${effect.metric} (lower)`]), roundForDisplay(Number(effect.lower)));
    assert.equal(Number(intention[`${effect.metric} (upper)`]), roundForDisplay(Number(effect.upper)));
    const youth = wide.find((r) => r.section === 'reach' && r.key === 'youth-dakar')!;
    assert.equal(Number(youth['people reached (range) (lower)']), report.reach.audiences[0]!.reach.lower);
    assert.equal(
      Number(youth['people reached (estimate)']),
      report.reach.audiences[0]!.reachEstimate!.estimate,
    );
    // No raw float reaches the reader: nothing with more than three significant decimals.
    for (const r of wide)
      for (const [k, v] of Object.entries(r))
        assert.doesNotMatch(v, /^-?\d+\.\d{7,}$/, `${r.section}/${r.key} ${k}`);
  });
});
