import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { loadCampaigns } from '../../src/core/workspace/index.ts';
import type { SurveyAnswerRow } from '../../src/core/metrics/index.ts';
import { describeBootstrap, describeRandomisation, formatP } from '../../src/core/report/index.ts';
import { buildOutcomes } from '../../src/core/report/outcomes.ts';

const senegal = loadCampaigns('campaigns').campaigns.find(
  (c) => c.campaign.id === 'safe-journeys-senegal-2027',
)!.campaign;

/** Intention answers of the Kobo sample as the store returns them, for the communities asked for. */
function intention(communities: string[]): SurveyAnswerRow[] {
  const [head, ...rows] = readFileSync('tests/fixtures/samples/kobo-survey-export.csv', 'utf8')
    .trim()
    .split('\n')
    .map((l) => l.split(';'));
  const col = (f: string) => head!.findIndex((h) => h === f || h.endsWith(`/${f}`));
  const [consent, wave, community, intend] = ['consent', 'survey_round', 'community', 'intend_irregular'].map(
    col,
  );
  return rows
    .filter((r) => r[consent!] === 'yes' && communities.includes(r[community!]!))
    .map((r, i) => ({
      response_id: i,
      wave: r[wave!]!,
      arm: ['pikine', 'guediawaye'].includes(r[community!]!) ? 'treatment' : 'control',
      cluster: r[community!]!,
      indicator: 'intention',
      item: 'intend_irregular',
      value: Number(r[intend!] === 'yes'),
    }));
}

describe('one community per arm', () => {
  const plan = {
    ...senegal,
    evaluation: {
      ...senegal.evaluation,
      clusters: { unit: 'community', treatment: ['pikine'], control: ['mbour'], assign: [] },
    },
  };
  const [o] = buildOutcomes(plan, intention(['pikine', 'mbour']));

  test('gives the estimate alone: no interval, no p-value, no MDE, and says why in plain words', async () => {
    const e = o!.effect!;
    assert.ok(Number.isFinite(e.estimate));
    assert.deepEqual([e.lower, e.upper, e.p, e.mde], [null, null, null, null]);
    assert.equal(e.unreliable, true);
    assert.match(
      e.reasons[0]!,
      /^Only one community in the reached arm: the campaign's effect cannot be told apart/,
    );
    assert.equal(
      describeBootstrap(e.bootstrap!),
      '— (nothing to test: the clustered standard error is zero with one cluster per arm)',
    );
    assert.equal(
      describeRandomisation(e.randomisation!),
      '1/1, the smallest this design allows with 2 assignments',
    );
    const { ReportSchema } = await import('../../src/core/report/index.ts');
    assert.equal(
      ReportSchema.shape.outcomes.parse([o]).length,
      1,
      'the report schema accepts an effect without an interval',
    );
  });
});

describe('counterpoint report on a survey of one community per arm', () => {
  test('the HTML (and so the PDF) shows the estimate with no interval and the reason', () => {
    const root = mkdtempSync(join(tmpdir(), 'cp-one-'));
    cpSync('campaigns', join(root, 'campaigns'), { recursive: true });
    const yaml = join(root, 'campaigns', senegal.id, 'campaign.yaml');
    writeFileSync(
      yaml,
      readFileSync(yaml, 'utf8')
        .replace(
          'treatment: [pikine, guediawaye]\n    control: [rufisque, mbour]',
          'treatment: [pikine]\n    control: [mbour]',
        )
        .replace(
          'treatment: [pikine, guediawaye], control: [rufisque, mbour]',
          'treatment: [pikine], control: [mbour]',
        ),
    );
    const lines = readFileSync('tests/fixtures/samples/kobo-survey-export.csv', 'utf8').trim().split('\n');
    const survey = join(root, 'two-communities.csv');
    writeFileSync(survey, [lines[0], ...lines.slice(1).filter((l) => /;(pikine|mbour);/.test(l))].join('\n'));
    const env = {
      ...process.env,
      COUNTERPOINT_CAMPAIGNS: join(root, 'campaigns'),
      DATABASE_URL: `sqlite:${join(root, 'r.db')}`,
      COUNTERPOINT_HASH_KEY: 'k',
    };
    const run = (...args: string[]) =>
      spawnSync(process.execPath, ['bin/counterpoint.js', ...args], { encoding: 'utf8', env });
    assert.equal(run('import', 'kobo', survey, '--campaign', senegal.id).status, 0);
    const r = run('report', senegal.id, '--format', 'html');
    assert.equal(r.status, 0, r.stderr);
    assert.match(
      r.stdout,
      /<h3>intention <small>\(primary indicator\)<\/small><\/h3><p><strong>Effect: -?\d+\.\d pp<\/strong>, no interval: the design allows none, p = —;/,
    );
    assert.match(
      r.stdout,
      /<tr><th scope="row">Cluster-robust CR1<\/th><td>—<\/td><td>—<\/td><td>—<\/td>/,
      'no false precision from a zero CR1',
    );
    assert.match(
      r.stdout,
      /<li>Only one cluster \(community\) in the reached arm: the campaign(?:'|&#39;)s effect cannot be told apart from whatever else distinguishes it/,
    );
  });
});

describe('without a primary indicator in the plan', () => {
  test('every indicator is secondary and Holm-adjusted', () => {
    const { primary: _, ...evaluation } = senegal.evaluation;
    const outcomes = buildOutcomes(
      { ...senegal, evaluation },
      intention(['pikine', 'guediawaye', 'rufisque', 'mbour']),
    );
    assert.equal(outcomes[0]!.role, 'secondary');
    // One test in the family: Holm leaves its p-value as it is.
    assert.equal(outcomes[0]!.effect!.pAdjusted, outcomes[0]!.effect!.p);
  });
});

describe('p-values as the report prints them', () => {
  for (const [p, shown] of [
    [0.6199, '0.62'],
    [0.0481, '0.048'],
    [0.0004, '< 0.001'],
    [null, '—'],
    [Number.NaN, '—'],
    [1, '1.00'],
  ] as const) {
    test(`${p} → ${shown}`, () => assert.equal(formatP(p), shown));
  }
  const base = { pAdjusted: null, seed: null, statistic: 'coefficient', assignment: '' };
  for (const [r, shown] of [
    [
      { ...base, p: 2 / 6, assignments: 6, used: 6, enumerated: true, minimumP: 2 / 6 },
      '1/3, the smallest this design allows with 6 assignments',
    ],
    [
      { ...base, p: 4 / 6, assignments: 6, used: 6, enumerated: true, minimumP: 2 / 6 },
      '2/3 (4 of 6 assignments at least as extreme; the smallest this design allows is 1/3)',
    ],
    [
      { ...base, p: 0.0421, assignments: 184_756, used: 10_000, enumerated: false, minimumP: 1e-4, seed: 7 },
      '0.042 (from 9,999 random assignments of the 184,756 possible, seed 7; the smallest it can give is < 0.001)',
    ],
  ] as const) {
    test(`randomisation: ${shown}`, () => assert.equal(describeRandomisation(r), shown));
  }
});
