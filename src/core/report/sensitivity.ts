import type { Campaign } from '../campaign/schema/index.ts';
import type { SurveyAnswerRow } from '../metrics/queries/survey.ts';
import type { SurveyCovariateRow } from '../metrics/queries/survey-covariates.ts';
import type { DontKnowAnswerRow } from '../metrics/queries/survey-dont-know.ts';
import {
  estimateAdjustedDiD,
  estimateClusteredDiD,
  SUPPRESS_BELOW,
  varianceRefusal,
  type DidObservation,
} from '../stats/index.ts';
import type { Message, Report } from './schema.ts';

type Outcome = Report['outcomes'][number];
type Sensitivity = NonNullable<Outcome['sensitivity']>;
type Covariate = Sensitivity['covariates'][number];

interface Score extends DidObservation {
  response: number;
}

/** Each respondent's score on an indicator: the mean of its items, leaving out the answers `skip` names. */
function scoresOf(answers: readonly SurveyAnswerRow[], indicator: string, skip: Set<string>): Score[] {
  const by = new Map<number, { sum: number; k: number; a: SurveyAnswerRow }>();
  for (const a of answers) {
    if (a.indicator !== indicator || skip.has(`${a.response_id}|${a.item}`)) continue;
    const r = by.get(a.response_id) ?? { sum: 0, k: 0, a };
    r.sum += a.value;
    r.k++;
    by.set(a.response_id, r);
  }
  return [...by.entries()].map(([response, r]) => ({
    response,
    y: r.sum / r.k,
    treated: r.a.arm === 'treatment',
    post: r.a.wave === 'endline',
    cluster: r.a.cluster,
  }));
}

const CELLS = [
  [true, true],
  [true, false],
  [false, true],
  [false, false],
] as const;

/**
 * Sensitivity analyses beside each shown clustered DiD effect (issue 17): the effect adjusted for the
 * respondents' covariates (`estimateAdjustedDiD`: age band, gender and language dummies, CR2 as the primary
 * uses), and, for an indicator with "don't know" answers, the effect with them left out beside the effect
 * with them scored as the mapping says (usually as "no"), as a range. Each with a message saying how far it
 * moves the effect. Only where the effect itself is shown; the adjusted interval only where the primary has
 * one (one cluster in an arm gives an estimate only).
 *
 * Disclosure control: the "don't know" figures are shown only where, in every wave × arm cell, the
 * respondents with a "don't know" answer are none or at least 10 and those left are at least 10; otherwise
 * the effect without them (with the cells' sizes the outcomes show) could give away a small count.
 */
export function addSensitivity(
  campaign: Campaign,
  outcomes: Outcome[],
  answers: readonly SurveyAnswerRow[],
  covariateRows: readonly SurveyCovariateRow[],
  dontKnow: readonly DontKnowAnswerRow[],
): void {
  const mapped = campaign.evaluation.survey?.covariates;
  const covariates: Covariate[] = mapped
    ? (['age', 'gender', 'language'] as const).filter((c) => mapped[c] !== undefined)
    : [];
  const level = new Map(
    covariateRows.map((r) => [r.response_id, [r.age_band ?? '', r.gender ?? '', r.language ?? '']]),
  );
  const column = { age: 0, gender: 1, language: 2 } as const;
  for (const o of outcomes) {
    const e = o.effect;
    if (!e?.clustered) continue;
    const share = o.kind === 'share';
    const messages: Message[] = [];
    const scores = scoresOf(answers, o.indicator, new Set());
    let adjusted: Sensitivity['adjusted'] = null;
    if (covariates.length && scores.every((s) => level.has(s.response))) {
      const fit = estimateAdjustedDiD(
        scores.map((s) => ({
          ...s,
          covariates: covariates.map((c) => level.get(s.response)![column[c]]!),
        })),
        { interval: e.lower !== null },
      );
      if (fit) {
        adjusted = { ...fit, respondents: scores.length };
        messages.push(moved(share ? 'adjustedShare' : 'adjustedMean', share, e.estimate, fit.estimate));
      } else messages.push({ key: 'dashboard.sensitivity.adjustedNone', values: {} });
    }
    const dk = dontKnow.filter((d) => d.indicator === o.indicator);
    let dontKnowPart: Sensitivity['dontKnow'] = null;
    if (dk.length) {
      const skip = new Set(dk.map((d) => `${d.response_id}|${d.item}`));
      const withDk = new Set(dk.map((d) => d.response_id));
      const left = scoresOf(answers, o.indicator, skip);
      const safe = CELLS.every(([t, p]) => {
        const cell = scores.filter((s) => s.treated === t && s.post === p);
        const dks = cell.filter((s) => withDk.has(s.response)).length;
        const rest = left.filter((s) => s.treated === t && s.post === p).length;
        return (dks === 0 || dks >= SUPPRESS_BELOW) && rest >= SUPPRESS_BELOW;
      });
      const answersCount = {
        value: safe ? withDk.size : null,
        display: safe ? withDk.size.toLocaleString('en') : 'withheld',
        suppressed: !safe,
      };
      let excluded: Sensitivity['adjusted'] = null;
      if (!safe) messages.push({ key: 'dashboard.sensitivity.dontKnowWithheld', values: {} });
      else if (
        !varianceRefusal(
          CELLS.map(([t, p]) => left.filter((s) => s.treated === t && s.post === p).map((s) => s.y)),
        )
      ) {
        try {
          const f = estimateClusteredDiD(left);
          excluded = {
            estimate: f.estimate,
            se: e.lower === null || f.lower === null ? null : f.se,
            df: e.lower === null || f.lower === null ? null : f.df,
            lower: e.lower === null ? null : f.lower,
            upper: e.lower === null ? null : f.upper,
            p: e.lower === null ? null : f.p,
            dummies: 0,
            respondents: left.length,
          };
          messages.push(moved(share ? 'dontKnowShare' : 'dontKnowMean', share, e.estimate, f.estimate));
        } catch {
          excluded = null;
        }
      }
      dontKnowPart = {
        answers: answersCount,
        excluded,
        range: excluded
          ? {
              lower: Math.min(e.estimate, excluded.estimate),
              upper: Math.max(e.estimate, excluded.estimate),
            }
          : null,
      };
    }
    if (adjusted || dontKnowPart || messages.length)
      o.sensitivity = { covariates, adjusted, dontKnow: dontKnowPart, messages };
  }
}

/** "The effect is X instead of Y: it moves by Z", in percentage points for a share (values named pp…). */
function moved(key: string, share: boolean, primary: number, other: number): Message {
  const [a, b, c] = share ? ['ppPrimary', 'ppOther', 'ppShift'] : ['primary', 'other', 'shift'];
  return {
    key: `dashboard.sensitivity.${key}`,
    values: { [a]: primary, [b]: other, [c]: Math.abs(other - primary) },
  };
}
