import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { loadCampaigns } from '../../src/core/workspace/index.ts';
import { importSurvey } from '../../src/core/imports/index.ts';
import { openStore } from '../../src/core/metrics/index.ts';
import { buildReport, reportToCsv } from '../../src/core/report/index.ts';

/**
 * Issue 17: the survey flow per arm, community and wave (CONSORT), and the disclosure rule it brings with
 * it: a community's small yes or no count takes the effect with it, since the clustered SEs, the
 * bootstrap and the ICC are functions of the communities' shares, whose sizes the flow shows.
 */
const dir = mkdtempSync(join(tmpdir(), 'cp-flow-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const loaded = loadCampaigns('campaigns').campaigns.find(
  (x) => x.campaign.id === 'safe-journeys-senegal-2027',
)!;

/** The Kobo sample, each data row passed through `edit` (fields by column name); null drops the row. */
async function reportOf(
  name: string,
  edit: (get: (f: string) => string, set: (f: string, v: string) => void) => boolean,
) {
  const lines = readFileSync('tests/fixtures/samples/kobo-survey-export.csv', 'utf8').split(/\r?\n/);
  const head = lines[0]!.split(';');
  const col = (f: string) => head.findIndex((h) => h === f || h.endsWith(`/${f}`));
  const out = [lines[0]!];
  for (const l of lines.slice(1)) {
    if (!l) continue;
    const row = l.split(';');
    const keep = edit(
      (f) => row[col(f)]!,
      (f, v) => {
        row[col(f)] = v;
      },
    );
    if (keep) out.push(row.join(';'));
  }
  const file = join(dir, `${name}.csv`);
  writeFileSync(file, out.join('\r\n'));
  const store = await openStore(`sqlite:${join(dir, `${name}.db`)}`);
  try {
    assert.equal(
      (await importSurvey({ store, campaign: loaded.campaign, source: 'kobo', file, key: 'k' })).ok,
      true,
    );
    return await buildReport(store, loaded);
  } finally {
    await store.close();
  }
}

describe('survey flow (CONSORT) per arm, community and wave', () => {
  test('the sample: eight rows whose consented counts add up to each wave × arm cell, with answers per indicator', async () => {
    const r = await reportOf('sample', () => true);
    assert.equal(r.flow.length, 8);
    const intention = r.outcomes.find((o) => o.indicator === 'intention')!;
    for (const cell of intention.cells) {
      const rows = r.flow.filter((f) => f.wave === cell.wave && f.arm === cell.arm);
      assert.equal(rows.length, 2);
      assert.equal(
        rows.reduce((s, f) => s + f.respondents.value!, 0),
        cell.value.n.value,
      );
    }
    const pikine = r.flow.find((f) => f.cluster === 'pikine' && f.wave === 'baseline')!;
    assert.deepEqual(
      pikine.analysed.map((a) => [a.indicator, a.analysed]),
      [
        ['exposure-recall', false],
        ['intention', true],
        ['knowledge', true],
        ['risk-perception', true],
      ],
    );
    assert.match(reportToCsv(r), /\nflow,treatment pikine baseline,respondents \(consented\),60,/);
  });

  test('a community with few respondents is "<10" and its neighbour in the arm is withheld with it', async () => {
    let kept = 0;
    const r = await reportOf('small-community', (get) => {
      if (get('community') !== 'mbour' || get('survey_round') !== 'endline') return true;
      return kept++ < 6;
    });
    const rows = r.flow.filter((f) => f.wave === 'endline' && f.arm === 'control');
    assert.deepEqual(rows.map((f) => [f.cluster, f.respondents.display]).sort(), [
      ['mbour', '<10'],
      ['rufisque', 'withheld'],
    ]);
    for (const f of rows) for (const a of f.answered) assert.equal(a.count.value, null);
  });
});

describe('a community whose share is under 10 either way withholds the effect', () => {
  test('3 of 60 in Pikine intend to leave at baseline (the arm has 24 of 119): cells shown, effect withheld', async () => {
    let yes = 0;
    const r = await reportOf('small-share', (get, set) => {
      if (get('community') === 'pikine' && get('survey_round') === 'baseline' && get('consent') === 'yes')
        set('intend_irregular', yes++ < 3 ? 'yes' : 'no');
      return true;
    });
    const o = r.outcomes.find((x) => x.indicator === 'intention')!;
    assert.ok(
      o.cells.every((c) => c.value.estimate !== null),
      'the arm-level shares are 10 or more either way',
    );
    assert.equal(o.effect, null);
    assert.deepEqual(
      o.notes.map((n) => n.key),
      ['dashboard.evidence.effectWithheldCluster'],
    );
  });
});
