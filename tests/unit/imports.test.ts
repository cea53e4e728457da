import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { sql } from 'kysely';
import { loadCampaigns } from '../../src/core/workspace/index.ts';
import {
  FACT_FORMATS,
  importFacts,
  importSurvey,
  parseDay,
  parseNumber,
} from '../../src/core/imports/index.ts';
import { openStore, queryTotals, type Store } from '../../src/core/metrics/index.ts';

const senegal = loadCampaigns('campaigns').campaigns.find(
  (c) => c.campaign.id === 'safe-journeys-senegal-2027',
)!.campaign;
const S = 'tests/fixtures/samples';
const I = 'tests/fixtures/imports';

/** Sums computed straight from the file with a different parser, as the independent check. */
function sumColumn(
  file: string,
  column: string,
  delimiter = ',',
  where: (r: Record<string, string>) => boolean = () => true,
): number {
  const rows = parse(readFileSync(file), { columns: true, delimiter, bom: true }) as Record<string, string>[];
  return Math.round(rows.filter(where).reduce((s, r) => s + Number(r[column] || 0), 0) * 100) / 100;
}

async function totalsBy(store: Store, source: string, by: ('metric' | 'audience')[] = ['metric']) {
  const rows = await queryTotals(store, senegal.id, ['source', ...by]);
  return Object.fromEntries(
    rows
      .filter((r) => r.source === source)
      .map((r) => [by.map((b) => r[b]).join('/'), Math.round(r.value * 100) / 100]),
  );
}

const fresh = () => openStore('sqlite::memory:');

describe('numbers and dates as exports write them', () => {
  const numbers: [string, boolean, number | undefined][] = [
    ['1234', false, 1234],
    ['1,234', false, 1234],
    ['1,234.56', false, 1234.56],
    ['1.234,56', true, 1234.56],
    ['1.234', true, 1234],
    ['12,5', true, 12.5],
    ['12,5', false, 12.5],
    ['0.59%', false, 0.59],
    ['', false, 0],
    ['1 234', false, 1234],
    ['abc', false, undefined],
    ['1.2.3', false, undefined],
  ];
  for (const [raw, comma, expected] of numbers)
    test(`number "${raw}" (decimal comma: ${comma})`, () => assert.equal(parseNumber(raw, comma), expected));
  const days: [string, string | undefined][] = [
    ['2027-02-01', '2027-02-01'],
    ['2027-02-01T10:09:00.000+00:00', '2027-02-01'],
    ['01/02/2027', '2027-02-01'],
    ['Feb 1, 2027', '2027-02-01'],
    ['2027-02-31', undefined],
    ['soon', undefined],
  ];
  for (const [raw, expected] of days) test(`day "${raw}"`, () => assert.equal(parseDay(raw), expected));
});

describe('sample exports: the store holds the files’ totals exactly', () => {
  test('Meta Ads: every metric, and ad sets mapped to audiences as the campaign declares', async () => {
    const store = await fresh();
    const r = await importFacts({
      store,
      campaign: senegal,
      format: FACT_FORMATS['meta-ads']!,
      file: `${S}/meta-ads-export.csv`,
    });
    assert.equal(r.ok, true);
    const f = `${S}/meta-ads-export.csv`;
    assert.deepEqual(await totalsBy(store, 'meta-ads'), {
      impressions: sumColumn(f, 'Impressions'),
      'link-clicks': sumColumn(f, 'Link clicks'),
      reach: sumColumn(f, 'Reach'),
      spend: sumColumn(f, 'Amount spent (EUR)'),
      'video-completions': sumColumn(f, 'ThruPlays'),
    });
    const byAudience = await totalsBy(store, 'meta-ads', ['audience', 'metric']);
    assert.equal(
      byAudience['youth-dakar/reach'],
      sumColumn(f, 'Reach', ',', (row) => row['Ad set name'] === 'Dakar youth - Wolof'),
    );
    assert.equal(
      byAudience['youth-thies/reach'],
      sumColumn(f, 'Reach', ',', (row) => row['Ad set name'] === 'Thies youth - French'),
    );
    await store.close();
  });

  test('TikTok Ads: percentages and currency column; the 35+ ad group stays unattributed', async () => {
    const store = await fresh();
    const f = `${S}/tiktok-ads-export.csv`;
    assert.equal(
      (await importFacts({ store, campaign: senegal, format: FACT_FORMATS['tiktok-ads']!, file: f })).ok,
      true,
    );
    const t = await totalsBy(store, 'tiktok-ads', ['audience', 'metric']);
    assert.equal(
      t['youth-dakar/reach'],
      sumColumn(f, 'Reach', ',', (r) => r['Ad group name'] !== 'Youth 35+'),
    );
    assert.equal(
      t['unattributed/reach'],
      sumColumn(f, 'Reach', ',', (r) => r['Ad group name'] === 'Youth 35+'),
    );
    const all = await totalsBy(store, 'tiktok-ads');
    assert.equal(all['spend'], sumColumn(f, 'Cost'));
    assert.equal(all['impressions'], sumColumn(f, 'Impressions'));
    assert.equal(all['link-clicks'], sumColumn(f, 'Clicks (destination)'));
    assert.equal(all['video-views'], sumColumn(f, 'Video views'));
    await store.close();
  });

  test('field activities and contact-point inquiries', async () => {
    const store = await fresh();
    assert.equal(
      (
        await importFacts({
          store,
          campaign: senegal,
          format: FACT_FORMATS['activities']!,
          file: `${S}/field-activities.csv`,
        })
      ).ok,
      true,
    );
    assert.equal(
      (
        await importFacts({
          store,
          campaign: senegal,
          format: FACT_FORMATS['inquiries']!,
          file: `${S}/contact-inquiries.csv`,
        })
      ).ok,
      true,
    );
    const a = `${S}/field-activities.csv`;
    const radio = (r: Record<string, string>) => r['channel'] === 'radio' || r['channel'] === 'tv';
    assert.deepEqual(await totalsBy(store, 'activities'), {
      'event-attendees': sumColumn(a, 'attendees'),
      'estimated-listeners': sumColumn(a, 'estimated_reach', ',', radio),
      'flyers-distributed': sumColumn(a, 'flyers_distributed'),
      reach: sumColumn(a, 'estimated_reach', ',', (r) => !radio(r)),
    });
    assert.deepEqual(await totalsBy(store, 'inquiries'), {
      inquiries: sumColumn(`${S}/contact-inquiries.csv`, 'count'),
    });
    await store.close();
  });

  test('KoboToolbox: respondents with consent, by wave and arm; ids replaced by keyed hashes', async () => {
    const store = await fresh();
    const f = `${S}/kobo-survey-export.csv`;
    const r = await importSurvey({ store, campaign: senegal, source: 'kobo', file: f, key: 'test-key' });
    assert.equal(r.ok, true);
    const rows = parse(readFileSync(f), { columns: true, delimiter: ';', bom: true }) as Record<
      string,
      string
    >[];
    const consenting = rows.filter((x) => x['consent'] === 'yes');
    const count = (wave: string, arms: string[]) =>
      consenting.filter(
        (x) => x['group_admin/survey_round'] === wave && arms.includes(x['group_admin/community']!),
      ).length;
    const stored = await store.db
      .selectFrom('survey_responses')
      .select(['wave', 'arm', sql<number>`count(*)`.as('n')])
      .groupBy(['wave', 'arm'])
      .orderBy('wave')
      .orderBy('arm')
      .execute();
    assert.deepEqual(
      stored.map((s) => ({ ...s, n: Number(s.n) })),
      [
        { wave: 'baseline', arm: 'control', n: count('baseline', ['rufisque', 'mbour']) },
        { wave: 'baseline', arm: 'treatment', n: count('baseline', ['pikine', 'guediawaye']) },
        { wave: 'endline', arm: 'control', n: count('endline', ['rufisque', 'mbour']) },
        { wave: 'endline', arm: 'treatment', n: count('endline', ['pikine', 'guediawaye']) },
      ],
    );
    const risk = await store.db
      .selectFrom('survey_answers')
      .select(sql<number>`sum(value)`.as('s'))
      .where('indicator', '=', 'risk-perception')
      .executeTakeFirstOrThrow();
    assert.equal(
      Number(risk.s),
      consenting.reduce((s, x) => s + Number(x['group_risk/risk_perception'] || 0), 0),
    );
    const ids = (await store.db.selectFrom('survey_responses').select('respondent').execute()).map(
      (x) => x.respondent,
    );
    assert.ok(!ids.some((id) => consenting.some((x) => x['_uuid'] === id)), 'no Kobo uuid is stored');
    await store.close();
  });
});

describe('real-world variations', () => {
  test('BOM, semicolons, decimal commas, thousands dots, CRLF, reordered and extra columns, empty cells', async () => {
    const store = await fresh();
    const r = await importFacts({
      store,
      campaign: senegal,
      format: FACT_FORMATS['meta-ads']!,
      file: `${I}/meta-semicolon-bom.csv`,
    });
    assert.equal(r.ok, true);
    assert.deepEqual(await totalsBy(store, 'meta-ads'), {
      impressions: 18296,
      'link-clicks': 124,
      reach: 11356,
      spend: 24.88,
    });
    await store.close();
  });

  test('Google Ads preamble and Total rows are passed over', async () => {
    const store = await fresh();
    assert.equal(
      (
        await importFacts({
          store,
          campaign: senegal,
          format: FACT_FORMATS['google-ads']!,
          file: `${I}/google-ads-report.csv`,
        })
      ).ok,
      true,
    );
    assert.deepEqual(await totalsBy(store, 'google-ads'), {
      impressions: 2184,
      'link-clicks': 59,
      spend: 21.5,
    });
    await store.close();
  });

  test('localised headers map with --map, and the currency comes from the header suffix', async () => {
    const store = await fresh();
    const map = {
      Jour: 'day',
      'Nom de l’ensemble de publicités': 'adSet',
      Couverture: 'reach',
      'Montant dépensé (EUR)': 'spend',
    };
    const r = await importFacts({
      store,
      campaign: senegal,
      format: FACT_FORMATS['meta-ads']!,
      file: `${I}/meta-localised.csv`,
      map,
    });
    assert.equal(r.ok, true);
    assert.deepEqual(await totalsBy(store, 'meta-ads'), { impressions: 280, reach: 150, spend: 2 });
    await store.close();
  });
});

/** What a report reads of a survey: respondents per wave, arm, cluster and day, and answers summed per item. */
async function surveyTotals(store: Store) {
  const responses = await store.db
    .selectFrom('survey_responses')
    .select(['wave', 'arm', 'cluster', 'day', sql<number>`count(*)`.as('n')])
    .groupBy(['wave', 'arm', 'cluster', 'day'])
    .orderBy(['wave', 'arm', 'cluster', 'day'])
    .execute();
  const answers = await store.db
    .selectFrom('survey_answers')
    .innerJoin('survey_responses', 'survey_responses.id', 'survey_answers.response_id')
    .select([
      'wave',
      'arm',
      'indicator',
      'item',
      sql<number>`count(*)`.as('n'),
      sql<number>`sum(value)`.as('sum'),
    ])
    .groupBy(['wave', 'arm', 'indicator', 'item'])
    .orderBy(['wave', 'arm', 'indicator', 'item'])
    .execute();
  const respondents = (
    await store.db.selectFrom('survey_responses').select('respondent').orderBy('respondent').execute()
  ).map((r) => r.respondent);
  return {
    responses: responses.map((r) => ({ ...r, n: Number(r.n) })),
    answers: answers.map((a) => ({ ...a, n: Number(a.n), sum: Number(a.sum) })),
    respondents,
  };
}

describe('one survey mapping for every tool that exports the XLSForm', () => {
  test('ODK Central export of the same form gives the same survey totals as the KoboToolbox export', async () => {
    const kobo = await fresh();
    const odk = await fresh();
    const k = await importSurvey({
      store: kobo,
      campaign: senegal,
      source: 'kobo',
      file: `${S}/kobo-survey-export.csv`,
      key: 'test-key',
    });
    const o = await importSurvey({
      store: odk,
      campaign: senegal,
      source: 'odk',
      file: `${S}/odk-central-survey-export.csv`,
      key: 'test-key',
    });
    assert.equal(o.ok, true, o.ok ? '' : (o.fatal ?? JSON.stringify(o.problems.slice(0, 3))));
    assert.equal(k.ok, true);
    const rows = parse(readFileSync(`${S}/odk-central-survey-export.csv`), {
      columns: true,
      bom: true,
    }) as Record<string, string>[];
    assert.equal(o.rowsAccepted, rows.filter((r) => r['consent'] === 'yes').length);
    const [fromKobo, fromOdk] = [await surveyTotals(kobo), await surveyTotals(odk)];
    assert.ok(fromKobo.answers.length > 0);
    assert.deepEqual(fromOdk.responses, fromKobo.responses);
    assert.deepEqual(fromOdk.answers, fromKobo.answers);
    assert.deepEqual(
      fromOdk.respondents,
      fromKobo.respondents,
      'Kobo _uuid and ODK KEY (uuid:…) are the same submission, so the same keyed hash',
    );
    await kobo.close();
    await odk.close();
  });

  test('the Kobo and the ODK Central export of one survey, both imported, store each submission once', async () => {
    const store = await fresh();
    await importSurvey({
      store,
      campaign: senegal,
      source: 'kobo',
      file: `${S}/kobo-survey-export.csv`,
      key: 'test-key',
    });
    const once = await surveyTotals(store);
    const o = await importSurvey({
      store,
      campaign: senegal,
      source: 'odk',
      file: `${S}/odk-central-survey-export.csv`,
      key: 'test-key',
    });
    assert.equal(o.ok, true);
    assert.match(
      o.ok ? (o.notes ?? []).join('\n') : '',
      new RegExp(
        `^${once.respondents.length} submission\\(s\\) were already imported from another tool's export`,
        'm',
      ),
    );
    assert.deepEqual(await surveyTotals(store), once);
    await store.close();
  });

  test('a KoboToolbox file imported as ODK Central is refused once, saying which tool it comes from', async () => {
    const store = await fresh();
    const r = await importSurvey({
      store,
      campaign: senegal,
      source: 'odk',
      file: `${S}/kobo-survey-export.csv`,
      key: 'k',
    });
    assert.equal(r.ok, false);
    assert.deepEqual(r.problems, []);
    assert.equal(
      !r.ok && r.fatal,
      'line 1: this looks like a KoboToolbox export (it has _uuid, _submission_time), not an ODK Central one (KEY, SubmissionDate); import it as kobo',
    );
    const back = await importSurvey({
      store,
      campaign: senegal,
      source: 'kobo',
      file: `${S}/odk-central-survey-export.csv`,
      key: 'k',
    });
    assert.equal(
      !back.ok && back.fatal,
      'line 1: this looks like an ODK Central export (it has KEY, SubmissionDate), not a KoboToolbox one (_uuid, _submission_time); import it as odk',
    );
    await store.close();
  });

  test("the mapping of earlier versions, which named Kobo's _uuid, still works for ODK Central", async () => {
    const store = await fresh();
    const campaign = structuredClone(senegal);
    campaign.evaluation.survey!.respondent = '_uuid';
    const r = await importSurvey({
      store,
      campaign,
      source: 'odk',
      file: `${S}/odk-central-survey-export.csv`,
      key: 'k',
    });
    assert.equal(r.ok, true);
    await store.close();
  });
});

describe('bad input and re-imports', () => {
  test('a file with bad rows is rejected whole, every bad row listed with line, column, value and expectation', async () => {
    const store = await fresh();
    const r = await importFacts({
      store,
      campaign: senegal,
      format: FACT_FORMATS['meta-ads']!,
      file: `${I}/meta-bad-rows.csv`,
    });
    assert.equal(r.ok, false);
    assert.deepEqual(r.problems, [
      { line: 3, column: 'Day', value: '2027-02-31', expected: 'expected a date like 2027-02-01' },
      {
        line: 4,
        column: 'Reach',
        value: 'lots',
        expected: 'expected a number of zero or more, like 1234 or 12.5',
      },
      {
        line: 5,
        column: 'Impressions',
        value: '-5',
        expected: 'expected a number of zero or more, like 1234 or 12.5',
      },
    ]);
    assert.deepEqual(await queryTotals(store, senegal.id, ['metric']), []);
    assert.equal(
      (await store.db.selectFrom('imports').select('id').execute()).length,
      0,
      'nothing in the ledger either',
    );
    await store.close();
  });

  test('--skip-invalid imports the good rows and records the rejected count', async () => {
    const store = await fresh();
    const r = await importFacts({
      store,
      campaign: senegal,
      format: FACT_FORMATS['meta-ads']!,
      file: `${I}/meta-bad-rows.csv`,
      skipInvalid: true,
    });
    assert.equal(r.ok, true);
    assert.deepEqual(await totalsBy(store, 'meta-ads'), { impressions: 280, reach: 150, spend: 2 });
    const ledger = await store.db
      .selectFrom('imports')
      .select(['rows_accepted', 'rows_rejected', 'file_name'])
      .executeTakeFirstOrThrow();
    assert.deepEqual({ ...ledger }, { rows_accepted: 2, rows_rejected: 3, file_name: 'meta-bad-rows.csv' });
    await store.close();
  });

  test('re-importing changes nothing; a newer export replaces only the days it covers', async () => {
    const store = await fresh();
    const opts = { store, campaign: senegal, format: FACT_FORMATS['meta-ads']! };
    await importFacts({ ...opts, file: `${S}/meta-ads-export.csv` });
    const before = await totalsBy(store, 'meta-ads', ['metric']);
    const again = await importFacts({ ...opts, file: `${S}/meta-ads-export.csv` });
    assert.equal(again.ok && again.result.unchanged, true);
    assert.deepEqual(await totalsBy(store, 'meta-ads', ['metric']), before);
    await importFacts({ ...opts, file: `${I}/meta-revised.csv` });
    const f = `${S}/meta-ads-export.csv`;
    const kept = sumColumn(f, 'Reach', ',', (r) => r['Day']! < '2027-02-27');
    assert.equal((await totalsBy(store, 'meta-ads'))['reach'], kept + 1500);
    await store.close();
  });

  test('a file of another format says which columns it expected', async () => {
    const store = await fresh();
    const r = await importFacts({
      store,
      campaign: senegal,
      format: FACT_FORMATS['inquiries']!,
      file: `${S}/meta-ads-export.csv`,
    });
    assert.equal(r.ok, false);
    assert.equal(
      !r.ok && r.fatal,
      'no header row found in the first 30 lines: expected a contact point inquiry log with columns such as "date", "count"; it looks like a Meta Ads Manager export: import it as meta-ads',
    );
    await store.close();
  });

  test('a file of no known format says which columns it expected', async () => {
    const store = await fresh();
    const r = await importFacts({
      store,
      campaign: senegal,
      format: FACT_FORMATS['inquiries']!,
      file: `${S}/kobo-survey-export.csv`,
    });
    assert.equal(
      !r.ok && r.fatal,
      'no header row found in the first 30 lines: expected a contact point inquiry log with columns such as "date", "count" (use --map "Your header=field" for other names)',
    );
    await store.close();
  });
});

describe('spend in another currency than the budget', () => {
  const usd = `${I}/meta-ads-usd.csv`;
  const usdRows = () => parse(readFileSync(usd), { columns: true, bom: true }) as Record<string, string>[];
  const cents = (v: number) => Math.round(v * 100) / 100;
  const withRates = (rates: { currency: string; rate: number; from?: string }[]) => {
    const c = structuredClone(senegal);
    c.budget!.rates = rates;
    return c;
  };

  test('converts with --rate: spend stored in EUR, the other metrics as they are, currency and rate in the ledger', async () => {
    const store = await fresh();
    const r = await importFacts({
      store,
      campaign: senegal,
      format: FACT_FORMATS['meta-ads']!,
      file: usd,
      rates: { USD: 0.92 },
    });
    assert.equal(r.ok, true, r.ok ? '' : r.fatal);
    const original = usdRows().reduce((s, row) => s + Number(row['Amount spent (USD)'] || 0), 0);
    const t = await totalsBy(store, 'meta-ads');
    assert.equal(t['spend'], cents(original * 0.92));
    assert.equal(t['reach'], sumColumn(usd, 'Reach'));
    assert.equal(t['impressions'], sumColumn(usd, 'Impressions'));
    const ledger = await store.db
      .selectFrom('imports')
      .select(['currency', 'rates'])
      .executeTakeFirstOrThrow();
    assert.deepEqual({ ...ledger }, { currency: 'USD', rates: '[{"from":null,"rate":0.92}]' });
    assert.equal(r.ok && cents(r.conversion!.original), cents(original));
    await store.close();
  });

  test('converts with the dated budget.rates of the campaign, each day at the rate in force', async () => {
    const store = await fresh();
    const campaign = withRates([
      { currency: 'USD', rate: 0.93, from: '2027-02-15' },
      { currency: 'USD', rate: 0.92, from: '2027-02-01' },
    ]);
    const r = await importFacts({ store, campaign, format: FACT_FORMATS['meta-ads']!, file: usd });
    assert.equal(r.ok, true, r.ok ? '' : r.fatal);
    const expected = usdRows().reduce(
      (s, row) => s + Number(row['Amount spent (USD)'] || 0) * (row['Day']! >= '2027-02-15' ? 0.93 : 0.92),
      0,
    );
    assert.equal((await totalsBy(store, 'meta-ads'))['spend'], cents(expected));
    await store.close();
  });

  test('without a rate: one file-level error that says what to add, nothing stored', async () => {
    const store = await fresh();
    const r = await importFacts({ store, campaign: senegal, format: FACT_FORMATS['meta-ads']!, file: usd });
    assert.equal(r.ok, false);
    assert.deepEqual(r.problems, [], 'not one problem per row');
    assert.equal(
      !r.ok && r.fatal,
      'spend is in USD (column "Amount spent (USD)") but the budget is in EUR: add budget.rates to campaigns/safe-journeys-senegal-2027/campaign.yaml (like "rates: [{ currency: USD, rate: <EUR per USD> }]"; "from" dates a rate) or pass --rate USD=<EUR per USD>',
    );
    assert.deepEqual(await queryTotals(store, senegal.id, ['metric']), []);
    assert.equal((await store.db.selectFrom('imports').select('id').execute()).length, 0);
    await store.close();
  });

  test('dated rates that start after the first day: one error naming the days not covered', async () => {
    const store = await fresh();
    const r = await importFacts({
      store,
      campaign: withRates([{ currency: 'USD', rate: 0.92, from: '2027-02-10' }]),
      format: FACT_FORMATS['meta-ads']!,
      file: usd,
    });
    assert.equal(r.ok, false);
    assert.deepEqual(r.problems, []);
    assert.equal(
      !r.ok && r.fatal,
      'spend is in USD but no USD rate covers 9 days (2027-02-01 to 2027-02-09): the first USD rate in budget.rates starts on 2027-02-10; add budget.rates to campaigns/safe-journeys-senegal-2027/campaign.yaml (like "rates: [{ currency: USD, rate: <EUR per USD>, from: 2027-02-01 }]"; "from" dates a rate) or pass --rate USD=<EUR per USD>',
    );
    await store.close();
  });

  test('a corrected rate for the same file replaces its days instead of being "already imported"', async () => {
    const store = await fresh();
    const opts = { store, campaign: senegal, format: FACT_FORMATS['meta-ads']!, file: usd };
    await importFacts({ ...opts, rates: { USD: 0.5 } });
    const again = await importFacts({ ...opts, rates: { USD: 0.92 } });
    assert.equal(again.ok && again.result.unchanged, false);
    const original = usdRows().reduce((s, row) => s + Number(row['Amount spent (USD)'] || 0), 0);
    assert.equal((await totalsBy(store, 'meta-ads'))['spend'], cents(original * 0.92));
    await store.close();
  });
});

describe('a problem of the whole file is reported once, not once per row', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cp-file-level-'));
  const tiktok = readFileSync(`${S}/tiktok-ads-export.csv`, 'utf8');

  const meta = readFileSync(`${S}/meta-ads-export.csv`, 'utf8');
  const mixed = `${tiktok
    .trimEnd()
    .split('\n')
    .map((l, i) => (i === 5 ? l.replace(/,EUR(?=\r?$)/, ',USD') : l))
    .join('\n')}\n`;
  // name, source, file content, --rate, the one error expected
  const cases: [string, string, string, Record<string, number> | undefined, string | RegExp][] = [
    [
      'a currency column in USD (TikTok) without a rate: one error with the line where it starts',
      'tiktok-ads',
      tiktok.replace(/,EUR(?=\r?$)/gm, ',USD'),
      undefined,
      /^spend is in USD \(line 2, column "Currency"\) but the budget is in EUR: add budget\.rates/,
    ],
    [
      'two currencies in one file',
      'tiktok-ads',
      mixed,
      { USD: 0.92 },
      'spend is in EUR (line 2, column "Currency") and in USD (line 6, column "Currency"); export one currency per file',
    ],
    [
      'a currency that is not an ISO 4217 code',
      'tiktok-ads',
      tiktok.replace(/,EUR(?=\r?$)/gm, ',US$$'),
      undefined,
      'line 2, column "Currency": "US$" is not a currency code; expected an ISO 4217 code in capitals, like EUR or USD',
    ],
    [
      'a missing column',
      'meta-ads',
      meta.replace(/^Reporting starts,Reporting ends,/, 'From,To,').replace(',Day,', ',When,'),
      undefined,
      'line 1: missing column "day" (a column named "day" or "date" or "reporting starts"); map a differently named column with --map "Header=field"',
    ],
    [
      'an export given under another source: one error naming the source it looks like',
      'meta-ads',
      tiktok,
      undefined,
      'line 1: missing column "day" (a column named "day" or "date" or "reporting starts"), "adSet" (a column named "ad set name" or "ad set" or "adset name"); it looks like a TikTok Ads Manager report: import it as tiktok-ads',
    ],
  ];
  cases.forEach(([name, source, content, rates, expected], i) => {
    test(name, async () => {
      const file = join(dir, `case-${i}.csv`);
      writeFileSync(file, content);
      const store = await fresh();
      const r = await importFacts({
        store,
        campaign: senegal,
        format: FACT_FORMATS[source]!,
        file,
        ...(rates && { rates }),
      });
      assert.equal(r.ok, false);
      assert.deepEqual(r.problems, []);
      const fatal = !r.ok ? (r.fatal ?? '') : '';
      if (typeof expected === 'string') assert.equal(fatal, expected);
      else assert.match(fatal, expected);
      await store.close();
    });
  });

  const cli = (...args: string[]) =>
    spawnSync(process.execPath, ['bin/counterpoint.js', 'import', ...args], {
      encoding: 'utf8',
      env: { ...process.env, DATABASE_URL: `sqlite:${join(dir, 'cli.db')}`, COUNTERPOINT_HASH_KEY: 'k' },
    });

  test('on the command line: one line for the file, exit 1, no stack trace; --rate imports it', () => {
    const refused = cli('meta-ads', `${I}/meta-ads-usd.csv`, '--campaign', 'safe-journeys-senegal-2027');
    assert.equal(refused.status, 1);
    assert.deepEqual(refused.stderr.trim().split('\n'), [
      `${I}/meta-ads-usd.csv: spend is in USD (column "Amount spent (USD)") but the budget is in EUR: add budget.rates to campaigns/safe-journeys-senegal-2027/campaign.yaml (like "rates: [{ currency: USD, rate: <EUR per USD> }]"; "from" dates a rate) or pass --rate USD=<EUR per USD>`,
    ]);
    const ok = cli(
      'meta-ads',
      `${I}/meta-ads-usd.csv`,
      '--campaign',
      'safe-journeys-senegal-2027',
      '--rate',
      'USD=0.92',
    );
    assert.equal(ok.status, 0, ok.stderr);
    assert.match(ok.stdout, /spend converted from [\d,.]+ USD to [\d,.]+ EUR at 0\.92 EUR per USD/);
  });

  test('on the command line: the same bad value on every row is one line with a count', () => {
    const file = join(dir, 'meta-reach-na.csv');
    const lines = readFileSync(`${S}/meta-ads-export.csv`, 'utf8').trimEnd().split('\n');
    const reach = lines[0]!.split(',').indexOf('Reach');
    writeFileSync(
      file,
      `${[
        lines[0],
        ...lines.slice(1).map((l) =>
          l
            .split(',')
            .map((c, i) => (i === reach ? 'n/a' : c))
            .join(','),
        ),
      ].join('\n')}\n`,
    );
    const r = cli('meta-ads', file, '--campaign', 'safe-journeys-senegal-2027');
    assert.equal(r.status, 1);
    assert.deepEqual(r.stderr.trim().split('\n'), [
      `${file}:2: Reach: n/a: expected a number of zero or more, like 1234 or 12.5 (and on ${lines.length - 2} more line(s) up to line ${lines.length})`,
      `${file}: ${lines.length - 1} bad row(s), 0 good: nothing was imported. Fix the rows, or import the good ones with --skip-invalid.`,
    ]);
  });

  test('on the command line: an unknown source, or a bad --rate, is one line', () => {
    const unknown = cli('facebook', `${I}/meta-ads-usd.csv`, '--campaign', 'safe-journeys-senegal-2027');
    assert.equal(unknown.status, 1);
    assert.deepEqual(unknown.stderr.trim().split('\n'), [
      'counterpoint import: name a source: meta-ads, tiktok-ads, google-ads, google-ads-keywords, activities, inquiries, kobo, odk (not "facebook")',
    ]);
    const badRate = cli(
      'meta-ads',
      `${I}/meta-ads-usd.csv`,
      '--campaign',
      'safe-journeys-senegal-2027',
      '--rate',
      'USD=0,92x',
    );
    assert.equal(badRate.status, 1);
    assert.deepEqual(badRate.stderr.trim().split('\n'), [
      'counterpoint import: --rate "USD=0,92x": expected a currency code and a rate above zero in the budget currency, like --rate USD=0.92 (EUR per USD)',
    ]);
  });
});
