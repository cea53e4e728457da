import { tTwoSidedP } from './distributions.ts';
import { dot, invertSpd, multiply, symmetricEigen } from './matrix.ts';

/**
 * A linear model y = Xβ + ε with one sampling cluster per row. `x` is row-major, n × k; `cluster`
 * holds 0-based cluster indices (0 … clusters − 1).
 */
export interface LinearModel {
  x: Float64Array;
  k: number;
  y: Float64Array;
  cluster: Int32Array;
  clusters: number;
}

/** Standard errors of one coefficient, each from its own sandwich estimator. */
export interface RobustStandardErrors {
  /** Liang–Zeger sandwich without correction. */
  cr0: number;
  /** CR0 × G/(G−1) · (N−1)/(N−k), the factor of Stata's `regress, vce(cluster)` and boottest. */
  cr1: number;
  /** Bias-reduced linearisation (Bell & McCaffrey), working model σ²I. */
  cr2: number;
  /** HC2, heteroskedasticity-robust and unclustered (CR2 with every respondent a cluster of one). */
  hc2: number;
}

export interface ClusterRobustFit {
  /** β_j, the coefficient tested. */
  estimate: number;
  se: RobustStandardErrors;
  /** Bell–McCaffrey (Satterthwaite) degrees of freedom for the CR2 t statistic of β_j. */
  df: number;
  /** Two-sided p-value of β_j/SE_CR2 against t with `df` degrees of freedom. */
  p: number;
  n: number;
  clusters: number;
}

/** The raw pieces shared by the estimators and the bootstrap. */
export interface OlsPieces {
  bread: Float64Array;
  beta: Float64Array;
  residuals: Float64Array;
  /** Row indices of each cluster, cluster by cluster. */
  rows: Int32Array[];
}

/** Ordinary least squares: β = (XᵀX)⁻¹Xᵀy and its residuals. Throws when XᵀX is singular. */
export function fitOls(model: LinearModel): OlsPieces {
  const { x, k, y } = model;
  const n = y.length;
  const xtx = new Float64Array(k * k);
  const xty = new Float64Array(k);
  for (let r = 0; r < n; r++) {
    const o = r * k;
    for (let i = 0; i < k; i++) {
      const xi = x[o + i]!;
      if (xi === 0) continue;
      xty[i]! += xi * y[r]!;
      for (let j = 0; j <= i; j++) xtx[i * k + j]! += xi * x[o + j]!;
    }
  }
  for (let i = 0; i < k; i++) for (let j = 0; j < i; j++) xtx[j * k + i] = xtx[i * k + j]!;
  const bread = invertSpd(xtx, k);
  if (!bread)
    throw new Error(
      'The regressors are collinear (an empty cell or a constant column): the model cannot be estimated.',
    );
  const beta = multiply(bread, xty, k);
  const residuals = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    let fit = 0;
    for (let i = 0; i < k; i++) fit += x[r * k + i]! * beta[i]!;
    residuals[r] = y[r]! - fit;
  }
  return { bread, beta, residuals, rows: groupRows(model.cluster, model.clusters) };
}

export function groupRows(cluster: Int32Array, clusters: number): Int32Array[] {
  const counts = new Int32Array(clusters);
  for (const g of cluster) counts[g]!++;
  const rows = Array.from(counts, (c) => new Int32Array(c));
  const fill = new Int32Array(clusters);
  cluster.forEach((g, r) => {
    rows[g]![fill[g]!++] = r;
  });
  return rows;
}

/** X_gᵀX_g and X_gᵀv for the rows of one cluster. */
export function clusterCrossProducts(
  model: LinearModel,
  rows: Int32Array,
  v: Float64Array,
): { xx: Float64Array; xv: Float64Array } {
  const { x, k } = model;
  const xx = new Float64Array(k * k);
  const xv = new Float64Array(k);
  for (const r of rows) {
    const o = r * k;
    for (let i = 0; i < k; i++) {
      const xi = x[o + i]!;
      if (xi === 0) continue;
      xv[i]! += xi * v[r]!;
      for (let j = 0; j < k; j++) xx[i * k + j]! += xi * x[o + j]!;
    }
  }
  return { xx, xv };
}

/**
 * Cluster-robust inference for one coefficient β_j of an OLS fit, with the small-sample corrections
 * that matter when clusters are few.
 *
 * With bread B = (XᵀX)⁻¹, a = B·e_j and residuals e:
 * - CR0: V = Σ_g (aᵀX_gᵀe_g)² (Liang & Zeger 1986); CR1 = CR0 · G/(G−1) · (N−1)/(N−k).
 * - CR2 (bias-reduced linearisation): V = Σ_g (aᵀX_gᵀA_g e_g)² with A_g = (I − H_gg)^{+½}, H_gg = X_g B X_gᵀ,
 *   the symmetric square root of the Moore–Penrose inverse, as generalised by Pustejovsky & Tipton (2018)
 *   so that it exists when a cluster alone identifies a coefficient. Under the working model
 *   Var(ε) = σ²I it is unbiased. A_g is computed in whichever space is smaller: from the eigenvalues of
 *   H_gg when the cluster has at most k rows, else from those of the k × k matrix LᵀX_gᵀX_gL (B = LLᵀ),
 *   which share the non-zero eigenvalues λ: A_g = I + X_gLU·diag(((1−λ)^{−½} − 1)/λ)·UᵀLᵀX_gᵀ.
 * - Bell–McCaffrey degrees of freedom: with p_g = A_g X_g a, M_gh = δ_gh p_gᵀp_g − p_gᵀX_g B X_hᵀp_h,
 *   ν = (Σ_g M_gg)² / Σ_g Σ_h M_gh² (Satterthwaite's approximation of V by a scaled χ² under the working model).
 * - HC2 (unclustered): V = Σ_i (x_iᵀa)² e_i² / (1 − h_ii) (MacKinnon & White 1985); in a model of cell means it
 *   equals Σ s²_c/n_c, the Welch-type standard error.
 * Assumptions: clusters independent of each other; errors arbitrary within a cluster. With few clusters,
 * or few treated clusters, even CR2 is only approximate: use the wild bootstrap and randomisation
 * inference beside it. References: R. M. Bell & D. F. McCaffrey (2002), Survey Methodology 28(2):169–181;
 * J. E. Pustejovsky & E. Tipton (2018), J. Business & Economic Statistics 36(4):672–683 (and corrigendum);
 * G. W. Imbens & M. Kolesár (2016), Review of Economics and Statistics 98(4):701–712.
 */
export function clusterRobustFit(model: LinearModel, j: number): ClusterRobustFit {
  const { k, clusters: G } = model;
  const n = model.y.length;
  const ols = fitOls(model);
  const { bread: b, residuals: e, rows } = ols;
  const a = new Float64Array(k);
  for (let i = 0; i < k; i++) a[i] = b[i * k + j]!;
  const chol = choleskyOfBread(b, k);

  let cr0 = 0;
  let cr2 = 0;
  const u: Float64Array[] = [];
  const pp = new Float64Array(G);
  rows.forEach((r, g) => {
    const { xx, xv } = clusterCrossProducts(model, r, e);
    cr0 += dot(a, xv) ** 2;
    const adj = r.length <= k ? adjustSmall(model, r, b, a, e) : adjustLarge(xx, xv, chol, a, k);
    cr2 += adj.score ** 2;
    u.push(adj.u);
    pp[g] = adj.pp;
  });

  let trace = 0;
  let sumSq = 0;
  for (let g = 0; g < G; g++) {
    const bu = multiply(b, u[g]!, k);
    for (let h = 0; h < G; h++) {
      const m = (g === h ? pp[g]! : 0) - dot(bu, u[h]!);
      if (g === h) trace += m;
      sumSq += m * m;
    }
  }
  const df = (trace * trace) / sumSq;

  let hc2 = 0;
  const { x } = model;
  for (let r = 0; r < n; r++) {
    let xa = 0;
    let h = 0;
    for (let i = 0; i < k; i++) {
      xa += x[r * k + i]! * a[i]!;
      let bx = 0;
      for (let l = 0; l < k; l++) bx += b[i * k + l]! * x[r * k + l]!;
      h += x[r * k + i]! * bx;
    }
    // A respondent with leverage 1 has a zero residual and adds nothing.
    if (1 - h > 1e-12) hc2 += (xa * xa * e[r]! * e[r]!) / (1 - h);
  }
  const estimate = ols.beta[j]!;
  const se = {
    cr0: Math.sqrt(cr0),
    cr1: Math.sqrt(cr0 * (G / (G - 1)) * ((n - 1) / (n - k))),
    cr2: Math.sqrt(cr2),
    hc2: Math.sqrt(hc2),
  };
  return { estimate, se, df, p: tTwoSidedP(estimate / se.cr2, df), n, clusters: G };
}

function choleskyOfBread(b: Float64Array, k: number): Float64Array {
  // B is the inverse of a positive definite matrix, so it is positive definite too.
  const l = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j <= i; j++) {
      let s = b[i * k + j]!;
      for (let p = 0; p < j; p++) s -= l[i * k + p]! * l[j * k + p]!;
      l[i * k + j] = i === j ? Math.sqrt(Math.max(s, 0)) : s / l[j * k + j]!;
    }
  }
  return l;
}

/** CR2 pieces for a cluster with n_g ≤ k rows: A_g from the eigenvalues of I − H_gg directly. */
function adjustSmall(
  model: LinearModel,
  rows: Int32Array,
  b: Float64Array,
  a: Float64Array,
  e: Float64Array,
) {
  const { x, k } = model;
  const m = rows.length;
  const ih = new Float64Array(m * m);
  const bx = Array.from(rows, (r) => {
    const v = new Float64Array(k);
    for (let i = 0; i < k; i++) for (let l = 0; l < k; l++) v[i]! += b[i * k + l]! * x[r * k + l]!;
    return v;
  });
  const xr = (r: number) => x.subarray(r * k, r * k + k);
  for (let s = 0; s < m; s++)
    for (let t = 0; t < m; t++) ih[s * m + t] = (s === t ? 1 : 0) - dot(xr(rows[s]!), bx[t]!);
  const { values, vectors } = symmetricEigen(ih, m);
  const xa = Float64Array.from(rows, (r) => dot(xr(r), a));
  // p = V · diag(λ^{+−½}) · Vᵀ · X_g a
  const proj = new Float64Array(m);
  for (let c = 0; c < m; c++) {
    const lambda = values[c]!;
    if (!(lambda > 1e-10)) continue;
    let s = 0;
    for (let r = 0; r < m; r++) s += vectors[r * m + c]! * xa[r]!;
    proj[c] = s / Math.sqrt(lambda);
  }
  const p = new Float64Array(m);
  for (let r = 0; r < m; r++) for (let c = 0; c < m; c++) p[r]! += vectors[r * m + c]! * proj[c]!;
  const u = new Float64Array(k);
  let score = 0;
  rows.forEach((row, r) => {
    score += p[r]! * e[row]!;
    for (let i = 0; i < k; i++) u[i]! += x[row * k + i]! * p[r]!;
  });
  return { score, u, pp: dot(p, p) };
}

/** CR2 pieces for a cluster with more rows than coefficients, in the k-dimensional space (see above). */
function adjustLarge(xx: Float64Array, xe: Float64Array, l: Float64Array, a: Float64Array, k: number) {
  // C = Lᵀ (X_gᵀX_g) L
  const xl = new Float64Array(k * k);
  for (let i = 0; i < k; i++)
    for (let j = 0; j < k; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += xx[i * k + p]! * l[p * k + j]!;
      xl[i * k + j] = s;
    }
  const c = new Float64Array(k * k);
  for (let i = 0; i < k; i++)
    for (let j = 0; j < k; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += l[p * k + i]! * xl[p * k + j]!;
      c[i * k + j] = s;
    }
  const { values, vectors } = symmetricEigen(c, k);
  const phi = Float64Array.from(values, (lambda) => {
    if (!(lambda > 1e-12)) return 0;
    if (lambda > 1 - 1e-10) return -1 / lambda;
    return (1 / Math.sqrt(1 - lambda) - 1) / lambda;
  });
  // r = a + L U diag(φ) Uᵀ Lᵀ (X_gᵀX_g) a; then p_g = X_g r.
  const w = multiply(xx, a, k);
  const ltw = new Float64Array(k);
  for (let i = 0; i < k; i++) for (let p = 0; p < k; p++) ltw[i]! += l[p * k + i]! * w[p]!;
  const z = new Float64Array(k);
  for (let q = 0; q < k; q++) {
    let s = 0;
    for (let i = 0; i < k; i++) s += vectors[i * k + q]! * ltw[i]!;
    s *= phi[q]!;
    for (let i = 0; i < k; i++) z[i]! += vectors[i * k + q]! * s;
  }
  const r = Float64Array.from(a);
  for (let i = 0; i < k; i++) for (let p = 0; p < k; p++) r[i]! += l[i * k + p]! * z[p]!;
  const u = multiply(xx, r, k);
  return { score: dot(r, xe), u, pp: dot(r, u) };
}
