import { fQuantile } from './distributions.ts';

/**
 * Intra-cluster correlation by the one-way analysis-of-variance estimator:
 *   ρ̂ = (MSB − MSW) / (MSB + (n₀ − 1)·MSW),
 * MSB = Σ_g n_g(ȳ_g − ȳ)²/(G − 1), MSW = Σ_g Σ_i (y_gi − ȳ_g)²/(N − G), n₀ = (N − Σ_g n_g²/N)/(G − 1)
 * (n₀ = the cluster size when all are equal). Negative values (less alike within than between clusters)
 * are returned as they are; a design effect should use max(0, ρ̂). Works for 0/1 answers as for scales.
 * Assumptions: one-way random-effects model, clusters a sample of clusters. With few clusters the
 * estimate is very imprecise: plan with a documented default instead of trusting it.
 * References: A. Donner (1986), International Statistical Review 54(1):67–82; P. E. Shrout & J. L. Fleiss
 * (1979), Psychological Bulletin 86(2):420–428 (ICC(1,1)); S. M. Eldridge, O. C. Ukoumunne & J. B. Carlin
 * (2009), International Statistical Review 77(3):378–394.
 */
export function estimateIcc(
  values: readonly number[],
  clusters: readonly string[],
): { icc: number; clusters: number; n: number } {
  const groups = new Map<string, { n: number; sum: number }>();
  values.forEach((y, i) => {
    const g = groups.get(clusters[i]!) ?? { n: 0, sum: 0 };
    g.n++;
    g.sum += y;
    groups.set(clusters[i]!, g);
  });
  const N = values.length;
  const G = groups.size;
  const grand = values.reduce((a, b) => a + b, 0) / N;
  let ssb = 0;
  let sumSq = 0;
  for (const g of groups.values()) {
    ssb += g.n * (g.sum / g.n - grand) ** 2;
    sumSq += g.n * g.n;
  }
  let ssw = 0;
  values.forEach((y, i) => {
    const g = groups.get(clusters[i]!)!;
    ssw += (y - g.sum / g.n) ** 2;
  });
  const msb = ssb / (G - 1);
  const msw = ssw / (N - G);
  const n0 = (N - sumSq / N) / (G - 1);
  return { icc: (msb - msw) / (msb + (n0 - 1) * msw), clusters: G, n: N };
}

/**
 * Design effect of cluster sampling: the factor by which clustering inflates the variance of a mean or
 * share over simple random sampling of the same number of respondents,
 *   DE = 1 + ((cv² + 1)·m̄ − 1)·ρ,
 * with m̄ the mean cluster size and cv the coefficient of variation of cluster sizes (0 for equal sizes,
 * giving Kish's 1 + (m − 1)ρ). A share's interval accounts for clustering when computed on the effective
 * sample size n / DE. References: L. Kish (1965), Survey Sampling, §5.4; S. M. Eldridge, D. Ashby &
 * S. Kerry (2006), International Journal of Epidemiology 35(5):1292–1300.
 */
export function designEffect(meanClusterSize: number, icc: number, cv = 0): number {
  return 1 + ((cv * cv + 1) * meanClusterSize - 1) * Math.max(0, icc);
}

/**
 * The one-way ANOVA ICC of `estimateIcc` with its confidence interval from the F distribution: with
 * F = MSB/MSW on (G − 1, N − G) degrees of freedom, F_L = F / F_{1−α/2}, F_U = F / F_{α/2} and
 *   ρ_L = (F_L − 1) / (F_L + n₀ − 1),  ρ_U = (F_U − 1) / (F_U + n₀ − 1)
 * (exact for equal cluster sizes under the one-way random-effects model, approximate otherwise, with n₀
 * for the size). The lower end may be negative (shown as it is, like the estimate). Null bounds with fewer
 * than two clusters or no variation within them.
 * References: Shrout & Fleiss (1979), Table 4, ICC(1,1); S. R. Searle (1971), Linear Models, §9.7;
 * McGraw & Wong (1996), Psychological Methods 1(1):30–46; R psych::ICC (ICC1).
 */
export function iccInterval(
  values: readonly number[],
  clusters: readonly string[],
  level = 0.95,
): { icc: number; lower: number | null; upper: number | null; clusters: number; n: number; f: number } {
  const groups = new Map<string, number[]>();
  values.forEach((y, i) => {
    const g = groups.get(clusters[i]!) ?? [];
    g.push(y);
    groups.set(clusters[i]!, g);
  });
  const N = values.length;
  const G = groups.size;
  const grand = values.reduce((a, b) => a + b, 0) / N;
  let ssb = 0;
  let ssw = 0;
  let sumSq = 0;
  for (const g of groups.values()) {
    const m = g.reduce((a, b) => a + b, 0) / g.length;
    ssb += g.length * (m - grand) ** 2;
    for (const y of g) ssw += (y - m) ** 2;
    sumSq += g.length ** 2;
  }
  const msb = ssb / (G - 1);
  const msw = ssw / (N - G);
  const n0 = (N - sumSq / N) / (G - 1);
  const icc = (msb - msw) / (msb + (n0 - 1) * msw);
  const f = msb / msw;
  if (G < 2 || !(msw > 0) || !Number.isFinite(f))
    return { icc, lower: null, upper: null, clusters: G, n: N, f };
  const a = 1 - level;
  const fl = f / fQuantile(1 - a / 2, G - 1, N - G);
  const fu = f / fQuantile(a / 2, G - 1, N - G);
  return {
    icc,
    lower: (fl - 1) / (fl + n0 - 1),
    upper: (fu - 1) / (fu + n0 - 1),
    clusters: G,
    n: N,
    f,
  };
}
