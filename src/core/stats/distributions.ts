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

/** One-sided quantile of Student's t (for power: t_{0.80, df}). */
export function tQuantileAt(p: number, df: number): number {
  if (!(df > 0)) return Number.NaN;
  return tQuantile(p, df);
}

/**
 * Two-sided p-value of Student's t, P(|T_df| ≥ |t|) = I_{df/(df+t²)}(df/2, 1/2), for any real df > 0
 * (Satterthwaite degrees of freedom are not whole numbers). The regularised incomplete beta function is
 * evaluated by its continued fraction with the modified Lentz method, and ln Γ by the Lanczos series.
 * Reference: M. Abramowitz & I. A. Stegun (1964), Handbook of Mathematical Functions, 26.7.1 and 26.5.8;
 * W. H. Press et al. (2007), Numerical Recipes, 3rd ed., §6.4 (incomplete beta) and §6.1 (gamma).
 */
export function tTwoSidedP(t: number, df: number): number {
  if (!(df > 0) || Number.isNaN(t)) return Number.NaN;
  if (!Number.isFinite(t)) return 0;
  return regularisedBeta(df / (df + t * t), df / 2, 0.5);
}

/**
 * Quantile of Fisher's F(d1, d2): the x with P(F ≤ x) = p, where P(F ≤ x) = I_{d1·x/(d1·x + d2)}(d1/2, d2/2)
 * (Abramowitz & Stegun 26.6.2), found by bisection on that regularised incomplete beta (to 1e-12).
 */
export function fQuantile(p: number, d1: number, d2: number): number {
  if (!(p > 0 && p < 1) || !(d1 > 0) || !(d2 > 0)) return Number.NaN;
  const cdf = (x: number) => regularisedBeta((d1 * x) / (d1 * x + d2), d1 / 2, d2 / 2);
  let hi = 1;
  while (cdf(hi) < p && hi < 1e12) hi *= 2;
  let lo = 0;
  for (let i = 0; i < 200 && hi - lo > 1e-12 * Math.max(1, hi); i++) {
    const mid = (lo + hi) / 2;
    if (cdf(mid) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

const LANCZOS = [
  57.1562356658629235, -59.5979603554754912, 14.1360979747417471, -0.491913816097620199,
  0.339946499848118887e-4, 0.465236289270485756e-4, -0.983744753048795646e-4, 0.158088703224912494e-3,
  -0.210264441724104883e-3, 0.217439618115212643e-3, -0.16431810653676389e-3, 0.844182239838527433e-4,
  -0.261908384015814087e-4, 0.368991826595316234e-5,
];

function logGamma(x: number): number {
  let y = x;
  const tmp = x + 5.2421875;
  const t = (x + 0.5) * Math.log(tmp) - tmp;
  let ser = 0.999999999999997092;
  for (const c of LANCZOS) ser += c / ++y;
  return t + Math.log((2.5066282746310005 * ser) / x);
}

function regularisedBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  // The continued fraction converges fast for x < (a+1)/(a+b+2); use the symmetry I_x(a,b) = 1 − I_{1−x}(b,a) otherwise.
  if (x < (a + 1) / (a + b + 2)) return (front * betaFraction(x, a, b)) / a;
  return 1 - (front * betaFraction(1 - x, b, a)) / b;
}

function betaFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-15) break;
  }
  return h;
}
