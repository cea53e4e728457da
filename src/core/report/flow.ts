import type { SurveyAnswerRow } from '../metrics/queries/survey.ts';
import { SUPPRESS_BELOW, suppressSmallCounts, WITHHELD } from '../stats/index.ts';
import type { Count, Report } from './schema.ts';

type FlowRow = Report['flow'][number];

const withheld = (small: boolean): Count => ({
  value: null,
  display: small ? `<${SUPPRESS_BELOW}` : WITHHELD,
  suppressed: true,
});
const shown = (v: number): Count => ({ value: v, display: v.toLocaleString('en'), suppressed: false });

/**
 * The CONSORT-style flow of a clustered survey (CONSORT 2010 extension to cluster randomised trials,
 * Campbell et al. 2012, BMJ 345:e5661, item 13 and its flow diagram): per arm, cluster and wave, the
 * respondents who consented (rows without consent are never stored, so "sampled" is the import's count,
 * not the report's), how many answered each indicator, and whether the indicator's effect analysed them.
 *
 * Disclosure control, the report's rule for survey counts: within each wave × arm, the clusters'
 * respondent counts are a breakdown of the wave × arm cell shown with the outcomes, so they get primary
 * and complementary suppression (`suppressSmallCounts`), and the whole group is withheld where the cell
 * itself is. An "answered" count is shown only where it is 10 or more and the respondents who did not
 * answer are none or 10 or more (so no small group of non-respondents can be worked out), and where one
 * cluster's count in a group is withheld so is the next smallest (the group's answered counts add up to
 * the cell's n).
 */
export function buildFlow(answers: readonly SurveyAnswerRow[], outcomes: Report['outcomes']): FlowRow[] {
  const indicators = outcomes.map((o) => o.indicator);
  const key = (a: { arm: string; cluster: string; wave: string }) => `${a.arm}|${a.cluster}|${a.wave}`;
  const people = new Map<string, Set<number>>();
  const answered = new Map<string, Map<string, Set<number>>>();
  for (const a of answers) {
    const k = key(a);
    if (!people.has(k)) people.set(k, new Set());
    people.get(k)!.add(a.response_id);
    if (!answered.has(k)) answered.set(k, new Map());
    const byIndicator = answered.get(k)!;
    if (!byIndicator.has(a.indicator)) byIndicator.set(a.indicator, new Set());
    byIndicator.get(a.indicator)!.add(a.response_id);
  }
  const rows = [...people.keys()].sort().map((k) => {
    const [arm, cluster, wave] = k.split('|') as [string, string, string];
    return { arm, cluster, wave, n: people.get(k)!.size, byIndicator: answered.get(k)! };
  });
  // A wave × arm cell withheld with the outcomes takes its clusters with it.
  const cellHidden = (wave: string, arm: string) =>
    outcomes.some((o) => o.cells.some((c) => c.wave === wave && c.arm === arm && c.value.n.value === null));
  const out: FlowRow[] = rows.map((r) => ({
    arm: r.arm,
    cluster: r.cluster,
    wave: r.wave,
    respondents: shown(r.n),
    answered: indicators.map((indicator) => ({
      indicator,
      count: shown(r.byIndicator.get(indicator)?.size ?? 0),
    })),
    analysed: indicators.map((indicator) => ({
      indicator,
      analysed: !!outcomes.find((o) => o.indicator === indicator)?.effect,
    })),
  }));
  for (const group of groupBy(out, (r) => `${r.wave}|${r.arm}`)) {
    const { wave, arm } = group[0]!;
    const hideAll = cellHidden(wave, arm);
    const respondents = suppressSmallCounts(
      group.map((r, i) => ({ key: String(i), count: r.respondents.value! })),
    );
    group.forEach((r, i) => {
      const c = respondents[i]!;
      if (hideAll || c.suppressed) r.respondents = withheld(!c.secondary && c.count < SUPPRESS_BELOW);
    });
    indicators.forEach((_, j) => {
      const counts = group.map((r) => r.answered[j]!);
      counts.forEach((c, i) => {
        const missing = people.get(key(group[i]!))!.size - c.count.value!;
        if (
          hideAll ||
          group[i]!.respondents.value === null ||
          c.count.value! < SUPPRESS_BELOW ||
          (missing > 0 && missing < SUPPRESS_BELOW)
        )
          c.count = withheld(c.count.value! < SUPPRESS_BELOW);
      });
      const hidden = counts.filter((c) => c.count.value === null);
      if (hidden.length === 1) {
        const next = counts
          .filter((c) => c.count.value !== null)
          .sort((a, b) => a.count.value! - b.count.value!)[0];
        if (next) next.count = withheld(false);
      }
    });
  }
  return out;
}

function groupBy<T>(items: T[], by: (t: T) => string): T[][] {
  const m = new Map<string, T[]>();
  for (const t of items) {
    const k = by(t);
    if (!m.has(k)) m.set(k, []);
    m.get(k)!.push(t);
  }
  return [...m.values()];
}
