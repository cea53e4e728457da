import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { loadCampaigns } from '../../src/core/workspace/index.ts';
import { importSurvey } from '../../src/core/imports/index.ts';
import { openStore } from '../../src/core/metrics/index.ts';
import { buildReport, reportToCsv } from '../../src/core/report/index.ts';
import {
  type DidObservation,
  designMinimumDetectableEffect,
  estimateClusteredDiD,
  estimateDiD,
  prePostChange,
  randomisationTestDiD,
  seededRandom,
  wildBootstrapDiD,
} from '../../src/core/stats/index.ts';

/**
 * Issue 17, degenerate data: where a formula would print rounding noise (SE 3e-16, p 1e-31), a literal
 * NaN or a zero MDE, the statistics refuse, and the report says why with a message key.
 */

/** Four communities (two per arm) × two waves × `m` respondents, each answer from `y`. */
function survey(
  y: (treated: boolean, post: boolean, i: number, cluster: string) => number,
  clusters = ['a', 'b', 'c', 'd'],
  m = 20,
): DidObservation[] {
  const treatedOnes = clusters.slice(0, clusters.length / 2);
  const out: DidObservation[] = [];
  for (const cluster of clusters)
    for (const post of [false, true])
      for (let i = 0; i < m; i++) {
        const treated = treatedOnes.includes(cluster);
        out.push({ y: y(treated, post, i, cluster), treated, post, cluster });
      }
  return out;
}

describe('the statistics refuse instead of printing rounding noise', () => {
  test('all answers identical: no SE, interval or p-value from the CR2 fit, the unclustered one, or before/after', () => {
    const obs = survey(() => 1);
    const e = estimateClusteredDiD(obs);
    assert.equal(e.refusal?.key, 'dashboard.evidence.refused.noVariation');
    assert.deepEqual([e.lower, e.upper, e.p], [null, null, null]);
    assert.ok(Number.isNaN(e.se) && Number.isNaN(e.cr1.se) && Number.isNaN(e.hc2.se));
    const u = estimateDiD(obs);
    assert.equal(u.refusal?.key, 'dashboard.evidence.refused.noVariation');
    assert.ok(Number.isNaN(u.se) && Number.isNaN(u.mde), 'no MDE of 0');
    const pp = prePostChange([2, 2, 2], [2, 2, 2]);
    assert.equal(pp.refusal?.key, 'dashboard.evidence.refused.noVariation');
  });

  test('no variation within any wave × arm: no SE of 1e-31 and p of 1e-62, a refusal', () => {
    const obs = survey((t, p) => (t && p ? 1 : 0));
    const e = estimateClusteredDiD(obs);
    assert.equal(e.refusal?.key, 'dashboard.evidence.refused.noVariationWithinGroups');
    assert.equal(e.p, null);
    assert.equal(e.clusteredBelowUnclustered, false);
    assert.equal(estimateDiD(obs).refusal?.key, 'dashboard.evidence.refused.noVariationWithinGroups');
  });

  test('one cluster per arm: CR1 from the module is refused, not 8e-17', () => {
    const obs = survey((_t, _p, i) => (i % 3 === 0 ? 1 : 0), ['a', 'c']);
    const crude = estimateDiD(obs, { clustered: true });
    assert.equal(crude.refusal?.key, 'dashboard.evidence.refused.oneClusterInArm');
    assert.deepEqual(crude.refusal?.values, { nTreated: 1, nControl: 1 });
    assert.ok(Number.isNaN(crude.se));
    const e = estimateClusteredDiD(obs);
    assert.ok(Number.isNaN(e.cr1.se) && Number.isNaN(e.cr1.p), `${e.cr1.se}`);
    assert.ok(Number.isFinite(e.hc2.se), 'the unclustered HC2 SE stays: it is not noise');
  });

  test('data that vary are not refused (the refusal cannot fire on ordinary data)', () => {
    const obs = survey((t, p, i, c) => ((i + c.charCodeAt(0) + (t && p ? 3 : 0)) % 5 < 2 ? 1 : 0));
    assert.equal(estimateClusteredDiD(obs).refusal, null);
    assert.equal(estimateDiD(obs).refusal, null);
  });
});

describe('one p-value convention: (1 + count) / (1 + B)', () => {
  // Irregular answers 0…4 (a regular pattern would give every cluster the same mean and a zero SE).
  const random = seededRandom(11);
  const noises = new Map<string, number>();
  const noise = (i: number, c: string, post: boolean) => {
    const key = `${c}${i}${post}`;
    if (!noises.has(key)) noises.set(key, random.below(5));
    return noises.get(key)!;
  };
  // Eight clusters: 6⁸ Webb weight vectors are more than the enumeration bound, so B draws are used.
  const obs = survey(
    (t, p, i, c) => (t && p ? 10 : 0) + noise(i, c, p),
    ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'],
    10,
  );
  test('the bootstrap counts the observed sample as a draw: a huge effect gives 1/(B + 1), never 0', () => {
    const b = wildBootstrapDiD(obs, { draws: 99, seed: 3 });
    assert.equal(b.enumerated, false);
    assert.equal(b.p, 1 / 100);
  });
  test('randomisation inference from draws gives the same form', () => {
    const r = randomisationTestDiD(obs, { enumerateUpTo: 10, draws: 99, seed: 3 });
    assert.equal(r.enumerated, false);
    // The observed assignment and any draw of it or its mirror (arms swapped) count: a multiple of 1/100.
    const k = r.p * 100;
    assert.ok(Math.abs(k - Math.round(k)) < 1e-9 && k >= 1 && r.p < 0.1, `${r.p}`);
  });
  test('with no effect both p-values are multiples of 1/(B + 1)', () => {
    const flat = survey((_t, p, i, c) => noise(i, c, !p), ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'], 10);
    const b = wildBootstrapDiD(flat, { draws: 99, seed: 3 });
    const k = b.p! * 100;
    assert.ok(Math.abs(k - Math.round(k)) < 1e-9 && k >= 1, `${b.p}`);
  });
});

describe('the MDE of a share uses the variance the design implies under the effect', () => {
  // t quantiles from published tables (R: qt(0.975, 18) = 2.100922, qt(0.8, 18) = 0.8620368).
  const M = 2.100922 + 0.8620368;
  test('baseline 0: not 0 but the closed form δ = M²k / (1 + M²k), k = DE/(J·m) (solved by hand)', () => {
    // DiD with 10 clusters per arm of 20: SE(δ)² = k·δ(1 − δ), k = (1 + 19·0.05)/(10·20).
    const k = (1 + 19 * 0.05) / 200;
    const plain = designMinimumDetectableEffect({
      design: 'difference-in-differences',
      clustersPerArm: 10,
      respondentsPerCluster: 20,
      icc: 0.05,
      baseline: 0,
    });
    assert.equal(plain.mde, 0, 'what p(1 − p) alone gives');
    const d = designMinimumDetectableEffect({
      design: 'difference-in-differences',
      clustersPerArm: 10,
      respondentsPerCluster: 20,
      icc: 0.05,
      baseline: 0,
      varianceUnderEffect: true,
    });
    const expected = (M * M * k) / (1 + M * M * k);
    assert.ok(Math.abs(d.mde - expected) < 1e-6, `${d.mde} vs ${expected}`);
  });
  test('a low baseline gets a larger MDE than p(1 − p) gave; a design that cannot move the share says so (NaN)', () => {
    const base = { design: 'difference-in-differences' as const, respondentsPerCluster: 60, icc: 0.05 };
    // Baseline 2 %: 9.7 pp instead of 6.7 pp with p(1 − p) alone.
    const low = { ...base, clustersPerArm: 10, baseline: 0.02 };
    assert.ok(
      designMinimumDetectableEffect({ ...low, varianceUnderEffect: true }).mde >
        1.3 * designMinimumDetectableEffect(low).mde,
    );
    // Two communities per arm, 2 df (the Senegal plan): no share between 0 and 1 is far enough.
    const senegal = { ...base, clustersPerArm: 2, baseline: 0.39, varianceUnderEffect: true };
    assert.ok(Number.isNaN(designMinimumDetectableEffect(senegal).mde));
  });
});

describe('the report refuses in words on degenerate survey answers', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cp-degenerate-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const loaded = loadCampaigns('campaigns').campaigns.find(
    (x) => x.campaign.id === 'safe-journeys-senegal-2027',
  )!;
  /** The Kobo sample with risk perception rewritten by `risk(wave, community)`. */
  async function reportWith(name: string, risk: (wave: string, community: string, i: number) => string) {
    const lines = readFileSync('tests/fixtures/samples/kobo-survey-export.csv', 'utf8').split(/\r?\n/);
    const head = lines[0]!.split(';');
    const [w, c, r] = ['survey_round', 'community', 'risk_perception'].map((f) =>
      head.findIndex((h) => h.endsWith(`/${f}`)),
    );
    const out = lines.map((l, i) => {
      if (i === 0 || !l) return l;
      const f = l.split(';');
      f[r!] = risk(f[w!]!, f[c!]!, i);
      return f.join(';');
    });
    const file = join(dir, `${name}.csv`);
    writeFileSync(file, out.join('\r\n'));
    const store = await openStore(`sqlite:${join(dir, `${name}.db`)}`);
    try {
      const res = await importSurvey({ store, campaign: loaded.campaign, source: 'kobo', file, key: 'k' });
      assert.equal(res.ok, true);
      const report = await buildReport(store, loaded);
      return {
        report,
        risk: report.outcomes.find((o) => o.indicator === 'risk-perception')!,
        csv: reportToCsv(report),
      };
    } finally {
      await store.close();
    }
  }
  test('every answer 3: no estimate 0 with interval [0, 0], no NaN in the CSV, a refusal key', async () => {
    const { risk, csv } = await reportWith('same', () => '3');
    assert.equal(risk.effect, null);
    assert.deepEqual(risk.notes, [{ key: 'dashboard.evidence.refused.noVariation', values: { value: 3 } }]);
    assert.doesNotMatch(csv, /NaN/);
    assert.match(csv, /\neffect-note,risk-perception,dashboard\.evidence\.refused\.noVariation,/);
  });
  test('answers that differ only between waves and arms: a refusal, not p = 1e-31', async () => {
    const { risk } = await reportWith('cells', (wave, community) =>
      wave === 'endline' && ['pikine', 'guediawaye'].includes(community) ? '4' : '2',
    );
    assert.equal(risk.effect, null);
    assert.equal(risk.notes[0]?.key, 'dashboard.evidence.refused.noVariationWithinGroups');
  });
  test('a scale with no baseline variation: the effect is shown, its MDE refused (not 0)', async () => {
    const { risk } = await reportWith('flat-baseline', (wave, _c, i) =>
      wave === 'baseline' ? '3' : String(1 + (i % 5)),
    );
    assert.ok(risk.effect);
    assert.equal(risk.effect.mde, null);
    assert.deepEqual(
      risk.notes.map((n) => n.key),
      ['dashboard.evidence.refused.mdeNoBaselineVariance'],
    );
  });
});
