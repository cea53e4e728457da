import { zCritical } from './distributions.ts';
import { MIN_RELIABLE_N, type Estimate } from './types.ts';

/**
 * Share of successes with the Wilson score interval.
 *
 * Formula: with p̂ = x/n and z the normal critical value,
 *   centre = (p̂ + z²/2n) / (1 + z²/n),
 *   half   = z / (1 + z²/n) · √( p̂(1−p̂)/n + z²/4n² ).
 * Assumptions: independent respondents, simple random sampling (clustered samples need a design effect).
 * Unlike the Wald interval it stays inside [0, 1] and keeps near-nominal coverage for small n or p̂ near 0 or 1.
 * Reference: E. B. Wilson (1927), JASA 22:209–212; R. G. Newcombe (1998), Statistics in Medicine 17:857–872.
 */
export function wilsonInterval(successes: number, n: number, level = 0.95): Estimate {
  if (n <= 0)
    return {
      estimate: Number.NaN,
      lower: Number.NaN,
      upper: Number.NaN,
      se: Number.NaN,
      n: 0,
      level,
      unreliable: true,
    };
  const z = zCritical(level);
  const p = successes / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z / denom) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return {
    estimate: p,
    lower: Math.max(0, centre - half),
    upper: Math.min(1, centre + half),
    se: Math.sqrt((p * (1 - p)) / n),
    n,
    level,
    unreliable: n < MIN_RELIABLE_N,
  };
}
