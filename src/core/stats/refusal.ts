/**
 * Why a statistic is refused rather than computed: a message key of locales/en.json (fr, ar) with the
 * figures it interpolates. A refusal replaces numbers that would only be rounding noise (a standard error
 * of 3e-16, a p-value of 1e-31) or a formula applied outside its assumptions (an MDE of 0 from a baseline
 * share of 0).
 */
export interface Refusal {
  key: string;
  values: Record<string, number | string>;
}

/** Relative size below which a spread is rounding noise of the values, not variation in them. */
const NOISE = 1e-12;

/**
 * Whether groups of answers (the four wave × arm cells of a difference-in-differences, the two waves of a
 * before/after comparison) vary enough for a standard error: refused when every answer is the same
 * (`noVariation`: the estimate is 0 and every test would be 0/0), and when no group varies within itself
 * (`noVariationWithinGroups`: the residuals are all zero, so every standard error is zero and every
 * p-value is 0 — a certainty no survey gives). Null when the groups vary.
 */
export function varianceRefusal(groups: readonly (readonly number[])[]): Refusal | null {
  const all = groups.flat();
  if (!all.length) return null;
  const scale = Math.max(1, ...all.map(Math.abs));
  const spread = (ys: readonly number[]) => (ys.length ? Math.max(...ys) - Math.min(...ys) : 0);
  if (spread(all) <= NOISE * scale)
    return { key: 'dashboard.evidence.refused.noVariation', values: { value: all[0]! } };
  if (groups.every((g) => spread(g) <= NOISE * scale))
    return { key: 'dashboard.evidence.refused.noVariationWithinGroups', values: { nGroups: groups.length } };
  return null;
}
