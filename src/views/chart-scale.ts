/**
 * Scales for the reports' static SVG charts (src/dashboard/charts/): drawn when the page or export is
 * made, with no script, so the HTML report and its PDF carry the same charts as the dashboard.
 */

/** The smallest 1, 2 or 5 × 10^k at or above `v` (0 stays 0): a round end for an axis. */
export function niceCeil(v: number): number {
  if (!(v > 0)) return 0;
  const k = 10 ** Math.floor(Math.log10(v));
  return ([1, 2, 5, 10].find((m) => m * k >= v * (1 - 1e-12)) ?? 10) * k;
}

/** An axis over `[lo, hi]` widened to round ends, with about `n` evenly spaced round ticks (0 included when inside). */
export function niceAxis(lo: number, hi: number, n = 4): { min: number; max: number; ticks: number[] } {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return { min: 0, max: 1, ticks: [0, 1] };
  if (lo === hi) [lo, hi] = lo === 0 ? [0, 1] : lo > 0 ? [0, lo] : [lo, 0];
  const step = niceCeil((hi - lo) / n);
  const min = Math.floor(lo / step) * step;
  const max = Math.ceil(hi / step) * step;
  const ticks: number[] = [];
  for (let v = min; v <= max + step / 2; v += step) ticks.push(Math.round(v / step) * step);
  return { min, max, ticks };
}

/**
 * A linear map from values to x positions across `[x0, x1]`, mirrored for right-to-left pages so that
 * values grow the way the page reads (the largest on the left in Arabic).
 */
export function xScale(min: number, max: number, x0: number, x1: number, dir: 'ltr' | 'rtl') {
  const span = max - min || 1;
  return (v: number) => {
    const f = (Math.min(Math.max(v, min), max) - min) / span;
    return dir === 'rtl' ? x1 - f * (x1 - x0) : x0 + f * (x1 - x0);
  };
}

/** Okabe–Ito colours: told apart with every common colour-vision deficiency. */
export const COLOURS = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#000000'];
