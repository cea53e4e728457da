/**
 * Cohen's h, the difference of two shares on the arcsine scale: h = φ(p₁) − φ(p₂), φ(p) = 2·arcsin √p.
 * Unlike a difference of shares it means the same near 0 or 1 as near ½ (0.2 small, 0.5 medium, 0.8
 * large). Reference: J. Cohen (1988), Statistical Power Analysis for the Behavioral Sciences, 2nd ed.,
 * §6.2 and Table 6.2.1 (φ).
 */
export function cohenH(p1: number, p2: number): number {
  const phi = (p: number) => 2 * Math.asin(Math.sqrt(Math.min(1, Math.max(0, p))));
  return phi(p1) - phi(p2);
}

/**
 * Standardised difference-in-differences: for shares, the difference of the two arms' changes on the
 * arcsine scale, h = [φ(p_T,end) − φ(p_T,base)] − [φ(p_C,end) − φ(p_C,base)] (Cohen's h of each arm's
 * change, differenced); for a scale, the DiD divided by the pooled baseline standard deviation
 * s = √(((n_T − 1)s_T² + (n_C − 1)s_C²)/(n_T + n_C − 2)), in SD units (Cohen's d with the baseline SD,
 * so the campaign cannot change the yardstick). Null where the baseline SD is 0.
 * References: Cohen (1988) §2.2 and §6.2; L. V. Hedges (1981), J. Educational Statistics 6(2):107–128;
 * What Works Clearinghouse (2022), Procedures and Standards Handbook 5.0, §VI (effect sizes for DiD).
 */
export function standardisedDiD(
  kind: 'share' | 'mean',
  cells: {
    treatedBase: number[];
    treatedEnd: number[];
    controlBase: number[];
    controlEnd: number[];
  },
): number | null {
  const mean = (ys: number[]) => ys.reduce((a, b) => a + b, 0) / ys.length;
  const { treatedBase: tb, treatedEnd: te, controlBase: cb, controlEnd: ce } = cells;
  if (![tb, te, cb, ce].every((c) => c.length > 1)) return null;
  if (kind === 'share') return cohenH(mean(te), mean(tb)) - cohenH(mean(ce), mean(cb));
  const ss = (ys: number[]) => {
    const m = mean(ys);
    return ys.reduce((s, y) => s + (y - m) ** 2, 0);
  };
  const sd = Math.sqrt((ss(tb) + ss(cb)) / (tb.length + cb.length - 2));
  if (!(sd > 0)) return null;
  return (mean(te) - mean(tb) - (mean(ce) - mean(cb))) / sd;
}

/**
 * Cronbach's alpha of a multi-item index: α = k/(k − 1) · (1 − Σ s²_i / s²_total), with s²_i each item's
 * variance and s²_total the variance of the respondents' item sums (n − 1 denominators throughout; for
 * 0/1 items this is KR-20). Only respondents who answered every item count. Null with fewer than two
 * items or three respondents, or when the sums do not vary.
 * References: L. J. Cronbach (1951), Psychometrika 16(3):297–334; G. F. Kuder & M. W. Richardson (1937),
 * Psychometrika 2(3):151–160.
 */
export function cronbachAlpha(rows: readonly (readonly number[])[]): number | null {
  const k = rows[0]?.length ?? 0;
  const complete = rows.filter((r) => r.length === k && r.every(Number.isFinite));
  const n = complete.length;
  if (k < 2 || n < 3) return null;
  const variance = (ys: number[]) => {
    const m = ys.reduce((a, b) => a + b, 0) / ys.length;
    return ys.reduce((s, y) => s + (y - m) ** 2, 0) / (ys.length - 1);
  };
  let items = 0;
  for (let i = 0; i < k; i++) items += variance(complete.map((r) => r[i]!));
  const total = variance(complete.map((r) => r.reduce((a, b) => a + b, 0)));
  if (!(total > 0)) return null;
  return (k / (k - 1)) * (1 - items / total);
}
