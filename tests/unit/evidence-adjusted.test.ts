import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  estimateAdjustedDiD,
  estimateClusteredDiD,
  type AdjustedObservation,
} from '../../src/core/stats/index.ts';

/**
 * Issue 17, evidence item 3: the covariate-adjusted DiD (linear probability model with covariate dummies,
 * CR2 with Bell–McCaffrey df) against values known analytically (see `estimateAdjustedDiD`): by the
 * Frisch–Waugh–Lovell theorem OLS returns the data-generating coefficients exactly when the error is
 * orthogonal to every regressor (Angrist & Pischke 2009, §3.1–3.2), and a covariate with one level adds
 * no column, so the adjusted model is the unadjusted one (CR2 cross-checked against R's clubSandwich to
 * 1e-14 in stats-clustered.test.ts).
 */
const EFFECT = 0.12;
const GAMMA = 0.3;
/** Female respondents out of 10 per cluster, by arm and wave: the arms' composition changes unequally. */
const FEMALE = {
  'treatment|baseline': 4,
  'treatment|endline': 7,
  'control|baseline': 5,
  'control|endline': 5,
};
const CLUSTERS = { treatment: ['t1', 't2'], control: ['c1', 'c2'] } as const;

function dataset(constant = false): AdjustedObservation[] {
  const out: AdjustedObservation[] = [];
  for (const arm of ['treatment', 'control'] as const)
    for (const wave of ['baseline', 'endline'] as const)
      CLUSTERS[arm].forEach((cluster, g) => {
        const f = FEMALE[`${arm}|${wave}`];
        // Cluster effects +0.04 / −0.04 cancel within each arm × wave × gender group (same composition).
        const u = g === 0 ? 0.04 : -0.04;
        for (const [female, m] of [
          [1, f],
          [0, 10 - f],
        ] as const)
          for (let i = 0; i < m; i++) {
            // An error of mean zero within the cluster × wave × gender group, with a spread.
            const e = 0.05 * (i - (m - 1) / 2);
            const treated = arm === 'treatment';
            const post = wave === 'endline';
            out.push({
              y: 0.2 + 0.1 * +treated + 0.05 * +post + EFFECT * +(treated && post) + GAMMA * female + u + e,
              treated,
              post,
              cluster,
              covariates: [constant ? 'all' : female ? 'female' : 'male'],
            });
          }
      });
  return out;
}

describe('covariate-adjusted difference-in-differences', () => {
  test('recovers the effect exactly where the arms changed composition; the unadjusted one is off by γ·ΔΔx̄', () => {
    const obs = dataset();
    const adjusted = estimateAdjustedDiD(obs)!;
    const plain = estimateClusteredDiD(obs);
    assert.ok(Math.abs(adjusted.estimate - EFFECT) < 1e-12, `${adjusted.estimate}`);
    const ddFemale = (7 - 4) / 10 - (5 - 5) / 10;
    assert.ok(Math.abs(plain.estimate - (EFFECT + GAMMA * ddFemale)) < 1e-12, `${plain.estimate}`);
    assert.equal(adjusted.dummies, 1);
    assert.ok(adjusted.se! > 0 && Number.isFinite(adjusted.df!));
    assert.ok(adjusted.lower! < EFFECT && EFFECT < adjusted.upper!);
  });

  test('a covariate with one level adds nothing: estimate, CR2 SE and df are the unadjusted ones', () => {
    const obs = dataset(true);
    const adjusted = estimateAdjustedDiD(obs)!;
    const plain = estimateClusteredDiD(obs);
    assert.equal(adjusted.dummies, 0);
    assert.ok(Math.abs(adjusted.estimate - plain.estimate) < 1e-14);
    assert.ok(Math.abs(adjusted.se! - plain.se) < 1e-14);
    assert.ok(Math.abs(adjusted.df! - plain.df) < 1e-9);
    assert.ok(Math.abs(adjusted.p! - plain.p!) < 1e-12);
  });

  test('a covariate collinear with the arms gives no adjusted estimate (null), not a number', () => {
    const obs = dataset().map((o) => ({ ...o, covariates: [o.treated ? 'a' : 'b'] }));
    assert.equal(estimateAdjustedDiD(obs), null);
  });
});
