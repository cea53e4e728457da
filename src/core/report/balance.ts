import type { Campaign } from '../campaign/schema/index.ts';
import { ageBandLabels } from '../imports/survey-covariates.ts';
import type { SurveyCovariateRow } from '../metrics/queries/survey-covariates.ts';
import { SUPPRESS_BELOW, suppressSmallCounts, WITHHELD } from '../stats/index.ts';
import type { Report } from './schema.ts';

type BalanceRow = Report['balance'][number];
type Covariate = BalanceRow['covariate'];

/** |d| above this flags a covariate level as imbalanced between the arms (Austin 2009, §3.2; Normand et al. 2001). */
export const IMBALANCE_THRESHOLD = 0.1;

/**
 * The standardised difference of a share between two groups (Austin 2009, eq. 2):
 * d = (p₁ − p₂) / √((p₁(1 − p₁) + p₂(1 − p₂)) / 2). Unlike a test it does not grow with the sample: it
 * says how far apart the arms are, not how sure we are. Null when both shares are 0 or both 1 (no spread).
 * Reference: P. C. Austin (2009), "Balance diagnostics for comparing the distribution of baseline
 * covariates between treatment groups in propensity-score matched samples", Statistics in Medicine
 * 28(25):3083–3107.
 */
export function standardisedDifference(p1: number, p2: number): number | null {
  const spread = Math.sqrt((p1 * (1 - p1) + p2 * (1 - p2)) / 2);
  return spread > 0 ? (p1 - p2) / spread : null;
}

/**
 * How many values each withheld cell of a breakdown could take, given what is shown: the total, the
 * shown cells, that a cell shown as "<10" is 0…9 and one withheld to protect another is 10 or more.
 */
function candidates(hidden: { small: boolean }[], sum: number): number[] {
  const smalls = hidden.filter((h) => h.small).length;
  const others = hidden.length - smalls;
  return hidden.map((h) => {
    let n = 0;
    const [from, to] = h.small ? [0, SUPPRESS_BELOW - 1] : [SUPPRESS_BELOW, sum];
    for (let x = from; x <= Math.min(to, sum); x++) {
      const rest = sum - x;
      const s = smalls - (h.small ? 1 : 0);
      const o = others - (h.small ? 0 : 1);
      // The rest must split into s cells of 0…9 and o cells of 10 or more.
      const feasible = o > 0 ? rest >= o * SUPPRESS_BELOW : rest <= s * (SUPPRESS_BELOW - 1);
      if (feasible) n++;
      if (n >= 2) break;
    }
    return n;
  });
}

/**
 * Withholds a breakdown's counts whose total is shown elsewhere: small ones first (`suppressSmallCounts`),
 * then, while what is shown still pins a withheld cell to one value (a "<10" and a "withheld" adding up to
 * exactly 10 leave 0 and 10), the next smallest shown count too; all of them when the total is withheld.
 */
export function protectBreakdown(counts: number[], hideAll: boolean): { shown: boolean; small: boolean }[] {
  const cells = suppressSmallCounts(counts.map((count, i) => ({ key: String(i), count })));
  const out = cells.map((c) => ({ shown: !hideAll && !c.suppressed, small: c.suppressed && !c.secondary }));
  for (;;) {
    const hidden = out.map((c, i) => ({ ...c, i })).filter((c) => !c.shown);
    if (!hidden.length) break;
    const sum = hidden.reduce((s, c) => s + counts[c.i]!, 0);
    if (candidates(hidden, sum).every((n) => n >= 2)) break;
    const next = out
      .map((c, i) => ({ c, i }))
      .filter((x) => x.c.shown)
      .sort((a, b) => counts[a.i]! - counts[b.i]!)[0];
    if (!next) break;
    next.c.shown = false;
  }
  return out;
}

/**
 * The balance table of a survey by arm and wave: for each covariate the campaign maps (age band, gender,
 * language), each level's count and share in the reached and comparison arm, their standardised difference
 * (`standardisedDifference`) and a flag where |d| > 0.1. Respondents who left the question unanswered are
 * a level of their own (''), so each arm's levels add up to its respondents. Mean age is not given: age
 * is stored as a band only.
 *
 * Disclosure control: each arm × wave × covariate breakdown adds up to the cell's respondents, which the
 * outcomes and the flow show, so it gets primary and complementary suppression (`protectBreakdown`);
 * a withheld count takes its share and its standardised difference with it, and a wave × arm cell the
 * outcomes withhold takes all its rows.
 */
export function buildBalance(
  campaign: Campaign,
  rows: readonly SurveyCovariateRow[],
  outcomes: Report['outcomes'],
): BalanceRow[] {
  const mapped = campaign.evaluation.survey?.covariates;
  if (!mapped || !rows.some((r) => r.arm === 'treatment') || !rows.some((r) => r.arm === 'control'))
    return [];
  const covariates: [Covariate, (r: SurveyCovariateRow) => string | null, string[]][] = [];
  if (mapped.age) covariates.push(['age', (r) => r.age_band, ageBandLabels(mapped.age.bands)]);
  if (mapped.gender) covariates.push(['gender', (r) => r.gender, []]);
  if (mapped.language) covariates.push(['language', (r) => r.language, []]);
  const cellHidden = (wave: string, arm: string) =>
    outcomes.some((o) => o.cells.some((c) => c.wave === wave && c.arm === arm && c.value.n.value === null));
  const out: BalanceRow[] = [];
  for (const wave of ['baseline', 'endline']) {
    const inWave = rows.filter((r) => r.wave === wave);
    for (const [covariate, of, order] of covariates) {
      const known = inWave.filter((r) => of(r) !== null);
      if (!known.length) continue;
      const seen = new Set(known.map((r) => of(r)!));
      const levels = [
        ...order.filter((l) => seen.has(l)),
        ...[...seen].filter((l) => l !== '' && !order.includes(l)).sort(),
        ...(seen.has('') ? [''] : []),
      ];
      const arms = (['treatment', 'control'] as const).map((arm) => {
        const mine = known.filter((r) => r.arm === arm);
        const counts = levels.map((l) => mine.filter((r) => of(r) === l).length);
        return { arm, total: mine.length, counts, shown: protectBreakdown(counts, cellHidden(wave, arm)) };
      });
      levels.forEach((level, i) => {
        const cell = (a: (typeof arms)[number]) => {
          const s = a.shown[i]!;
          const count = a.counts[i]!;
          return s.shown
            ? {
                count: { value: count, display: count.toLocaleString('en'), suppressed: false },
                share: a.total ? count / a.total : null,
              }
            : {
                count: { value: null, display: s.small ? `<${SUPPRESS_BELOW}` : WITHHELD, suppressed: true },
                share: null,
              };
        };
        const [t, c] = [cell(arms[0]!), cell(arms[1]!)];
        const d = t.share !== null && c.share !== null ? standardisedDifference(t.share, c.share) : null;
        out.push({
          covariate,
          level,
          wave,
          treatment: t,
          control: c,
          standardised: d,
          imbalanced: d === null ? null : Math.abs(d) > IMBALANCE_THRESHOLD,
        });
      });
    }
  }
  return out;
}
