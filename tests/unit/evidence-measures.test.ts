import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { loadCampaigns } from '../../src/core/workspace/index.ts';
import { importSurvey } from '../../src/core/imports/index.ts';
import { openStore } from '../../src/core/metrics/index.ts';
import { buildReport, compareCampaigns, type Report, reportToCsv } from '../../src/core/report/index.ts';
import {
  cohenH,
  cronbachAlpha,
  estimateIcc,
  fQuantile,
  iccInterval,
  standardisedDiD,
} from '../../src/core/stats/index.ts';

/** Issue 17, what a methods reviewer asks for next, each against a published value or another route. */

describe("Cohen's h and standardised DiD", () => {
  // Cohen (1988), Table 6.2.1: φ = 2 arcsin √P is 1.5708 at .50, 1.3694 at .40, 1.8755 at .65, 1.4706 at .45.
  for (const [p1, p2, h] of [
    [0.5, 0.4, 1.5708 - 1.3694],
    [0.65, 0.45, 1.8755 - 1.4706],
    [0.4, 0.5, 1.3694 - 1.5708],
  ] as const)
    test(`h(${p1}, ${p2}) = ${h.toFixed(4)} from Cohen's table of φ`, () =>
      assert.ok(Math.abs(cohenH(p1, p2) - h) < 1e-4, `${cohenH(p1, p2)}`));

  test("a share's DiD in h: the difference of the arms' changes on the arcsine scale", () => {
    const share = (x: number, n = 10) => Array.from({ length: n }, (_, i) => (i < x ? 1 : 0));
    // Treated 40 % → 65 %, control 45 % → 50 %: (1.8755 − 1.3694) − (1.5708 − 1.4706), Cohen's φ.
    const h = standardisedDiD('share', {
      treatedBase: share(8, 20),
      treatedEnd: share(13, 20),
      controlBase: share(9, 20),
      controlEnd: share(10, 20),
    })!;
    assert.ok(Math.abs(h - (1.8755 - 1.3694 - (1.5708 - 1.4706))) < 2e-4, `${h}`);
  });

  test('a scale in baseline SD units (hand computation: DiD 3, pooled baseline SD 1)', () => {
    const d = standardisedDiD('mean', {
      treatedBase: [1, 2, 3],
      controlBase: [2, 3, 4],
      treatedEnd: [4, 5, 6],
      controlEnd: [2, 3, 4],
    });
    assert.equal(d, 3);
    assert.equal(
      standardisedDiD('mean', {
        treatedBase: [2, 2],
        controlBase: [2, 2],
        treatedEnd: [1, 3],
        controlEnd: [2, 3],
      }),
      null,
      'no baseline SD, no SD units',
    );
  });
});

describe('observed ICC with its F interval', () => {
  test('F quantiles match the printed tables: F.95(3, 10) = 3.71, F.975(5, 18) = 3.38', () => {
    assert.equal(fQuantile(0.95, 3, 10).toFixed(2), '3.71');
    assert.equal(fQuantile(0.975, 5, 18).toFixed(2), '3.38');
  });
  test("Shrout & Fleiss (1979) Table 2: ICC(1,1) 0.17, F 1.79, 95 % interval −0.13 to 0.72 as R's psych::ICC prints", () => {
    const ratings = [
      [9, 2, 5, 8],
      [6, 1, 3, 2],
      [8, 4, 6, 8],
      [7, 1, 2, 6],
      [10, 5, 6, 9],
      [6, 2, 4, 7],
    ];
    const values = ratings.flat();
    const targets = ratings.flatMap((r, i) => r.map(() => `t${i}`));
    const r = iccInterval(values, targets);
    assert.deepEqual(
      [r.icc, r.f, r.lower!, r.upper!].map((v) => v.toFixed(2)),
      ['0.17', '1.79', '-0.13', '0.72'],
    );
    assert.equal(r.icc, estimateIcc(values, targets).icc, 'the same estimate as estimateIcc');
  });
});

describe("Cronbach's alpha", () => {
  const rows = [
    [1, 1, 0],
    [1, 1, 1],
    [0, 0, 0],
    [1, 0, 1],
    [0, 1, 0],
    [1, 1, 1],
    [0, 0, 1],
    [1, 1, 0],
  ];
  test('equals the covariance-matrix form k/(k − 1) · (1 − trace C / sum of C) (Cronbach 1951, eq. 2)', () => {
    const k = 3;
    const n = rows.length;
    const mean = (i: number) => rows.reduce((s, r) => s + r[i]!, 0) / n;
    let trace = 0;
    let total = 0;
    for (let i = 0; i < k; i++)
      for (let j = 0; j < k; j++) {
        const c = rows.reduce((s, r) => s + (r[i]! - mean(i)) * (r[j]! - mean(j)), 0) / (n - 1);
        total += c;
        if (i === j) trace += c;
      }
    const expected = (k / (k - 1)) * (1 - trace / total);
    assert.ok(Math.abs(cronbachAlpha(rows)! - expected) < 1e-12, `${cronbachAlpha(rows)} vs ${expected}`);
  });
  test('parallel items give 1; one item or no variation gives none', () => {
    assert.equal(
      cronbachAlpha([
        [1, 1],
        [0, 0],
        [1, 1],
      ]),
      1,
    );
    assert.equal(cronbachAlpha([[1], [0], [1]]), null);
    assert.equal(
      cronbachAlpha([
        [1, 1],
        [1, 1],
        [1, 1],
      ]),
      null,
    );
  });
});

describe('the report carries them, and the comparison marks unreliable effects', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cp-measures-'));
  const loaded = loadCampaigns('campaigns').campaigns.find(
    (x) => x.campaign.id === 'safe-journeys-senegal-2027',
  )!;
  let report: Report;
  before(async () => {
    const store = await openStore(`sqlite:${join(dir, 'r.db')}`);
    try {
      const file = 'tests/fixtures/samples/kobo-survey-export.csv';
      const r = await importSurvey({ store, campaign: loaded.campaign, source: 'kobo', file, key: 'k' });
      assert.equal(r.ok, true);
      report = await buildReport(store, loaded);
    } finally {
      await store.close();
    }
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test("intention: Cohen's h from its shown cells, the observed baseline ICC beside the plan's 0.05", () => {
    const o = report.outcomes.find((x) => x.indicator === 'intention')!;
    const cell = (wave: string, arm: string) =>
      o.cells.find((c) => c.wave === wave && c.arm === arm)!.value.estimate!;
    const h =
      cohenH(cell('endline', 'treatment'), cell('baseline', 'treatment')) -
      cohenH(cell('endline', 'control'), cell('baseline', 'control'));
    assert.deepEqual(o.effect!.standardised!.measure, 'cohen-h');
    assert.ok(Math.abs(o.effect!.standardised!.value - h) < 1e-12);
    const icc = o.effect!.icc!;
    assert.deepEqual([icc.planned, icc.assumed, icc.clusters], [0.05, false, 4]);
    assert.ok(icc.lower! <= icc.observed && icc.observed <= icc.upper!);
  });

  test("knowledge: Cronbach's alpha of its three items; risk perception in SD units", () => {
    const k = report.outcomes.find((x) => x.indicator === 'knowledge')!;
    assert.equal(k.reliability!.items, 3);
    assert.ok(k.reliability!.alpha <= 1);
    const r = report.outcomes.find((x) => x.indicator === 'risk-perception')!;
    assert.equal(r.effect!.standardised!.measure, 'sd-units');
  });

  test('the CSV has a row for each', () => {
    const csv = reportToCsv(report);
    assert.match(csv, /\neffect-size,intention,cohen-h,-?0\.\d+,/);
    assert.match(csv, /\neffect-icc,intention,intra-cluster correlation observed at baseline,/);
    assert.match(csv, /\nreliability,knowledge,Cronbach's alpha,-?0\.\d+,,,473,/);
  });

  test('the comparison marks every unreliable effect, and the withheld one as withheld', () => {
    const [row] = compareCampaigns([report], 'title');
    assert.deepEqual(
      row!.effects.map((e) => [e.indicator, e.mark]),
      [
        ['exposure-recall', 'withheld'],
        ['intention', 'unreliable'],
        ['knowledge', 'unreliable'],
        ['risk-perception', 'unreliable'],
      ],
    );
    assert.equal(row!.effects[0]!.estimate, null, 'no +60.7 pp');
  });
});
