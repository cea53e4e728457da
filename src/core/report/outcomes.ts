import type { Campaign } from '../campaign/schema/index.ts';
import type { SurveyAnswerRow } from '../metrics/queries/survey.ts';
import { estimateDiD, meanInterval, prePostChange, SUPPRESS_BELOW, wilsonInterval, type DidObservation, type Estimate } from '../stats/index.ts';
import { count } from './counts.ts';
import type { Report } from './schema.ts';

type Outcome = Report['outcomes'][number];

const WAVES = ['baseline', 'endline'] as const;

function estimateOf(values: number[]): Report['outcomes'][number]['cells'][number]['value'] {
  const n = values.length;
  if (n < SUPPRESS_BELOW) return { estimate: null, lower: null, upper: null, n: count(n, true), unreliable: true };
  const binary = !values.some((v) => v !== 0 && v !== 1);
  const e: Estimate = binary ? wilsonInterval(values.reduce((a, b) => a + b, 0), n) : meanInterval(values);
  return { estimate: e.estimate, lower: e.lower, upper: e.upper, n: count(n, true), unreliable: e.unreliable };
}

/**
 * Outcomes per indicator: each respondent's score is the mean of that indicator's items (for knowledge,
 * the share of items answered correctly), then estimates per wave × arm and the effect the design allows.
 */
export function buildOutcomes(campaign: Campaign, answers: SurveyAnswerRow[]): Outcome[] {
  const mapping = campaign.evaluation.survey;
  const design = campaign.evaluation.design;
  const indicators = [...new Set(answers.map((a) => a.indicator))];
  const hasArms = answers.some((a) => a.arm === 'treatment') && answers.some((a) => a.arm === 'control');
  return indicators.map((indicator) => {
    const scale = mapping?.items.some((i) => i.indicator === indicator && i.scale);
    const perRespondent = new Map<number, { sum: number; k: number; wave: string; arm: string; cluster: string }>();
    for (const a of answers) {
      if (a.indicator !== indicator) continue;
      const r = perRespondent.get(a.response_id) ?? { sum: 0, k: 0, wave: a.wave, arm: a.arm, cluster: a.cluster };
      r.sum += a.value;
      r.k += 1;
      perRespondent.set(a.response_id, r);
    }
    const scores = [...perRespondent.values()].map((r) => ({ y: r.sum / r.k, wave: r.wave, arm: r.arm, cluster: r.cluster }));
    const arms = hasArms ? ['treatment', 'control'] : [''];
    const cells = WAVES.flatMap((wave) => arms.map((arm) => ({ wave, arm: arm || 'all', value: estimateOf(scores.filter((s) => s.wave === wave && (!arm || s.arm === arm)).map((s) => s.y)) })));
    let effect: Outcome['effect'] = null;
    const enough = cells.every((c) => c.value.estimate !== null);
    if (enough && design !== 'reach-only') {
      if (hasArms && (design === 'difference-in-differences' || design === 'rct')) {
        const obs: DidObservation[] = scores.map((s) => ({ y: s.y, treated: s.arm === 'treatment', post: s.wave === 'endline', cluster: s.cluster }));
        const clusters = new Set(scores.map((s) => s.cluster)).size;
        const e = estimateDiD(obs, { clustered: !!mapping?.cluster && clusters > 2 });
        effect = { estimate: e.estimate, lower: e.lower, upper: e.upper, se: e.se, df: e.df, mde: e.mde, method: e.method, unreliable: e.unreliable };
      } else {
        const base = scores.filter((s) => s.wave === 'baseline').map((s) => s.y);
        const end = scores.filter((s) => s.wave === 'endline').map((s) => s.y);
        const e = prePostChange(base, end);
        effect = { estimate: e.estimate, lower: e.lower, upper: e.upper, se: e.se, df: e.df, mde: e.mde, method: e.method, unreliable: e.unreliable };
      }
    }
    const itemNames = [...new Set(answers.filter((a) => a.indicator === indicator).map((a) => a.item))];
    const items =
      itemNames.length > 1
        ? itemNames.flatMap((item) =>
            WAVES.flatMap((wave) =>
              arms.map((arm) => ({
                item,
                wave,
                arm: arm || 'all',
                value: estimateOf(answers.filter((a) => a.indicator === indicator && a.item === item && a.wave === wave && (!arm || a.arm === arm)).map((a) => a.value)),
              })),
            ),
          )
        : [];
    return { indicator, kind: scale ? ('mean' as const) : ('share' as const), cells, effect, design, items };
  });
}
