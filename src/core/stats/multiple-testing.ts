/**
 * Holm's step-down adjustment of p-values for the secondary indicators, controlling the family-wise
 * error rate under any dependence between the tests. With the m p-values sorted, p₍₁₎ ≤ … ≤ p₍ₘ₎,
 *   p̃₍ᵢ₎ = min(1, max_{j ≤ i} (m − j + 1)·p₍ⱼ₎),
 * returned in the order given; H₍ᵢ₎ is rejected at level α when p̃₍ᵢ₎ ≤ α, which is Holm's rule of
 * comparing p₍ᵢ₎ with α/(m − i + 1) until the first failure. NaN (no test) stays NaN and does not count in m.
 * Reference: S. Holm (1979), "A simple sequentially rejective multiple test procedure", Scandinavian
 * Journal of Statistics 6(2):65–70; adjusted p-values as in S. P. Wright (1992), Biometrics 48:1005–1013
 * (and R's p.adjust(method = "holm")).
 */
export function holmAdjust(pValues: readonly number[]): number[] {
  const tested = pValues.map((p, i) => ({ p, i })).filter((e) => !Number.isNaN(e.p));
  tested.sort((a, b) => a.p - b.p);
  const m = tested.length;
  const out = pValues.map(() => Number.NaN);
  let running = 0;
  tested.forEach((e, rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * e.p));
    out[e.i] = running;
  });
  return out;
}
