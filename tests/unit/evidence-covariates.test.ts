import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { loadCampaigns } from '../../src/core/workspace/index.ts';
import { importSurvey } from '../../src/core/imports/index.ts';
import { ageBand } from '../../src/core/imports/survey-covariates.ts';
import { openStore } from '../../src/core/metrics/index.ts';
import { querySurveyCovariates } from '../../src/core/metrics/queries/survey-covariates.ts';
import { queryDontKnowAnswers } from '../../src/core/metrics/queries/survey-dont-know.ts';

/**
 * Issue 17, evidence item 1: the survey import keeps each respondent's age (as a band only), gender and
 * language, and marks "don't know" answers, on a real SQLite file, from both tools' exports.
 */
const senegal = loadCampaigns('campaigns').campaigns.find(
  (c) => c.campaign.id === 'safe-journeys-senegal-2027',
)!.campaign;
const S = 'tests/fixtures/samples';
const dir = mkdtempSync(join(tmpdir(), 'cp-covariates-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const fresh = () => openStore(`sqlite:${join(dir, `s${n++}.db`)}`);
// On PostgreSQL too where TEST_POSTGRES_URL names a database: the campaign's survey rows emptied first.
const pgUrl = process.env['TEST_POSTGRES_URL'];
const freshPg = async () => {
  const store = await openStore(pgUrl!);
  const ids = store.db.selectFrom('survey_responses').select('id').where('campaign', '=', senegal.id);
  await store.db.deleteFrom('survey_answers').where('response_id', 'in', ids).execute();
  await store.db.deleteFrom('survey_responses').where('campaign', '=', senegal.id).execute();
  await store.db.deleteFrom('imports').where('campaign', '=', senegal.id).execute();
  return store;
};
const kobo = () =>
  (
    parse(readFileSync(`${S}/kobo-survey-export.csv`), {
      columns: true,
      delimiter: ';',
      bom: true,
    }) as Record<string, string>[]
  ).filter((r) => r['consent'] === 'yes');

describe('survey covariates', () => {
  for (const [age, band] of [
    [14, '<15'],
    [15, '15-17'],
    [17, '15-17'],
    [18, '18-24'],
    [24, '18-24'],
    [25, '25-34'],
    [34, '25-34'],
    [35, '35+'],
    [90, '35+'],
  ] as const)
    test(`age ${age} is stored as the band ${band}`, () =>
      assert.equal(ageBand(age, [15, 18, 25, 35]), band));

  const backEnds = pgUrl ? (['sqlite', 'postgres'] as const) : (['sqlite'] as const);
  for (const backEnd of backEnds)
    for (const source of ['kobo', 'odk'] as const)
      test(`${source} (${backEnd}): age band, gender and language per respondent, as the file says; no age in years`, async () => {
        const store = backEnd === 'postgres' ? await freshPg() : await fresh();
        const file = source === 'kobo' ? `${S}/kobo-survey-export.csv` : `${S}/odk-central-survey-export.csv`;
        const r = await importSurvey({ store, campaign: senegal, source, file, key: 'k' });
        assert.equal(r.ok, true, JSON.stringify(r));
        const rows = await querySurveyCovariates(store, senegal.id);
        const tally = (xs: (string | null)[]) => {
          const m: Record<string, number> = {};
          for (const x of xs) m[x ?? 'null'] = (m[x ?? 'null'] ?? 0) + 1;
          return m;
        };
        const file_ = kobo();
        const band = (a: string) => (a === '' ? '' : ageBand(Number(a), [15, 18, 25, 35]));
        assert.deepEqual(
          tally(rows.map((x) => x.age_band)),
          tally(file_.map((x) => band(x['group_profile/age']!))),
        );
        assert.deepEqual(
          tally(rows.map((x) => x.gender)),
          tally(file_.map((x) => x['group_profile/gender']!)),
        );
        assert.deepEqual(
          tally(rows.map((x) => x.language)),
          tally(file_.map((x) => x['group_profile/language']!)),
        );
        const all = JSON.stringify(await store.db.selectFrom('survey_responses').selectAll().execute());
        assert.ok(!/"(1[6-9]|2\d|3[0-4])"/.test(all), 'no age in years is stored');
        await store.close();
      });

  test('"don\'t know" answers are stored marked, scored as values says (0 for intention)', async () => {
    const store = await fresh();
    await importSurvey({
      store,
      campaign: senegal,
      source: 'kobo',
      file: `${S}/kobo-survey-export.csv`,
      key: 'k',
    });
    const dk = await queryDontKnowAnswers(store, senegal.id);
    const inFile = kobo().filter((x) => x['group_intention/intend_irregular'] === 'dont_know').length;
    assert.equal(inFile, 75);
    assert.equal(dk.length, inFile);
    assert.ok(dk.every((a) => a.indicator === 'intention' && a.item === 'intend_irregular'));
    const values = await store.db
      .selectFrom('survey_answers')
      .select('value')
      .where('dont_know', '=', 1)
      .execute();
    assert.ok(values.every((v) => Number(v.value) === 0));
    await store.close();
  });

  test('an age that is not whole years and a free-text gender are refused, naming line, column and value', async () => {
    const store = await fresh();
    const r = await importSurvey({
      store,
      campaign: senegal,
      source: 'kobo',
      file: 'tests/fixtures/imports/kobo-bad-covariates.csv',
      key: 'k',
    });
    assert.equal(r.ok, false);
    assert.deepEqual(
      r.problems.map((p) => [p.line, p.column, p.value, p.expected]),
      [
        [2, 'group_profile/age', 'nineteen', 'expected an age in whole years from 0 to 120'],
        [
          3,
          'group_profile/gender',
          'woman, lives by the market',
          'expected a choice name (letters, digits, _ . -; at most 40 characters)',
        ],
        [4, 'group_profile/age', '19.5', 'expected an age in whole years from 0 to 120'],
      ],
    );
    assert.equal((await querySurveyCovariates(store, senegal.id)).length, 0, 'nothing half-written');
    await store.close();
  });

  test('a dontKnow answer not among the values is a campaign error saying what to write', async () => {
    const { EvaluationSchema } = await import('../../src/core/campaign/schema/evaluation.ts');
    const r = EvaluationSchema.safeParse({
      design: 'pre-post',
      survey: {
        wave: { column: 'w', baseline: ['b'], endline: ['e'] },
        items: [{ column: 'q', indicator: 'intention', values: { yes: 1, no: 0 }, dontKnow: ['dk'] }],
      },
    });
    assert.equal(r.success, false);
    assert.match(r.error!.issues[0]!.message, /"dk" is not among this question's values/);
    assert.deepEqual(r.error!.issues[0]!.path, ['survey', 'items', 0, 'dontKnow']);
  });
});
