import { tCritical } from './distributions.ts';
import { MIN_RELIABLE_N, type Estimate } from './types.ts';

/** Arithmetic mean and sample variance (n − 1 denominator). */
export function meanAndVariance(values: readonly number[]): { mean: number; variance: number; n: number } {
  const n = values.length;
  if (n === 0) return { mean: Number.NaN, variance: Number.NaN, n };
  let mean = 0;
  // Welford's update: stable for long lists of similar values.
  let m2 = 0;
  values.forEach((v, i) => {
    const delta = v - mean;
    mean += delta / (i + 1);
    m2 += delta * (v - mean);
  });
  return { mean, variance: n > 1 ? m2 / (n - 1) : Number.NaN, n };
}

/**
 * Mean with the Student t interval: x̄ ± t_{1−α/2, n−1} · s/√n.
 * Assumptions: independent observations; the mean is approximately normal (true for scales such as
 * 1–5 risk perception once n is moderate). Reference: W. S. Gosset ("Student", 1908), Biometrika 6:1–25;
 * NIST/SEMATECH e-Handbook of Statistical Methods, §7.2.2.1.
 */
export function meanInterval(values: readonly number[], level = 0.95): Estimate {
  const { mean, variance, n } = meanAndVariance(values);
  const se = Math.sqrt(variance / n);
  const half = n > 1 ? tCritical(n - 1, level) * se : Number.NaN;
  return {
    estimate: mean,
    lower: mean - half,
    upper: mean + half,
    se,
    n,
    level,
    unreliable: n < MIN_RELIABLE_N,
  };
}
