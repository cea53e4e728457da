import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import {
  assessReliability,
  clusterRobustFit,
  clustersPerArmNeeded,
  designEffect,
  designMinimumDetectableEffect,
  estimateClusteredDiD,
  estimateDiD,
  estimateIcc,
  holmAdjust,
  prePostChange,
  randomisationTestDiD,
  seededRandom,
  tCritical,
  tTwoSidedP,
  wildBootstrapDiD,
  wildClusterBootstrap,
  type DidObservation,
  type LinearModel,
} from '../../src/core/stats/index.ts';

const close = (actual: number, expected: number, digits: number) =>
  assert.equal(actual.toFixed(digits), expected.toFixed(digits), `${actual} ≠ ${expected}`);

/** A generator for synthetic data (Park–Miller), independent of the module's own PRNG. */
function lcg(seed: number) {
  let s = seed;
  return () => (s = (s * 48271) % 2147483647) / 2147483647;
}

describe('t p-values for real degrees of freedom', () => {
  test('P(|T| ≥ t) is 0.05 at the NIST/SEMATECH e-Handbook critical values (§1.3.6.7.2)', () => {
    for (const [df, t] of [
      [1, 12.706],
      [3, 3.182],
      [9, 2.262],
      [29, 2.045],
    ] as const)
      close(tTwoSidedP(t, df), 0.05, 3);
  });
  test('and inverts the t quantile exactly, also for non-integer df', () => {
    for (const df of [1, 2.5, 7.3, 24.58, 400]) close(tTwoSidedP(tCritical(df), df), 0.05, 12);
  });
});

/** The MLDA panel: motor-vehicle deaths on legal (share allowed to drink), beer tax, state and year dummies. */
function mldaModel(): LinearModel {
  const rows = readFileSync('tests/fixtures/stats/mlda-motor-vehicle-deaths.csv', 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(','));
  const states = [...new Set(rows.map((r) => r[0]!))];
  const years = [...new Set(rows.map((r) => r[1]!))].sort();
  const k = 2 + states.length + years.length - 1;
  const x = new Float64Array(rows.length * k);
  const y = new Float64Array(rows.length);
  const cluster = new Int32Array(rows.length);
  rows.forEach(([state, year, legal, beertax, mrate], r) => {
    const s = states.indexOf(state!);
    const t = years.indexOf(year!);
    x[r * k] = Number(legal);
    x[r * k + 1] = Number(beertax);
    x[r * k + 2 + s] = 1;
    if (t > 0) x[r * k + 2 + states.length + t - 1] = 1;
    y[r] = Number(mrate);
    cluster[r] = s;
  });
  return { x, k, y, cluster, clusters: states.length };
}

describe('CR2 with Bell–McCaffrey degrees of freedom', () => {
  test('matches Pustejovsky & Tipton (2018, JBES 36:672), MLDA table, fixed effects: F 9.116, df 24.58, p 0.00583; standard test F 9.660', () => {
    // Two-way fixed effects (state, year), unweighted, clustered by state; 50 clusters, 700 state-years.
    // The table's "Standard" test is clubSandwich's CR1 = CR0·m/(m − 1) with m − 1 = 49 df; "AHT" for one
    // constraint is t² with CR2 and the Satterthwaite df.
    const fit = clusterRobustFit(mldaModel(), 0);
    assert.equal(fit.clusters, 50);
    close((fit.estimate / fit.se.cr2) ** 2, 9.116, 3);
    close(fit.df, 24.58, 2);
    close(fit.p, 0.00583, 5);
    close(fit.estimate ** 2 / (fit.se.cr0 ** 2 * (50 / 49)), 9.66, 3);
    close(tTwoSidedP(fit.estimate / (fit.se.cr0 * Math.sqrt(50 / 49)), 49), 0.00313, 5);
  });

  test('between-cluster two-sample comparison: V and ν equal the closed forms of Pustejovsky (2016)', () => {
    // Closed forms from clubSandwich's note "Two-sample t-test on a between-cluster factor"
    // (auxilliary/two-sample-t-test.Rmd): with f_i = m_i/M,
    //   V_CR2 = Σ_T M/(M − m_i)·f_i²(ȳ_i − ȳ_T)² + Σ_C (likewise),
    //   ν = (1/M + 1/N)² / [Σ_T f_i²(1 − f_i)²/(M − m_i)² + Σ_T Σ_{j≠i} f_i²f_j²/((M − m_i)(M − m_j)) + Σ_C (likewise)].
    // Clusters larger than k = 2 exercise the k-dimensional path of the CR2 computation.
    const sizesT = [5, 8, 12];
    const sizesC = [6, 9, 4, 7];
    const rand = lcg(11);
    const rows: { y: number; t: number; g: number }[] = [];
    [...sizesT, ...sizesC].forEach((m, g) => {
      const u = rand();
      for (let i = 0; i < m; i++) rows.push({ y: u + rand(), t: g < sizesT.length ? 1 : 0, g });
    });
    const model: LinearModel = {
      x: Float64Array.from(rows.flatMap((r) => [1, r.t])),
      k: 2,
      y: Float64Array.from(rows, (r) => r.y),
      cluster: Int32Array.from(rows, (r) => r.g),
      clusters: 7,
    };
    const fit = clusterRobustFit(model, 1);
    const arm = (sizes: number[], offset: number) => {
      const M = sizes.reduce((a, b) => a + b, 0);
      const ys = (g: number) => rows.filter((r) => r.g === g).map((r) => r.y);
      const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
      const grand = mean(sizes.flatMap((_, i) => ys(offset + i)));
      const f = sizes.map((m) => m / M);
      const V = sizes.reduce(
        (s, m, i) => s + (M / (M - m)) * f[i]! ** 2 * (mean(ys(offset + i)) - grand) ** 2,
        0,
      );
      let D = 0;
      sizes.forEach((mi, i) =>
        sizes.forEach((mj, j) => {
          D +=
            i === j
              ? (f[i]! ** 2 * (1 - f[i]!) ** 2) / (M - mi) ** 2
              : (f[i]! ** 2 * f[j]! ** 2) / ((M - mi) * (M - mj));
        }),
      );
      return { V, D, M };
    };
    const t = arm(sizesT, 0);
    const c = arm(sizesC, sizesT.length);
    close(fit.se.cr2 ** 2, t.V + c.V, 12);
    close(fit.df, (1 / t.M + 1 / c.M) ** 2 / (t.D + c.D), 10);
  });

  test('panel DiD with cluster fixed effects: CR2 t equals Welch’s t on the differences; ν as in clubSandwich’s test-suite', () => {
    // clubSandwich tests/testthat/test_lm.R, "CR2 is equivalent to Welch t-test for DiD design": m0 control and
    // m1 treated clusters observed twice, y ~ cluster + time + trt; ν = m²(m0−1)(m1−1) / (m0²(m0−1) + m1²(m1−1)).
    const m0 = 4;
    const m1 = 9;
    const m = m0 + m1;
    const rand = lcg(5);
    const k = m + 2; // cluster dummies, the second period, treatment
    const x = new Float64Array(2 * m * k);
    const y = new Float64Array(2 * m);
    const cluster = new Int32Array(2 * m);
    const diffs: number[][] = [[], []];
    for (let g = 0; g < m; g++) {
      const nu = rand();
      const treated = g >= m0 ? 1 : 0;
      const ys = [0, 1].map((time) => 0.4 * treated * time + nu + rand());
      [0, 1].forEach((time) => {
        const r = 2 * g + time;
        x[r * k + g] = 1;
        x[r * k + m] = time;
        x[r * k + m + 1] = treated * time;
        y[r] = ys[time]!;
        cluster[r] = g;
      });
      diffs[treated]!.push(ys[1]! - ys[0]!);
    }
    const fit = clusterRobustFit({ x, k, y, cluster, clusters: m }, m + 1);
    const welch = prePostChange(diffs[0]!, diffs[1]!);
    close(fit.estimate, welch.estimate, 12);
    close(fit.estimate / fit.se.cr2, welch.estimate / welch.se, 10);
    close(fit.df, (m ** 2 * (m0 - 1) * (m1 - 1)) / (m0 ** 2 * (m0 - 1) + m1 ** 2 * (m1 - 1)), 10);
  });
});

/** The Kobo sample of the Senegal example: 4 communities, Pikine and Guediawaye reached by the campaign. */
function koboIndicator(name: 'exposure-recall' | 'intention'): DidObservation[] {
  const [head, ...rows] = readFileSync('tests/fixtures/samples/kobo-survey-export.csv', 'utf8')
    .trim()
    .split('\n')
    .map((l) => l.split(';'));
  const col = (field: string) => head!.findIndex((h) => h === field || h.endsWith(`/${field}`));
  const [consent, wave, community, seen, intend] = [
    'consent',
    'survey_round',
    'community',
    'seen_campaign',
    'intend_irregular',
  ].map(col);
  return rows
    .filter((r) => r[consent!] === 'yes')
    .map((r) => ({
      y: name === 'exposure-recall' ? Number(r[seen!] === 'yes') : Number(r[intend!] === 'yes'),
      treated: r[community!] === 'pikine' || r[community!] === 'guediawaye',
      post: r[wave!] === 'endline',
      cluster: r[community!],
    }));
}

describe('clustered DiD on the Kobo sample (issue 8)', () => {
  test('CR1 and the unclustered SE are those the issue measured; CR2 is flagged as below the unclustered SE', () => {
    // Issue 8: exposure recall CR1 0.0067 against 0.0535 unclustered; intention 0.0212 against 0.0880.
    for (const [name, cr1, hc] of [
      ['exposure-recall', 0.0067, 0.0535],
      ['intention', 0.0212, 0.088],
    ] as const) {
      const r = estimateClusteredDiD(koboIndicator(name));
      close(r.cr1.se, cr1, 4);
      close(r.hc2.se, hc, 4);
      assert.ok(r.se > r.cr1.se, 'CR2 corrects CR1 upwards');
      assert.equal(r.clusteredBelowUnclustered, true);
      assert.equal(r.unreliable, true);
      assert.equal(r.clusters, 4);
      assert.equal(r.treatedClusters, 2);
      // Two clusters per arm, equal sizes: ν = (M + N)² / (N²/(T − 1) + M²/(C − 1)) ≈ 2 (Pustejovsky 2016).
      close(r.df, 2, 1);
      assert.match(r.reasons.join(' '), /Only 4 communities were surveyed/);
      assert.match(r.reasons.join(' '), /Only 2 communities were reached/);
      assert.match(r.reasons.at(-1)!, /smaller standard error/);
    }
  });

  test('the same CR1 as the existing estimateDiD, and HC2 equal to its four-cell (Welch-type) SE', () => {
    // HC2 in a model of cell means reduces to Σ s²_c/n_c (MacKinnon & White 1985; Imbens & Kolesár 2016, §3).
    const obs = koboIndicator('intention');
    const r = estimateClusteredDiD(obs);
    close(r.cr1.se, estimateDiD(obs, { clustered: true }).se, 12);
    close(r.hc2.se, estimateDiD(obs).se, 12);
  });

  test('randomisation inference: 6 assignments of 2 of 4 communities, p = 1/3 at best, as the issue says', () => {
    for (const name of ['exposure-recall', 'intention'] as const) {
      for (const statistic of ['coefficient', 't'] as const) {
        const ri = randomisationTestDiD(koboIndicator(name), { statistic });
        assert.equal(ri.assignments, 6);
        assert.equal(ri.enumerated, true);
        close(ri.minimumP, 1 / 3, 12);
        assert.ok(ri.p >= ri.minimumP - 1e-12);
      }
    }
  });

  test('wild bootstrap: all 6⁴ = 1,296 Webb weight vectors are enumerated', () => {
    const wb = wildBootstrapDiD(koboIndicator('intention'));
    assert.equal(wb.enumerated, true);
    assert.equal(wb.draws, 1296);
    assert.equal(wb.seed, null);
    assert.ok(wb.p > 0.05, `p = ${wb.p}`);
  });

  test('all four inferences on both indicators take well under the 1 s report budget', () => {
    const start = performance.now();
    for (const name of ['exposure-recall', 'intention'] as const) {
      const obs = koboIndicator(name);
      estimateClusteredDiD(obs);
      wildBootstrapDiD(obs);
      randomisationTestDiD(obs);
    }
    assert.ok(performance.now() - start < 500, `${performance.now() - start} ms`);
  });
});

describe('one cluster per arm', () => {
  test('gives the estimate alone: no interval, no p-value, and a plain reason', () => {
    const obs = koboIndicator('intention').filter((o) => o.cluster === 'pikine' || o.cluster === 'mbour');
    const r = estimateClusteredDiD(obs);
    assert.ok(Number.isFinite(r.estimate));
    assert.equal(r.lower, null);
    assert.equal(r.upper, null);
    assert.equal(r.p, null);
    assert.equal(r.unreliable, true);
    assert.match(r.reasons[0]!, /Only one community in the reached arm/);
  });
  test('the bootstrap has no t to test (p NaN), and randomisation over the 2 assignments cannot go below p = 1', () => {
    const obs = koboIndicator('intention').filter((o) => o.cluster === 'pikine' || o.cluster === 'mbour');
    const wb = wildBootstrapDiD(obs);
    assert.ok(Number.isNaN(wb.p));
    assert.equal(wb.draws, 0);
    const ri = randomisationTestDiD(obs);
    assert.deepEqual([ri.assignments, ri.minimumP, ri.p], [2, 1, 1]);
  });
});

describe('restricted wild cluster bootstrap', () => {
  // Worked by hand: y = βx + ε with x = (1, 1), y = (1, 3), each observation its own cluster, H₀: β = 0.
  // Restricted: ỹ = 0, ũ = y, so y* = (v₁, 3v₂). Then β̂* = (v₁ + 3v₂)/2, residuals ±(v₁ − 3v₂)/2 and the CR0
  // t* = √2·(v₁ + 3v₂)/|v₁ − 3v₂|; the observed t (v = 1) is 2√2. With r = v₂/v₁, |t*| ≥ |t| ⇔ |1 + 3r| ≥ 2|1 − 3r|
  // ⇔ r ∈ [1/9, 1]. Webb weights have magnitudes √½ < 1 < √(3/2), whose ratios are all ≥ √(1/3) > 1/9, so the
  // pairs that count are those of one sign with |v₂| ≤ |v₁|: 6 magnitude pairs × 2 signs = 12 of 36 → p = 1/3.
  // Rademacher: r = 1 counts (2 of 4), r = −1 does not → p = 1/2.
  const tiny: LinearModel = {
    x: Float64Array.from([1, 1]),
    k: 1,
    y: Float64Array.from([1, 3]),
    cluster: Int32Array.from([0, 1]),
    clusters: 2,
  };

  test('two clusters, Webb weights: p = 12/36 by hand', () => {
    const r = wildClusterBootstrap(tiny, 0);
    assert.deepEqual([r.draws, r.enumerated, r.weights], [36, true, 'webb']);
    close(r.p, 1 / 3, 12);
    // The reported t uses CR1: 2√2 / √(G/(G−1) · (N−1)/(N−k)) = 2√2/√2 = 2.
    close(r.t, 2, 12);
  });

  test('two clusters, Rademacher weights: p = 2/4 by hand', () => {
    const r = wildClusterBootstrap(tiny, 0, { weights: 'rademacher' });
    assert.deepEqual([r.draws, r.p], [4, 0.5]);
  });

  /** A DiD survey with `perArm` clusters in each arm. */
  function survey(perArm: number, seed: number, effect = 0.1): DidObservation[] {
    const rand = lcg(seed);
    const obs: DidObservation[] = [];
    for (let g = 0; g < 2 * perArm; g++) {
      const treated = g < perArm;
      const level = 0.2 + 0.3 * rand();
      for (const post of [false, true]) {
        const n = 20 + Math.floor(rand() * 20);
        for (let i = 0; i < n; i++)
          obs.push({
            y: Number(rand() < level + (post ? 0.05 + (treated ? effect : 0) : 0)),
            treated,
            post,
            cluster: `c${g}`,
          });
      }
    }
    return obs;
  }

  test('with 6⁷ weight vectors over the bound, 9,999 draws from the recorded seed, close to the enumerated p', () => {
    const obs = [...survey(4, 3)].filter((o) => o.cluster !== 'c7'); // 7 clusters: 4 treated, 3 control
    const drawn = wildBootstrapDiD(obs, { seed: 42 });
    assert.deepEqual([drawn.enumerated, drawn.draws, drawn.seed], [false, 9999, 42]);
    assert.equal(wildBootstrapDiD(obs, { seed: 42 }).p, drawn.p, 'the same seed gives the same p');
    const exact = wildBootstrapDiD(obs, { enumerateUpTo: 6 ** 7 });
    assert.equal(exact.draws, 6 ** 7);
    const mcSe = Math.sqrt((exact.p * (1 - exact.p)) / 9999);
    assert.ok(Math.abs(drawn.p - exact.p) < 4 * mcSe + 1e-9, `${drawn.p} vs ${exact.p}`);
  });

  test('the fast O(G²) statistic gives the same p as refitting both regressions for every one of the 6⁴ samples', () => {
    // An independent path: for each weight vector, y* = ỹ + v_g·ũ is built and both the restricted and the
    // full DiD regressions are solved from their normal equations (Gaussian elimination), then CR0 t*.
    const obs = survey(2, 21, 0.15);
    const X = obs.map((o) => [1, +o.treated, +o.post, +(o.treated && o.post)]);
    const labels = [...new Set(obs.map((o) => o.cluster!))];
    const g = obs.map((o) => labels.indexOf(o.cluster!));
    const solve = (cols: number[], y: number[]) => {
      const A = cols.map((i) => [
        ...cols.map((j) => X.reduce((s, r) => s + r[i]! * r[j]!, 0)),
        X.reduce((s, r, n) => s + r[i]! * y[n]!, 0),
      ]);
      const m = cols.length;
      for (let c = 0; c < m; c++) {
        for (let r = 0; r < m; r++) {
          if (r === c) continue;
          const f = A[r]![c]! / A[c]![c]!;
          for (let j = c; j <= m; j++) A[r]![j]! -= f * A[c]![j]!;
        }
      }
      const beta = A.map((row, c) => row[m]! / row[c]!);
      return { beta, e: y.map((v, n) => v - cols.reduce((s, i, c) => s + X[n]![i]! * beta[c]!, 0)) };
    };
    // The DiD coefficient's weight per respondent, aᵀx_i with a = (XᵀX)⁻¹e₃: ±1/n_cell for this saturated model.
    const cellN = new Map<string, number>();
    obs.forEach((o) => cellN.set(`${o.treated}${o.post}`, (cellN.get(`${o.treated}${o.post}`) ?? 0) + 1));
    const weight = obs.map(
      (o) => ((o.treated ? 1 : -1) * (o.post ? 1 : -1)) / cellN.get(`${o.treated}${o.post}`)!,
    );
    const tOf = (y: number[]) => {
      const { beta, e } = solve([0, 1, 2, 3], y);
      const scores = labels.map(() => 0);
      e.forEach((r, n) => (scores[g[n]!]! += weight[n]! * r));
      return beta[3]! / Math.sqrt(scores.reduce((s, v) => s + v * v, 0));
    };
    const y = obs.map((o) => o.y);
    const restricted = solve([0, 1, 2], y);
    const fitted = y.map((v, n) => v - restricted.e[n]!);
    const observed = Math.abs(tOf(y));
    const webb = [-Math.sqrt(1.5), -1, -Math.sqrt(0.5), Math.sqrt(0.5), 1, Math.sqrt(1.5)];
    let extreme = 0;
    for (let b = 0; b < 6 ** 4; b++) {
      const v = [0, 1, 2, 3].map((c) => webb[Math.floor(b / 6 ** c) % 6]!);
      if (Math.abs(tOf(fitted.map((f, n) => f + v[g[n]!]! * restricted.e[n]!))) >= observed * (1 - 1e-10))
        extreme++;
    }
    const fast = wildBootstrapDiD(obs);
    assert.equal(fast.draws, 1296);
    assert.equal(fast.p, extreme / 1296);
    assert.ok(fast.p > 0.01 && fast.p < 0.99, `a p-value away from the edges: ${fast.p}`);
  });

  test('Rademacher enumeration gives p on the grid of 2/2^G (each weight vector ties with its mirror)', () => {
    // MacKinnon & Webb (2017), §3: with G clusters there are only 2^(G−1) distinct |t*| under Rademacher weights.
    const r = wildBootstrapDiD(survey(3, 9), { weights: 'rademacher' });
    assert.equal(r.draws, 64);
    assert.equal((r.p * 64) % 2, 0);
  });
});

describe('randomisation inference, worked by hand', () => {
  // One respondent per community and wave; changes (endline − baseline) A 5, B 3, C 1, D 0. With equal cells the
  // DiD of an assignment is the mean change of its treated pair minus that of the other pair:
  // {A,B} 3.5, {A,C} 1.5, {A,D} 0.5, {B,C} −0.5, {B,D} −1.5, {C,D} −3.5.
  const changes: Record<string, number> = { A: 5, B: 3, C: 1, D: 0 };
  const toy = (treated: string[]): DidObservation[] =>
    Object.entries(changes).flatMap(([cluster, change]) => [
      { y: 10, treated: treated.includes(cluster), post: false, cluster },
      { y: 10 + change, treated: treated.includes(cluster), post: true, cluster },
    ]);

  test('A and B treated: |3.5| is matched only by its mirror {C,D}, p = 2/6', () => {
    const r = randomisationTestDiD(toy(['A', 'B']));
    close(r.observed, 3.5, 12);
    close(r.p, 2 / 6, 12);
    close(r.minimumP, 1 / 3, 12);
    assert.equal(r.assignments, 6);
  });

  test('A and C treated: |1.5| or more in {A,B}, {A,C}, {B,D}, {C,D}, p = 4/6', () => {
    const r = randomisationTestDiD(toy(['A', 'C']));
    close(r.observed, 1.5, 12);
    close(r.p, 4 / 6, 12);
  });

  test('unbalanced arms have no mirror: 2 of 5 communities, 10 assignments, minimum p = 1/10', () => {
    changes.E = 2;
    const r = randomisationTestDiD(toy(['A', 'B']));
    delete changes.E;
    assert.equal(r.assignments, 10);
    close(r.minimumP, 0.1, 12);
    // {A,B}: 4 − 1 = 3, the largest |DiD| of all 10 (next: {A,E} 3.5 − 4/3 ≈ 2.17), so p = 1/10.
    close(r.p, 0.1, 12);
  });

  test('C(20, 10) = 184,756 assignments are sampled: 9,999 draws plus the observed one, from the seed', () => {
    const obs: DidObservation[] = [];
    for (let g = 0; g < 20; g++)
      for (const post of [false, true])
        obs.push({ y: post ? g % 7 : 0, treated: g < 10, post, cluster: `c${g}` });
    const r = randomisationTestDiD(obs, { seed: 7 });
    assert.deepEqual([r.assignments, r.enumerated, r.used, r.seed], [184756, false, 10000, 7]);
    close(r.minimumP, 1 / 10000, 12);
    assert.equal(randomisationTestDiD(obs, { seed: 7 }).p, r.p);
  });
});

describe('Holm adjustment', () => {
  test('the worked example of the Wikipedia article "Holm–Bonferroni method": H₁ and H₄ rejected at 0.05', () => {
    // p = (0.01, 0.04, 0.03, 0.005), α = 0.05: 0.005 < 0.05/4, 0.01 < 0.05/3, 0.03 > 0.05/2, so H₄ and H₁ are
    // rejected and H₃, H₂ are not. Adjusted (Wright 1992): 4·0.005 = 0.02, 3·0.01 = 0.03, 2·0.03 = 0.06, max(1·0.04, 0.06).
    const adjusted = holmAdjust([0.01, 0.04, 0.03, 0.005]);
    assert.deepEqual(
      adjusted.map((p) => Number(p.toFixed(10))),
      [0.03, 0.06, 0.06, 0.02],
    );
    assert.deepEqual(
      adjusted.map((p) => p <= 0.05),
      [true, false, false, true],
    );
  });
  test('capped at 1; NaN stays NaN and is not counted', () => {
    assert.deepEqual(holmAdjust([0.5, Number.NaN, 0.4]), [0.8, Number.NaN, 0.8]);
    assert.deepEqual(holmAdjust([0.9, 0.8]), [1, 1]);
  });
});

describe('reliability', () => {
  test('many clusters and large cells: reliable', () => {
    assert.deepEqual(
      assessReliability({
        clusters: 40,
        treatedClusters: 20,
        controlClusters: 20,
        cellSizes: [300, 300, 300, 300],
      }),
      { unreliable: false, reasons: [], messages: [], interval: true },
    );
  });
  test('an unclustered sample is judged on its cells alone, and a count under 10 is not printed', () => {
    assert.equal(assessReliability({ cellSizes: [45, 31] }).unreliable, false);
    const small = assessReliability({ cellSizes: [45, 7] });
    assert.equal(small.unreliable, true);
    assert.match(small.reasons[0]!, /fewer than 10 respondents/);
    assert.doesNotMatch(small.reasons[0]!, /\b7\b/);
    assert.match(assessReliability({ cellSizes: [45, 22] }).reasons[0]!, /only 22 respondents/);
  });
  test('30 clusters but 4 control clusters: unreliable, with the reason', () => {
    const r = assessReliability({
      clusters: 30,
      treatedClusters: 26,
      controlClusters: 4,
      cellSizes: [100, 100, 100, 100],
    });
    assert.deepEqual([r.unreliable, r.interval, r.reasons.length], [true, true, 1]);
    assert.match(r.reasons[0]!, /Only 4 comparison communities/);
  });
  test("the reasons name the plan's cluster unit", () => {
    const r = assessReliability({
      clusters: 6,
      treatedClusters: 1,
      controlClusters: 5,
      cellSizes: [100, 100, 100, 100],
      units: { one: 'district', many: 'districts' },
    });
    assert.deepEqual(
      r.reasons.map((x) => x.split(/[:;]/)[0]),
      ['Only one district in the reached arm', 'Only 6 districts were surveyed'],
    );
  });
});

describe('design-based power', () => {
  const plain = { design: 'two-arm' as const, respondentsPerCluster: 1, icc: 0, sd: 1 };
  test('with no clustering, the n per group of J. Cohen (1988), Statistical Power Analysis, Table 2.4.1 (α 0.05 two-sided, power 0.80)', () => {
    assert.equal(clustersPerArmNeeded({ ...plain, effect: 0.5 })?.clustersPerArm, 64);
    assert.equal(clustersPerArmNeeded({ ...plain, effect: 0.8 })?.clustersPerArm, 26);
    // Cohen's exact (noncentral t) value for d = 0.2 is 393; the t + t multiplier is conservative by one.
    assert.equal(clustersPerArmNeeded({ ...plain, effect: 0.2 })?.clustersPerArm, 394);
  });
  test('the multiplier tends to Bloom’s (1995) 2.8 = z₀.₉₇₅ + z₀.₈₀ with many clusters', () => {
    close(
      designMinimumDetectableEffect({ ...plain, clustersPerArm: 1e6 }).multiplier,
      1.959964 + 0.841621,
      4,
    );
  });
  test('the design effect is 1 + (m − 1)ρ, and the DiD variance is 2(1 − r)·DE times the two-arm one (Teerenstra et al. 2012)', () => {
    const base = { clustersPerArm: 10, respondentsPerCluster: 50, icc: 0.1, baseline: 0.3 };
    const twoArm = designMinimumDetectableEffect({ ...base, design: 'two-arm' });
    close(twoArm.designEffect, 5.9, 12);
    close(twoArm.se ** 2, (2 * 0.21 * 5.9) / 500, 12);
    const did = designMinimumDetectableEffect({ ...base, design: 'difference-in-differences' });
    close(did.mde / twoArm.mde, Math.SQRT2, 12);
    // ρ_c = 1: the cluster effect cancels within each cluster, leaving 4σ²(1 − ρ)/(Jm).
    const stable = designMinimumDetectableEffect({
      ...base,
      design: 'difference-in-differences',
      clusterAutocorrelation: 1,
    });
    close(stable.se ** 2, (4 * 0.21 * 0.9) / 500, 12);
  });
  test('the Senegal design (2 of 4 communities reached, 60 per community and wave) cannot detect less than 0.2 in intention', () => {
    // Baseline intention in the Kobo sample: 92 of 236 consenting baseline respondents (0.39).
    const senegal = {
      design: 'difference-in-differences' as const,
      clustersPerArm: 2,
      respondentsPerCluster: 60,
      baseline: 92 / 236,
    };
    const atZero = designMinimumDetectableEffect({ ...senegal, icc: 0 });
    assert.equal(atZero.df, 2);
    close(atZero.mde, 0.478, 3); // issue 8 estimated "about 47 pp at ICC 0"
    const atDefault = designMinimumDetectableEffect(senegal);
    assert.equal(atDefault.icc, 0.05);
    assert.ok(atDefault.mde > 0.9, `${atDefault.mde}`);
    const needed = clustersPerArmNeeded({ ...senegal, effect: 0.1 })!;
    assert.ok(needed.mde <= 0.1);
    assert.ok(
      designMinimumDetectableEffect({ ...senegal, clustersPerArm: needed.clustersPerArm - 1 }).mde > 0.1,
    );
  });
});

describe('seeded generator', () => {
  test('reproducible from its seed, and uniform enough for the bootstrap weights', () => {
    const a = seededRandom(1);
    const b = seededRandom(1);
    const c = seededRandom(2);
    const first = Array.from({ length: 5 }, () => a.nextUint32());
    assert.deepEqual(
      Array.from({ length: 5 }, () => b.nextUint32()),
      first,
    );
    assert.notDeepEqual(
      Array.from({ length: 5 }, () => c.nextUint32()),
      first,
    );
    const counts = new Array(6).fill(0);
    for (let i = 0; i < 60000; i++) counts[a.below(6)]++;
    // χ² with 5 df: 20.5 is its 0.999 quantile.
    const chi2 = counts.reduce((s, n) => s + (n - 10000) ** 2 / 10000, 0);
    assert.ok(chi2 < 20.5, `χ² = ${chi2}`);
  });
});

describe('intra-cluster correlation and design effect', () => {
  test('ICC(1,1) of Shrout & Fleiss (1979), Table 2: six targets rated by four judges, BMS 11.24, WMS 6.26, ICC 0.17', () => {
    const ratings = [
      [9, 2, 5, 8],
      [6, 1, 3, 2],
      [8, 4, 6, 8],
      [7, 1, 2, 6],
      [10, 5, 6, 9],
      [6, 2, 4, 7],
    ];
    const r = estimateIcc(
      ratings.flat(),
      ratings.flatMap((row, t) => row.map(() => `t${t}`)),
    );
    close(r.icc, 0.17, 2);
    // From the table's mean squares: (11.24 − 6.26) / (11.24 + 3 · 6.26).
    close(r.icc, (11.241667 - 6.263889) / (11.241667 + 3 * 6.263889), 5);
  });
  test('by hand: identical clusters give 1, clusters that are alike between and split within give −1/(n₀ − 1)', () => {
    close(estimateIcc([1, 1, 0, 0], ['a', 'a', 'b', 'b']).icc, 1, 12);
    close(estimateIcc([1, 0, 1, 0], ['a', 'a', 'b', 'b']).icc, -1, 12);
  });
  test('design effect: Kish 1 + (m − 1)ρ for equal sizes; Eldridge et al. (2006) with unequal sizes; never below 1', () => {
    close(designEffect(60, 0.05), 3.95, 12);
    close(designEffect(60, 0.05, 0.5), 1 + (1.25 * 60 - 1) * 0.05, 12);
    assert.equal(designEffect(60, -0.01), 1);
  });
});
