import { tQuantileAt } from './distributions.ts';

/** The intra-cluster correlation assumed when the plan gives none: a middle value for attitudes and
 * knowledge across communities (Hedges & Hedberg 2007 report 0.01–0.25 for outcomes among communities and
 * schools; 0.05 is a common planning default in community trials, Hayes & Moulton 2017, §7.4). */
export const DEFAULT_ICC = 0.05;

export interface ClusteredDesign {
  /**
   * 'difference-in-differences': the same clusters surveyed at baseline and endline (new respondents each
   * wave), the effect being the difference of the two arms' changes. 'two-arm': one survey after the campaign.
   */
  design: 'difference-in-differences' | 'two-arm';
  /** Clusters in each arm (J); the design is balanced. */
  clustersPerArm: number;
  /** Respondents per cluster and wave (m). */
  respondentsPerCluster: number;
  /** Intra-cluster correlation ρ, default 0.05. */
  icc?: number;
  /** Baseline share for a 0/1 indicator: σ² = p(1 − p). */
  baseline?: number;
  /** Standard deviation of a scale indicator (used when `baseline` is not given); 1 gives effect sizes in SDs. */
  sd?: number;
  /**
   * DiD only: correlation of a cluster's true mean between the two waves, ρ_c (0 … 1). 0 (default) assumes
   * nothing carries over between waves, the conservative case in which the design effect is 1 + (m−1)ρ.
   */
  clusterAutocorrelation?: number;
  /**
   * For a share (`baseline`): take the variance the design implies under the effect, not p(1 − p) in every
   * cell. The treated endline cell's share is then p + δ (moved toward ½, the conservative direction), its
   * variance (p + δ)(1 − p − δ), and the MDE solves δ = M·SE(δ). With p(1 − p) alone a low baseline
   * understates the MDE, down to 0 for a baseline of 0 (see `designMinimumDetectableEffect`).
   */
  varianceUnderEffect?: boolean;
  /** Two-sided significance level, default 0.05. */
  alpha?: number;
  /** Power, default 0.8. */
  power?: number;
}

export interface DesignPower {
  /** Minimum detectable effect, in the indicator's units (a share: 0.2 = 20 percentage points). */
  mde: number;
  /** Standard error of the effect estimate the design expects. */
  se: number;
  /** Degrees of freedom: 2(J − 1), clusters minus arms. */
  df: number;
  /** t_{1−α/2, df} + t_{power, df}. */
  multiplier: number;
  /** 1 + (m − 1)ρ. */
  designEffect: number;
  icc: number;
}

/**
 * Minimum detectable effect of a cluster-randomised design, planned before launch.
 *
 * MDE = M_df · SE, with M_df = t_{1−α/2, df} + t_{1−β, df} and df = 2(J − 1), the number of clusters
 * minus the two arms (Bloom 1995, 2005: the t multiplier with the cluster-level degrees of freedom; the
 * multiplier tends to 1.96 + 0.84 = 2.80 when df is large). With σ² the outcome variance
 * (p(1 − p) for a share), DE = 1 + (m − 1)ρ the design effect (Kish 1965) and N = J·m respondents per arm
 * and wave:
 * - two-arm (endline only): SE² = 2·σ²·DE / (J·m);
 * - DiD (repeated cross-sections): SE² = 4·σ²·(DE − m·ρ·ρ_c) / (J·m), i.e. 2(1 − r)·DE times the two-arm
 *   variance with r = mρρ_c/DE the correlation of cluster means between waves (Teerenstra et al. 2012);
 *   with ρ_c = 0 it is twice the two-arm variance.
 * Assumptions: equal cluster sizes and arms; σ² taken at baseline for both arms and waves; a normal
 * approximation to the t test (no noncentral t), which makes the MDE very slightly conservative.
 * References: H. S. Bloom (1995), Evaluation Review 19(5):547–556; H. S. Bloom (2005), "Randomizing groups
 * to evaluate place-based programs", in Learning More from Social Experiments, Russell Sage, ch. 4;
 * A. Donner & N. Klar (2000), Design and Analysis of Cluster Randomization Trials, ch. 5; S. Teerenstra,
 * S. Eldridge, M. Graff, E. de Hoop & G. F. Borm (2012), Statistics in Medicine 31(20):2169–2178;
 * R. J. Hayes & L. H. Moulton (2017), Cluster Randomised Trials, 2nd ed., ch. 7.
 */
export function designMinimumDetectableEffect(input: ClusteredDesign): DesignPower {
  const icc = input.icc ?? DEFAULT_ICC;
  const alpha = input.alpha ?? 0.05;
  const power = input.power ?? 0.8;
  const J = input.clustersPerArm;
  const m = input.respondentsPerCluster;
  const variance =
    input.baseline !== undefined ? input.baseline * (1 - input.baseline) : (input.sd ?? 1) ** 2;
  const designEffect = 1 + (m - 1) * icc;
  const df = 2 * (J - 1);
  const rhoC = input.design === 'difference-in-differences' ? (input.clusterAutocorrelation ?? 0) : 0;
  const se2 =
    input.design === 'two-arm'
      ? (2 * variance * designEffect) / (J * m)
      : (4 * variance * (designEffect - m * icc * rhoC)) / (J * m);
  const multiplier = tQuantileAt(1 - alpha / 2, df) + tQuantileAt(power, df);
  if (input.varianceUnderEffect && input.baseline !== undefined)
    return underEffect(input.baseline, input.design, (designEffect - m * icc * rhoC) / (J * m), {
      df,
      multiplier,
      designEffect,
      icc,
      twoArm: designEffect / (J * m),
    });
  const se = Math.sqrt(se2);
  return { mde: multiplier * se, se, df, multiplier, designEffect, icc };
}

/**
 * The MDE of a share with the variance the design implies under the effect: with p the baseline share and
 * q = p ± δ the treated endline share (toward ½), SE(δ)² = k·(3·p(1 − p) + q(1 − q)) for DiD (three cells
 * at p, one at q; k = (DE − mρρ_c)/(J·m)) and k·(p(1 − p) + q(1 − q)) for two arms, and the MDE is the δ
 * with δ = M·SE(δ), found by bisection (δ − M·SE(δ) is convex and negative at 0, so it crosses zero once). NaN when no
 * share can move that far: the design cannot detect any change the scale allows (M·SE(δ) > δ up to
 * δ = 1 − p, or p when p > ½). For p = 0 the DiD solution has the closed form δ = M²k/(1 + M²k).
 * Reference: the unpooled variance under the alternative of S.-C. Chow, J. Shao & H. Wang (2008),
 * Sample Size Calculations in Clinical Research, 2nd ed., §4.2; Hayes & Moulton (2017), §7.3.
 */
function underEffect(
  p: number,
  design: ClusteredDesign['design'],
  kDid: number,
  rest: { df: number; multiplier: number; designEffect: number; icc: number; twoArm: number },
): DesignPower {
  const up = p <= 0.5;
  const room = up ? 1 - p : p;
  const v = (x: number) => x * (1 - x);
  const se = (d: number) => {
    const q = up ? p + d : p - d;
    return Math.sqrt(design === 'two-arm' ? rest.twoArm * (v(p) + v(q)) : kDid * (3 * v(p) + v(q)));
  };
  const gap = (d: number) => d - rest.multiplier * se(d);
  const { df, multiplier, designEffect, icc } = rest;
  if (gap(room) < 0) return { mde: Number.NaN, se: Number.NaN, df, multiplier, designEffect, icc };
  let [lo, hi] = [0, room];
  for (let i = 0; i < 200 && hi - lo > 1e-15; i++) {
    const mid = (lo + hi) / 2;
    if (gap(mid) < 0) lo = mid;
    else hi = mid;
  }
  return { mde: hi, se: se(hi), df, multiplier, designEffect, icc };
}

/** Largest number of clusters per arm searched before giving up. */
const MAX_CLUSTERS_PER_ARM = 100_000;

/**
 * Clusters per arm needed for the design to detect `effect` (the smallest J, at least 2, with
 * MDE(J) ≤ effect), with the MDE it reaches; null when no number up to 100,000 would do. The other
 * parameters are held fixed (see `designMinimumDetectableEffect` for the formula and references).
 */
export function clustersPerArmNeeded(
  input: Omit<ClusteredDesign, 'clustersPerArm'> & { effect: number },
): { clustersPerArm: number; mde: number } | null {
  const at = (J: number) => designMinimumDetectableEffect({ ...input, clustersPerArm: J }).mde;
  const target = Math.abs(input.effect);
  if (!(target > 0)) return null;
  // MDE falls as J grows (a smaller SE and a smaller t multiplier): double, then bisect.
  let hi = 2;
  while (at(hi) > target) {
    if (hi >= MAX_CLUSTERS_PER_ARM) return null;
    hi = Math.min(hi * 2, MAX_CLUSTERS_PER_ARM);
  }
  let lo = Math.max(2, Math.floor(hi / 2));
  if (at(lo) <= target) return { clustersPerArm: lo, mde: at(lo) };
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (at(mid) <= target) hi = mid;
    else lo = mid;
  }
  return { clustersPerArm: hi, mde: at(hi) };
}
