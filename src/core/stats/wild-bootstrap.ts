import { clusterCrossProducts, fitOls, groupRows, type LinearModel } from './cluster-robust.ts';
import type { DidObservation } from './difference.ts';
import { buildDidDesign, DID_COEFFICIENT } from './did-model.ts';
import { dot, multiply } from './matrix.ts';
import { seededRandom } from './random.ts';

/** Webb's six-point distribution: ±√½, ±1, ±√(3/2), each with probability 1/6 (mean 0, variance 1). */
const WEBB = [-Math.sqrt(1.5), -1, -Math.sqrt(0.5), Math.sqrt(0.5), 1, Math.sqrt(1.5)];
const RADEMACHER = [-1, 1];

/** Enumerate every weight vector when there are at most this many (6^6 = 46,656 for Webb weights). */
export const ENUMERATE_UP_TO = 100_000;
/** Random draws otherwise (B + 1 = 10,000, a multiple of 1/α for α = 0.05 and 0.01). */
export const BOOTSTRAP_DRAWS = 9_999;
/** The seed used when none is given; the result records the seed either way. */
export const DEFAULT_SEED = 20_270_108;

export interface WildBootstrapOptions {
  /** The value of β_j under the null hypothesis (0: no effect). */
  null?: number;
  weights?: 'webb' | 'rademacher';
  draws?: number;
  seed?: number;
  enumerateUpTo?: number;
}

export interface WildBootstrapResult {
  /** Share of bootstrap t statistics at least as large in absolute value as the observed one. */
  p: number;
  /** The observed t statistic, with the CR1 standard error. */
  t: number;
  /** Number of bootstrap samples the p-value is based on. */
  draws: number;
  /** True when every weight vector was used (exact given the data); false when drawn at random. */
  enumerated: boolean;
  weights: 'webb' | 'rademacher';
  /** The seed of the random draws; null when enumerated. */
  seed: number | null;
  clusters: number;
}

/**
 * Restricted wild cluster bootstrap (WCR) test of H₀: β_j = β₀ in an OLS model, with the symmetric
 * two-sided p-value p = #{b : |t*_b| ≥ |t|} / B when every weight vector is enumerated (the observed
 * sample, all weights 1, is among them), and p = (1 + #{b : |t*_b| ≥ |t|}) / (1 + B) from B random
 * draws: the observed sample counted as one more draw, the convention randomisation inference uses too,
 * so no p-value is 0 (Davison & Hinkley 1997, Bootstrap Methods and their Application, §4.2.1).
 *
 * Procedure: fit the model with the null imposed (regress y − β₀x_j on the other columns), giving fitted
 * values ỹ and residuals ũ. Each bootstrap sample is y* = ỹ + v_g·ũ, with one weight v_g per cluster, from
 * which β*_j and its cluster-robust t* = (β*_j − β₀)/SE*(β*_j) are computed as for the data. Weights follow
 * Webb's six-point distribution (default), which with G clusters gives 6^G distinct samples instead of the
 * 2^G of Rademacher weights, so p-values are not forced onto a coarse grid when G is small. When the number
 * of weight vectors is at most `enumerateUpTo` (100,000: G ≤ 6 for Webb, G ≤ 16 for Rademacher), all are
 * enumerated and p is exact given the data; otherwise `draws` (9,999) vectors are drawn from the seed.
 *
 * Speed: every quantity is linear in v, so with w_g = aᵀX_gᵀũ_g (a = (XᵀX)⁻¹e_j), S_h = X_hᵀũ_h and
 * d_g = (XᵀX)⁻¹X_gᵀX_g a, β*_j − β₀ = Σ_g v_g w_g and the cluster scores of the unrestricted residuals are
 * s*_g = v_g w_g − d_gᵀ Σ_h v_h S_h: a G × G matrix computed once, O(G²) per sample (Roodman et al. 2019).
 * The CR1 factor cancels in the comparison, so CR0 is used inside. When the data's own t is undefined (its
 * cluster-robust SE is zero, as with one cluster per arm) there is nothing to test: p is NaN and draws 0.
 * Assumptions: clusters independent; the test is exact only under symmetric errors, and with few treated
 * clusters even WCR under-rejects or over-rejects (MacKinnon & Webb 2017).
 * References: M. D. Webb (2023), "Reworking wild bootstrap-based inference for clustered errors",
 * Canadian Journal of Economics 56(3):839–858 (working paper 2013); J. G. MacKinnon & M. D. Webb (2017),
 * J. Applied Econometrics 32(2):233–254; D. Roodman, J. G. MacKinnon, M. Ø. Nielsen & M. D. Webb (2019),
 * "Fast and wild: Bootstrap inference in Stata using boottest", Stata Journal 19(1):4–60; A. C. Cameron,
 * J. B. Gelbach & D. L. Miller (2008), Review of Economics and Statistics 90(3):414–427.
 */
export function wildClusterBootstrap(
  model: LinearModel,
  j: number,
  options: WildBootstrapOptions = {},
): WildBootstrapResult {
  const beta0 = options.null ?? 0;
  const kind = options.weights ?? 'webb';
  const support = kind === 'webb' ? WEBB : RADEMACHER;
  const enumerateUpTo = options.enumerateUpTo ?? ENUMERATE_UP_TO;
  const { k, clusters: G } = model;
  const n = model.y.length;

  const full = fitOls(model);
  const a = new Float64Array(k);
  for (let i = 0; i < k; i++) a[i] = full.bread[i * k + j]!;
  const restrictedResiduals = restrictedFit(model, j, beta0);

  const rows = groupRows(model.cluster, G);
  const w = new Float64Array(G);
  const S: Float64Array[] = [];
  const d: Float64Array[] = [];
  rows.forEach((r, g) => {
    const { xx, xv } = clusterCrossProducts(model, r, restrictedResiduals);
    w[g] = dot(a, xv);
    S.push(xv);
    d.push(multiply(full.bread, multiply(xx, a, k), k));
  });
  const K = new Float64Array(G * G);
  // The same entries without cancellation: a score that is only rounding noise of these means the SE is zero.
  const Kabs = new Float64Array(G * G);
  for (let g = 0; g < G; g++) {
    for (let h = 0; h < G; h++) {
      K[g * G + h] = (g === h ? w[g]! : 0) - dot(d[g]!, S[h]!);
      let size = g === h ? Math.abs(w[g]!) : 0;
      for (let i = 0; i < k; i++) size += Math.abs(d[g]![i]! * S[h]![i]!);
      Kabs[g * G + h] = size;
    }
  }

  const tStar = (v: Float64Array) => {
    let num = 0;
    let den = 0;
    let size = 0;
    for (let g = 0; g < G; g++) {
      num += v[g]! * w[g]!;
      let s = 0;
      let a = 0;
      for (let h = 0; h < G; h++) {
        s += K[g * G + h]! * v[h]!;
        a += Kabs[g * G + h]! * Math.abs(v[h]!);
      }
      den += s * s;
      size += a * a;
    }
    return den > 1e-24 * size ? num / Math.sqrt(den) : num === 0 ? 0 : Math.sign(num) * Infinity;
  };
  const ones = new Float64Array(G).fill(1);
  const observed = Math.abs(tStar(ones));
  // No cluster-robust t for the data (one cluster per arm leaves every cluster score zero): no test.
  if (!Number.isFinite(observed)) {
    return {
      p: Number.NaN,
      t: Number.NaN,
      draws: 0,
      enumerated: false,
      weights: kind,
      seed: null,
      clusters: G,
    };
  }
  // Equal statistics (the observed sample itself, its mirror −v) must count as "at least as large".
  const threshold = observed * (1 - 1e-10);
  const cr1 = Math.sqrt((G / (G - 1)) * ((n - 1) / (n - k)));
  const t = tStar(ones) / cr1;

  const v = new Float64Array(G);
  const total = support.length ** G;
  let extreme = 0;
  if (total <= enumerateUpTo) {
    const digit = new Int32Array(G);
    for (let g = 0; g < G; g++) v[g] = support[0]!;
    for (let b = 0; b < total; b++) {
      if (Math.abs(tStar(v)) >= threshold) extreme++;
      for (let g = 0; g < G; g++) {
        digit[g]!++;
        if (digit[g]! < support.length) {
          v[g] = support[digit[g]!]!;
          break;
        }
        digit[g] = 0;
        v[g] = support[0]!;
      }
    }
    return { p: extreme / total, t, draws: total, enumerated: true, weights: kind, seed: null, clusters: G };
  }
  const seed = options.seed ?? DEFAULT_SEED;
  const draws = options.draws ?? BOOTSTRAP_DRAWS;
  const random = seededRandom(seed);
  for (let b = 0; b < draws; b++) {
    for (let g = 0; g < G; g++) v[g] = support[random.below(support.length)]!;
    if (Math.abs(tStar(v)) >= threshold) extreme++;
  }
  // The observed sample is one of the equally likely samples (its weights are all 1): counted once, as
  // randomisation inference counts the observed assignment, so both report (1 + #extreme) / (1 + B).
  return { p: (1 + extreme) / (1 + draws), t, draws, enumerated: false, weights: kind, seed, clusters: G };
}

/** Residuals of y − β₀x_j regressed on the other columns (all of y − β₀x_j when there are none). */
function restrictedFit(model: LinearModel, j: number, beta0: number): Float64Array {
  const { x, k, y } = model;
  const n = y.length;
  const yr = Float64Array.from(y, (v, r) => v - beta0 * x[r * k + j]!);
  if (k === 1) return yr;
  const kr = k - 1;
  const xr = new Float64Array(n * kr);
  for (let r = 0; r < n; r++) {
    let c = 0;
    for (let i = 0; i < k; i++) if (i !== j) xr[r * kr + c++] = x[r * k + i]!;
  }
  return fitOls({ x: xr, k: kr, y: yr, cluster: model.cluster, clusters: model.clusters }).residuals;
}

/** The wild cluster bootstrap test of "no effect" for the DiD coefficient (see `wildClusterBootstrap`). */
export function wildBootstrapDiD(
  observations: readonly DidObservation[],
  options: WildBootstrapOptions = {},
): WildBootstrapResult {
  const design = buildDidDesign(observations);
  return wildClusterBootstrap(design.model, DID_COEFFICIENT, options);
}
