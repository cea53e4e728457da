import { tCritical, zQuantile } from './distributions.ts';
import { meanAndVariance } from './mean.ts';
import { type Refusal, varianceRefusal } from './refusal.ts';
import { MIN_RELIABLE_N, type Estimate } from './types.ts';

export interface DifferenceEstimate extends Estimate {
  /** Degrees of freedom of the t critical value used. */
  df: number;
  /** Minimum detectable effect at 80 % power for this sample (same units as the estimate). */
  mde: number;
  /** How the standard error was computed. */
  method: string;
  /**
   * Why there is no standard error (no variation at all, or none within any group): then se, the bounds,
   * df and mde are NaN instead of the zeros a formula would give. Null when the groups vary.
   */
  refusal: Refusal | null;
}

/**
 * Minimum detectable effect: the smallest true effect this sample finds with the given power,
 * MDE = (t_{1−α/2, df} + z_{power}) · SE. With α = 0.05 and 80 % power this is about 2.8 · SE.
 * Reference: H. S. Bloom (1995), "Minimum detectable effects", Evaluation Review 19(5):547–556.
 */
export function minimumDetectableEffect(se: number, df: number, level = 0.95, power = 0.8): number {
  return (tCritical(df, level) + zQuantile(power)) * se;
}

function finish(
  estimate: number,
  se: number,
  df: number,
  n: number,
  minCell: number,
  level: number,
  method: string,
  refusal: Refusal | null = null,
): DifferenceEstimate {
  if (refusal) {
    const nan = Number.NaN;
    return {
      ...{ estimate, se: nan, lower: nan, upper: nan, n, level, df: nan, mde: nan },
      method: `refused: ${refusal.key}`,
      unreliable: true,
      refusal,
    };
  }
  const half = tCritical(df, level) * se;
  return {
    refusal: null,
    estimate,
    se,
    lower: estimate - half,
    upper: estimate + half,
    n,
    level,
    df,
    mde: minimumDetectableEffect(se, df, level),
    method,
    unreliable: minCell < MIN_RELIABLE_N,
  };
}

/**
 * Change between two independent samples (a baseline and an endline survey of different people):
 * Δ = ȳ₂ − ȳ₁, SE = √(s₁²/n₁ + s₂²/n₂), t interval with Welch–Satterthwaite degrees of freedom.
 * Works for shares too (values 0/1). Assumptions: independent repeated cross-sections; no control
 * group, so the change includes everything else that changed in the period, not only the campaign.
 * Reference: B. L. Welch (1947), Biometrika 34:28–35.
 */
export function prePostChange(
  baseline: readonly number[],
  endline: readonly number[],
  level = 0.95,
): DifferenceEstimate {
  const a = meanAndVariance(baseline);
  const b = meanAndVariance(endline);
  const va = a.variance / a.n;
  const vb = b.variance / b.n;
  const se = Math.sqrt(va + vb);
  const df = (va + vb) ** 2 / (va ** 2 / (a.n - 1) + vb ** 2 / (b.n - 1));
  return finish(
    b.mean - a.mean,
    se,
    df,
    a.n + b.n,
    Math.min(a.n, b.n),
    level,
    'Welch two-sample',
    varianceRefusal([baseline, endline]),
  );
}

export interface DidObservation {
  y: number;
  treated: boolean;
  post: boolean;
  /** Sampling cluster (community); used when `clustered` is asked for. */
  cluster?: string;
}

const CELLS = [
  { treated: true, post: true, sign: 1 },
  { treated: true, post: false, sign: -1 },
  { treated: false, post: true, sign: -1 },
  { treated: false, post: false, sign: 1 },
] as const;

/**
 * Difference-in-differences for treatment vs control × baseline vs endline, independent repeated
 * cross-sections: DiD = (ȳ_T,end − ȳ_T,base) − (ȳ_C,end − ȳ_C,base), the coefficient of treated×post in
 * y = β₀ + β₁·treated + β₂·post + β₃·treated·post + ε.
 *
 * Standard error, unclustered: √Σ s²_c/n_c over the four cells, Welch–Satterthwaite df.
 * No variation at all, none within any cell, or (clustered) one cluster in an arm: refused (`refusal`,
 * NaN standard error) rather than a standard error of rounding noise.
 * Clustered (respondents sampled by community): the CR1 cluster-robust (Liang–Zeger) sandwich for β₃,
 *   V = G/(G−1) · (N−1)/(N−K) · Σ_g (Σ_{i∈g} w_i e_i)², with w_i = ±1/n_cell the weight of respondent i
 * in β₃ (exact for this saturated model) and e_i the residual from the cell mean, and t with G−1 df.
 * With few clusters CR1 is biased downwards and can fall far below the unclustered SE (two communities per
 * arm in the Senegal sample: 0.0067 against 0.0535), so its interval is too narrow: for clustered surveys use
 * `estimateClusteredDiD` (CR2, Bell–McCaffrey df), with `wildBootstrapDiD` and `randomisationTestDiD`.
 * Assumptions: parallel trends (without the campaign both arms would have changed alike); stable
 * composition of the samples. References: J. D. Angrist & J.-S. Pischke (2009), Mostly Harmless
 * Econometrics, ch. 5; K.-Y. Liang & S. L. Zeger (1986), Biometrika 73:13–22; A. C. Cameron &
 * D. L. Miller (2015), "A Practitioner's Guide to Cluster-Robust Inference", J. Human Resources 50:317–372.
 */
export function estimateDiD(
  observations: readonly DidObservation[],
  options: { clustered?: boolean; level?: number } = {},
): DifferenceEstimate {
  const level = options.level ?? 0.95;
  const cells = CELLS.map((c) => {
    const ys = observations.filter((o) => o.treated === c.treated && o.post === c.post).map((o) => o.y);
    return { ...c, ...meanAndVariance(ys) };
  });
  const did = cells.reduce((s, c) => s + c.sign * c.mean, 0);
  const n = observations.length;
  const minCell = Math.min(...cells.map((c) => c.n));
  const refusal = varianceRefusal(
    CELLS.map((c) =>
      observations.filter((o) => o.treated === c.treated && o.post === c.post).map((o) => o.y),
    ),
  );
  if (refusal) return finish(did, 0, 0, n, minCell, level, '', refusal);
  if (!options.clustered) {
    const v = cells.map((c) => c.variance / c.n);
    const se = Math.sqrt(v.reduce((a, b) => a + b, 0));
    const df = v.reduce((a, b) => a + b, 0) ** 2 / cells.reduce((s, c, i) => s + v[i]! ** 2 / (c.n - 1), 0);
    return finish(did, se, df, n, minCell, level, 'four independent cells, Welch–Satterthwaite df');
  }
  const byCluster = new Map<string, number>();
  for (const o of observations) {
    const cell = cells.find((c) => c.treated === o.treated && c.post === o.post)!;
    const score = (cell.sign / cell.n) * (o.y - cell.mean);
    const key = o.cluster ?? '';
    byCluster.set(key, (byCluster.get(key) ?? 0) + score);
  }
  const g = byCluster.size;
  const k = 4;
  // One cluster in an arm: every cluster score is zero up to rounding (8e-17), so there is no SE.
  const arms = (treated: boolean) =>
    new Set(observations.filter((o) => o.treated === treated).map((o) => o.cluster ?? '')).size;
  if (Math.min(arms(true), arms(false)) < 2)
    return finish(did, 0, 0, n, minCell, level, '', {
      key: 'dashboard.evidence.refused.oneClusterInArm',
      values: { nTreated: arms(true), nControl: arms(false) },
    });
  const meat = [...byCluster.values()].reduce((s, x) => s + x * x, 0);
  const variance = (g / (g - 1)) * ((n - 1) / (n - k)) * meat;
  return finish(
    did,
    Math.sqrt(variance),
    g - 1,
    n,
    minCell,
    level,
    `cluster-robust (CR1), ${g} clusters, ${g - 1} df`,
  );
}
