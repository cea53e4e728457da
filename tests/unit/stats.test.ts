import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  estimateDiD,
  meanInterval,
  minimumDetectableEffect,
  prePostChange,
  suppressSmallCounts,
  tCritical,
  wilsonInterval,
  type DidObservation,
} from '../../src/core/stats/index.ts';

const close = (actual: number, expected: number, digits: number) =>
  assert.equal(actual.toFixed(digits), expected.toFixed(digits), `${actual} ≠ ${expected}`);

describe('Wilson interval: R. G. Newcombe (1998), Statistics in Medicine 17:857–872, Table I, method 3', () => {
  const cases: [number, number, number, number][] = [
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0.0, 0.1611],
    [1, 29, 0.0061, 0.1718],
  ];
  for (const [x, n, lo, hi] of cases) {
    test(`${x}/${n}`, () => {
      const w = wilsonInterval(x, n);
      close(w.lower, lo, 4);
      close(w.upper, hi, 4);
      assert.equal(w.unreliable, n < 30);
    });
  }
});

describe('Student t', () => {
  test('critical values match the NIST/SEMATECH e-Handbook t table (§1.3.6.7.2)', () => {
    close(tCritical(9), 2.262, 3);
    close(tCritical(29), 2.045, 3);
    close(tCritical(1), 12.706, 3);
    close(tCritical(3), 3.182, 3);
  });
  test('mean interval of 1..10 by hand: 5.5 ± 2.262157 × 3.027650/√10', () => {
    const m = meanInterval([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    close(m.estimate, 5.5, 6);
    const half = 2.262157 * (3.0276504 / Math.sqrt(10));
    close(m.lower, 5.5 - half, 4);
    close(m.upper, 5.5 + half, 4);
  });
});

describe('pre/post change (Welch)', () => {
  test('matches the formula worked by hand', () => {
    // baseline: mean 2, s² = 1 (n 4: 1,2,2,3 → s² = 2/3); endline: 3,4,4,5 → mean 4, s² = 2/3
    const r = prePostChange([1, 2, 2, 3], [3, 4, 4, 5]);
    close(r.estimate, 2, 6);
    const se = Math.sqrt(2 / 3 / 4 + 2 / 3 / 4);
    close(r.se, se, 6);
    close(r.df, 6, 6); // equal variances and sizes: Welch df = 2(n−1)
    close(r.upper - r.estimate, tCritical(6) * se, 6);
    close(r.mde, (tCritical(6) + 0.8416212) * se, 5);
  });
});

/** Ordinary least squares with the CR1 cluster-robust sandwich, by explicit matrices: an independent path. */
function olsClustered(obs: DidObservation[]) {
  const X = obs.map((o) => [1, o.treated ? 1 : 0, o.post ? 1 : 0, o.treated && o.post ? 1 : 0]);
  const y = obs.map((o) => o.y);
  const k = 4;
  const xtx = Array.from({ length: k }, (_, i) =>
    Array.from({ length: k }, (_, j) => X.reduce((s, r) => s + r[i]! * r[j]!, 0)),
  );
  const inv = invert(xtx);
  const xty = Array.from({ length: k }, (_, i) => X.reduce((s, r, n) => s + r[i]! * y[n]!, 0));
  const beta = inv.map((row) => row.reduce((s, v, j) => s + v * xty[j]!, 0));
  const e = X.map((r, n) => y[n]! - r.reduce((s, v, j) => s + v * beta[j]!, 0));
  const clusters = [...new Set(obs.map((o) => o.cluster!))];
  const meat = Array.from({ length: k }, () => Array<number>(k).fill(0));
  for (const g of clusters) {
    const u = Array<number>(k).fill(0);
    obs.forEach((o, n) => {
      if (o.cluster === g) for (let i = 0; i < k; i++) u[i]! += X[n]![i]! * e[n]!;
    });
    for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) meat[i]![j]! += u[i]! * u[j]!;
  }
  const G = clusters.length;
  const N = obs.length;
  const c = (G / (G - 1)) * ((N - 1) / (N - k));
  const v = mul(mul(inv, meat), inv);
  return { beta3: beta[3]!, se3: Math.sqrt(c * v[3]![3]!) };
}
function mul(a: number[][], b: number[][]) {
  return a.map((row) => b[0]!.map((_, j) => row.reduce((s, v, i) => s + v * b[i]![j]!, 0)));
}
function invert(m: number[][]) {
  const n = m.length;
  const a = m.map((row, i) => [...row, ...Array.from({ length: n }, (_, j) => (i === j ? 1 : 0))]);
  for (let c = 0; c < n; c++) {
    const p = a.reduce(
      (best, row, r) => (r >= c && Math.abs(row[c]!) > Math.abs(a[best]![c]!) ? r : best),
      c,
    );
    [a[c], a[p]] = [a[p]!, a[c]!];
    const pivot = a[c]![c]!;
    a[c] = a[c]!.map((v) => v / pivot);
    for (let r = 0; r < n; r++) if (r !== c) a[r] = a[r]!.map((v, j) => v - a[r]![c]! * a[c]![j]!);
  }
  return a.map((row) => row.slice(n));
}

describe('difference-in-differences', () => {
  // A small synthetic survey: 4 communities (2 treatment, 2 control), baseline and endline.
  const obs: DidObservation[] = [];
  let seed = 7;
  const rand = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
  for (const [cluster, treated, base, gain] of [
    ['a', true, 0.3, 0.25],
    ['b', true, 0.35, 0.2],
    ['c', false, 0.32, 0.05],
    ['d', false, 0.28, 0.02],
  ] as const) {
    for (const post of [false, true]) {
      for (let i = 0; i < 40; i++)
        obs.push({ y: rand() < base + (post ? gain : 0) ? 1 : 0, treated, post, cluster });
    }
  }
  const cellMean = (t: boolean, p: boolean) => {
    const ys = obs.filter((o) => o.treated === t && o.post === p).map((o) => o.y);
    return ys.reduce((a, b) => a + b, 0) / ys.length;
  };

  test('the estimate is the difference of the two changes, worked by hand from the cell means', () => {
    const r = estimateDiD(obs);
    close(
      r.estimate,
      cellMean(true, true) - cellMean(true, false) - (cellMean(false, true) - cellMean(false, false)),
      10,
    );
  });

  test('cluster-robust SE equals the CR1 sandwich computed by explicit OLS matrices', () => {
    const r = estimateDiD(obs, { clustered: true });
    const ols = olsClustered(obs);
    close(r.estimate, ols.beta3, 10);
    close(r.se, ols.se3, 10);
    assert.equal(r.df, 3);
    close(r.upper - r.estimate, tCritical(3) * r.se, 10);
  });

  test('the MDE is (t + z₀.₈) × SE (Bloom 1995)', () => {
    const r = estimateDiD(obs);
    close(r.mde, minimumDetectableEffect(r.se, r.df), 10);
    close(minimumDetectableEffect(1, 1e6), 1.959964 + 0.841621, 5);
  });

  test('cells under 30 respondents are flagged unreliable', () => {
    assert.equal(estimateDiD(obs).unreliable, false);
    assert.equal(estimateDiD(obs.filter((o, i) => !(o.treated && o.post) || i % 2 === 0)).unreliable, false);
    assert.equal(
      estimateDiD(obs.filter((o) => !(o.treated && o.post && o.cluster === 'a'))).unreliable,
      false,
    );
    assert.equal(estimateDiD(obs.filter((o, i) => !(o.treated && o.post) || i % 4 === 0)).unreliable, true);
  });
});

describe('small-count suppression', () => {
  test('counts under 10 become "<10", and a lone hidden cell takes the next smallest with it', () => {
    const shown = suppressSmallCounts([
      { key: 'phone', count: 40 },
      { key: 'walk-in', count: 4 },
      { key: 'whatsapp', count: 25 },
    ]);
    assert.deepEqual(
      shown.map((c) => [c.key, c.display, c.secondary]),
      [
        ['phone', '40', false],
        ['walk-in', '<10', false],
        ['whatsapp', 'withheld', true],
      ],
    );
  });
  test('two small cells adding up to 10 or more need no secondary suppression', () => {
    const shown = suppressSmallCounts([
      { key: 'a', count: 4 },
      { key: 'b', count: 6 },
      { key: 'c', count: 50 },
    ]);
    assert.deepEqual(
      shown.map((c) => c.display),
      ['<10', '<10', '50'],
    );
  });
  test('small cells adding up to less than 10 take the next smallest with them (total minus the rest would be 8)', () => {
    const shown = suppressSmallCounts([
      { key: 'a', count: 3 },
      { key: 'b', count: 5 },
      { key: 'c', count: 50 },
      { key: 'd', count: 12 },
    ]);
    assert.deepEqual(
      shown.map((c) => c.display),
      ['<10', '<10', '50', 'withheld'],
    );
  });
});
