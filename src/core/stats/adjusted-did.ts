import { clusterRobustFit } from './cluster-robust.ts';
import type { DidObservation } from './difference.ts';
import { buildDidDesign, DID_COEFFICIENT } from './did-model.ts';
import { tCritical } from './distributions.ts';

export interface AdjustedObservation extends DidObservation {
  /** The respondent's level of each covariate, in the same order for every observation ('' = not answered). */
  covariates: readonly string[];
}

export interface AdjustedDidEstimate {
  estimate: number;
  /** CR2 standard error, Bell–McCaffrey df, interval and p; null where the design allows no interval. */
  se: number | null;
  df: number | null;
  lower: number | null;
  upper: number | null;
  p: number | null;
  /** Dummy columns in the model besides the four of the DiD (levels other than each covariate's most frequent). */
  dummies: number;
}

/**
 * The difference-in-differences adjusted for respondents' covariates, as a sensitivity analysis beside the
 * unadjusted one: the coefficient d of the linear probability model (for a share; a linear model for a
 * scale) y = a + b·treated + c·post + d·treated·post + Σ γ_l·[covariate = l], with one dummy per level of
 * each covariate except its most frequent (the reference), and missing answers a level of their own, so
 * no respondent is dropped. The standard error is CR2 with Bell–McCaffrey degrees of freedom, as for the
 * primary estimate (`clusterRobustFit`, the same machinery with more columns). In repeated cross-sections
 * the adjustment corrects for a change in who was interviewed (a wave or arm with more young men) when the
 * covariates predict the outcome; with balanced covariates it moves the estimate little.
 *
 * Known values: a covariate that is constant adds no column, and the estimate, SE and df are the
 * unadjusted ones; when y = d·treated·post + γ·x + e with e of mean zero within each wave × arm × level
 * group, OLS returns d exactly (e is orthogonal to every regressor, which are constant within groups),
 * whatever the imbalance in x — the unadjusted estimate is then d + γ·ΔΔx̄.
 * References: J. D. Angrist & J.-S. Pischke (2009), Mostly Harmless Econometrics, §3.2 and §5.2;
 * J. E. Pustejovsky & E. Tipton (2018), JBES 36(4):672–683 (CR2 for any design matrix).
 * Returns null when the covariates are collinear with the arms or waves (a level found in one cluster only
 * can be): there is no adjusted estimate to show.
 */
export function estimateAdjustedDiD(
  observations: readonly AdjustedObservation[],
  options: { level?: number; interval?: boolean } = {},
): AdjustedDidEstimate | null {
  const design = buildDidDesign(observations);
  const n = observations.length;
  const width = observations[0]?.covariates.length ?? 0;
  // Dummy columns: every level but the most frequent of each covariate, in a fixed (sorted) order.
  const columns: { covariate: number; level: string }[] = [];
  for (let j = 0; j < width; j++) {
    const counts = new Map<string, number>();
    for (const o of observations) counts.set(o.covariates[j]!, (counts.get(o.covariates[j]!) ?? 0) + 1);
    const levels = [...counts.keys()].sort();
    const reference = levels.reduce((a, b) => (counts.get(b)! > counts.get(a)! ? b : a));
    for (const level of levels) if (level !== reference) columns.push({ covariate: j, level });
  }
  const k0 = design.model.k;
  const k = k0 + columns.length;
  const x = new Float64Array(n * k);
  observations.forEach((o, r) => {
    for (let i = 0; i < k0; i++) x[r * k + i] = design.model.x[r * k0 + i]!;
    columns.forEach((c, i) => {
      x[r * k + k0 + i] = o.covariates[c.covariate] === c.level ? 1 : 0;
    });
  });
  let fit: ReturnType<typeof clusterRobustFit>;
  try {
    fit = clusterRobustFit({ ...design.model, x, k }, DID_COEFFICIENT);
  } catch {
    return null;
  }
  if (options.interval === false || !Number.isFinite(fit.se.cr2) || !Number.isFinite(fit.df))
    return {
      estimate: fit.estimate,
      se: null,
      df: null,
      lower: null,
      upper: null,
      p: null,
      dummies: columns.length,
    };
  const half = tCritical(fit.df, options.level ?? 0.95) * fit.se.cr2;
  return {
    estimate: fit.estimate,
    se: fit.se.cr2,
    df: fit.df,
    lower: fit.estimate - half,
    upper: fit.estimate + half,
    p: fit.p,
    dummies: columns.length,
  };
}
