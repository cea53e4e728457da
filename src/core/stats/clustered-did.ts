import { clusterRobustFit } from './cluster-robust.ts';
import type { DidObservation } from './difference.ts';
import { buildDidDesign, DID_COEFFICIENT } from './did-model.ts';
import { tCritical, tTwoSidedP } from './distributions.ts';
import { assessReliability, type ClusterUnits } from './reliability.ts';
import { type Refusal, varianceRefusal } from './refusal.ts';

/** One standard error with the degrees of freedom and p-value that go with it. */
export interface SeWithTest {
  se: number;
  df: number;
  p: number;
}

export interface ClusteredDidEstimate {
  estimate: number;
  /** The CR2 standard error (the default); NaN with one cluster in an arm. */
  se: number;
  /** Bell–McCaffrey degrees of freedom of the CR2 t statistic. */
  df: number;
  /** Interval bounds from CR2 and t(df); null when the design allows no interval. */
  lower: number | null;
  upper: number | null;
  /** Two-sided p-value of the CR2 t test; null when the design allows none. */
  p: number | null;
  level: number;
  n: number;
  clusters: number;
  treatedClusters: number;
  controlClusters: number;
  /** The alternatives, shown for transparency: CR1 with G − 1 df, and unclustered HC2 with N − 4 df. */
  cr1: SeWithTest;
  hc2: SeWithTest;
  /** True when the clustered (CR2) standard error is smaller than the unclustered one. */
  clusteredBelowUnclustered: boolean;
  unreliable: boolean;
  /** Plain-words caveats: reliability reasons, then the warning about a clustered SE below the unclustered one. */
  reasons: string[];
  /** The same as message keys with values, in the same order. */
  reasonMessages: Refusal[];
  method: string;
  /**
   * Why no standard error, interval or p-value is given although the clusters would allow one: every
   * answer the same, or no wave × arm cell varying within itself (every SE would be rounding noise,
   * 1e-16, and every p-value 0). Then se, df and the CR1 and HC2 figures are NaN and lower, upper, p null.
   */
  refusal: Refusal | null;
}

/**
 * Difference-in-differences for a clustered survey (communities sampled at baseline and endline,
 * whole communities reached or not): the coefficient d of y = a + b·treated + c·post + d·treated·post,
 * d = (ȳ_T,end − ȳ_T,base) − (ȳ_C,end − ȳ_C,base), with the CR2 standard error and Bell–McCaffrey degrees of
 * freedom (see `clusterRobustFit`) as the default interval: d ± t_{ν, 1−α/2}·SE_CR2.
 *
 * It also reports CR1 (G − 1 df) and the unclustered HC2 standard error (N − 4 df) and flags when the
 * clustered one is below the unclustered one: clustering should widen an interval, and a narrower one
 * usually means the few clusters happen to agree, which with two per arm is a matter of luck (Cameron &
 * Miller 2015, §VI; MacKinnon & Webb 2017). With one cluster in an arm no interval is given.
 * Every observation needs its cluster, and a cluster belongs to one arm (else this throws); an unclustered
 * sample is `estimateDiD`'s case.
 * Assumptions: parallel trends; clusters independent; stable sample composition within each cluster.
 * References: R. M. Bell & D. F. McCaffrey (2002), Survey Methodology 28(2):169–181; J. E. Pustejovsky &
 * E. Tipton (2018), JBES 36(4):672–683; J. D. Angrist & J.-S. Pischke (2009), Mostly Harmless
 * Econometrics, ch. 5 and 8.
 */
export function estimateClusteredDiD(
  observations: readonly DidObservation[],
  options: { level?: number; units?: ClusterUnits } = {},
): ClusteredDidEstimate {
  const level = options.level ?? 0.95;
  const design = buildDidDesign(observations);
  const fit = clusterRobustFit(design.model, DID_COEFFICIENT);
  const treatedClusters = design.treated.filter(Boolean).length;
  const controlClusters = design.treated.length - treatedClusters;
  const { cells } = design;
  const reliability = assessReliability({
    clusters: fit.clusters,
    treatedClusters,
    controlClusters,
    cellSizes: [cells.treatedPost, cells.treatedBase, cells.controlPost, cells.controlBase],
    ...(options.units && { units: options.units }),
  });
  const many = options.units?.many ?? 'communities';
  const refusal = varianceRefusal(
    [
      [true, true],
      [true, false],
      [false, true],
      [false, false],
    ].map(([tr, po]) => observations.filter((o) => o.treated === tr && o.post === po).map((o) => o.y)),
  );
  const t = (se: number, df: number) => tTwoSidedP(fit.estimate / se, df);
  const none = { se: Number.NaN, df: Number.NaN, p: Number.NaN };
  // With one cluster in an arm the CR1 "SE" is rounding noise (8e-17 on the sample's two communities).
  const cr1 =
    refusal || !reliability.interval
      ? none
      : { se: fit.se.cr1, df: fit.clusters - 1, p: t(fit.se.cr1, fit.clusters - 1) };
  const hc2 = refusal ? none : { se: fit.se.hc2, df: fit.n - 4, p: t(fit.se.hc2, fit.n - 4) };
  const reasons = [...reliability.reasons];
  const reasonMessages = [...reliability.messages];
  const below = !refusal && reliability.interval && fit.se.cr2 < fit.se.hc2;
  if (below) {
    reasonMessages.push({
      key: 'dashboard.evidence.reason.clusteredBelowUnclustered',
      values: { seClustered: fit.se.cr2, seUnclustered: fit.se.hc2 },
    });
    reasons.push(
      `Allowing for clustering gives a smaller standard error (${fit.se.cr2.toPrecision(2)}) than ignoring it (${fit.se.hc2.toPrecision(2)}); with so few ${many} this is more likely chance than precision, so the interval may be too narrow.`,
    );
  }
  const common = {
    estimate: fit.estimate,
    level,
    n: fit.n,
    clusters: fit.clusters,
    treatedClusters,
    controlClusters,
    cr1,
    hc2,
    clusteredBelowUnclustered: below,
    unreliable: reliability.unreliable || !!refusal,
    reasons,
    reasonMessages,
    refusal,
  };
  // Refused data, or one cluster in an arm: an estimate at most, never an interval or a p-value.
  if (refusal || !reliability.interval)
    return {
      ...common,
      se: Number.NaN,
      df: Number.NaN,
      lower: null,
      upper: null,
      p: null,
      method: refusal
        ? `refused: ${refusal.key}`
        : `estimate only: one ${options.units?.one ?? 'community'} in an arm (${fit.clusters} clusters)`,
    };
  const half = tCritical(fit.df, level) * fit.se.cr2;
  return {
    ...common,
    se: fit.se.cr2,
    df: fit.df,
    lower: fit.estimate - half,
    upper: fit.estimate + half,
    p: fit.p,
    method: `cluster-robust (CR2), ${fit.clusters} clusters, Bell–McCaffrey ${fit.df.toFixed(1)} df`,
  };
}
