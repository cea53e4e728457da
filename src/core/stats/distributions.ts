import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';
import tQuantile from '@stdlib/stats-base-dists-t-quantile';

/** Two-sided critical value of the standard normal: z such that P(|Z| ≤ z) = level. */
export function zCritical(level = 0.95): number {
  return normalQuantile((1 + level) / 2, 0, 1);
}

/** Two-sided critical value of Student's t with `df` degrees of freedom. */
export function tCritical(df: number, level = 0.95): number {
  if (!(df > 0)) return Number.NaN;
  return tQuantile((1 + level) / 2, df);
}

/** One-sided standard normal quantile (for power: z_{0.80} ≈ 0.8416). */
export function zQuantile(p: number): number {
  return normalQuantile(p, 0, 1);
}
