import type { Campaign } from '../campaign/schema/index.ts';
import type { SurveyAnswerRow } from '../metrics/queries/survey.ts';
import { planAssignment } from '../plan/assign.ts';
import { plural } from '../plan/power.ts';
import {
  assessReliability,
  DEFAULT_ICC,
  designEffect,
  designMinimumDetectableEffect,
  estimateClusteredDiD,
  estimateDiD,
  holmAdjust,
  meanAndVariance,
  meanInterval,
  MIN_RELIABLE_N,
  prePostChange,
  randomisationTestDiD,
  SUPPRESS_BELOW,
  tTwoSidedP,
  wildBootstrapDiD,
  wilsonInterval,
  cronbachAlpha,
  iccInterval,
  standardisedDiD,
  varianceRefusal,
  type DidObservation,
  type Estimate,
} from '../stats/index.ts';
import { count } from './counts.ts';
import {
  discloseOutcomes,
  EFFECT_WITHHELD_CLUSTER,
  effectWithheld,
  smallClusterShare,
} from './disclosure.ts';
import { fraction } from './format.ts';
import type { Message, Report } from './schema.ts';
import { keyList, say } from '../i18n/messages.ts';

type Outcome = Report['outcomes'][number];
type Effect = NonNullable<Outcome['effect']>;
type CellValue = Outcome['cells'][number]['value'];

const WAVES = ['baseline', 'endline'] as const;
const finite = (v: number | null | undefined) =>
  v === null || v === undefined || !Number.isFinite(v) ? null : v;

/**
 * A share or mean for one wave × arm. In a clustered sample the interval is computed on the effective
 * sample size n / DE, DE = 1 + ((cv² + 1)·m̄ − 1)·ρ (`designEffect`, with m̄ and cv the mean and coefficient
 * of variation of the cell's cluster sizes and ρ the plan's ICC), so it is as wide as clustering makes it.
 */
function estimateOf(values: number[], clusters: string[] | null, icc: number): CellValue {
  const n = values.length;
  if (n < SUPPRESS_BELOW)
    return {
      estimate: null,
      lower: null,
      upper: null,
      n: count(n, true),
      unreliable: true,
      designEffect: null,
    };
  const binary = !values.some((v) => v !== 0 && v !== 1);
  let de: number | null = null;
  if (clusters) {
    const sizes = new Map<string, number>();
    for (const c of clusters) sizes.set(c, (sizes.get(c) ?? 0) + 1);
    const s = meanAndVariance([...sizes.values()]);
    const cv = sizes.size > 1 ? Math.sqrt(s.variance) / s.mean : 0;
    de = designEffect(s.mean, icc, cv);
  }
  const k = de ?? 1;
  const e: Estimate = binary
    ? wilsonInterval(values.reduce((a, b) => a + b, 0) / k, n / k)
    : widen(meanInterval(values), Math.sqrt(k));
  // Reliability is judged on the respondents actually interviewed; the design effect is in the interval.
  return {
    estimate: e.estimate,
    lower: e.lower,
    upper: e.upper,
    n: count(n, true),
    unreliable: n < MIN_RELIABLE_N,
    designEffect: de,
  };
}

function widen(e: Estimate, factor: number): Estimate {
  return {
    ...e,
    lower: e.estimate - (e.estimate - e.lower) * factor,
    upper: e.estimate + (e.upper - e.estimate) * factor,
    se: e.se * factor,
  };
}

interface Score {
  y: number;
  wave: string;
  arm: string;
  cluster: string;
}

/** The effect of a clustered DiD: CR2 by default, with the bootstrap and randomisation tests beside it. */
function clusteredEffect(
  obs: DidObservation[],
  assignment: { text: string; message: Message },
  unit: string,
): Omit<Effect, 'mde' | 'mdeBasis' | 'mdeBasisMessage'> {
  const e = estimateClusteredDiD(obs, { units: { one: unit, many: plural(unit) } });
  const wb = wildBootstrapDiD(obs);
  const ri = randomisationTestDiD(obs);
  return {
    estimate: e.estimate,
    lower: e.lower,
    upper: e.upper,
    se: finite(e.se),
    df: finite(e.df),
    p: e.p,
    pAdjusted: null,
    method: e.method,
    unreliable: e.unreliable,
    reasons: e.reasons,
    reasonMessages: e.reasonMessages,
    standardised: null,
    icc: null,
    clustered: {
      clusters: e.clusters,
      treatedClusters: e.treatedClusters,
      controlClusters: e.controlClusters,
      // With one cluster in an arm CR1 is rounding noise (its "p < 0.001" would be false precision): none shown.
      cr1:
        e.lower === null
          ? { se: null, df: null, p: null }
          : { se: finite(e.cr1.se), df: finite(e.cr1.df), p: finite(e.cr1.p) },
      hc2: { se: finite(e.hc2.se), df: finite(e.hc2.df), p: finite(e.hc2.p) },
      belowUnclustered: e.clusteredBelowUnclustered,
    },
    bootstrap: {
      p: finite(wb.p),
      pAdjusted: null,
      draws: wb.draws,
      enumerated: wb.enumerated,
      weights: wb.weights,
      seed: wb.seed,
    },
    randomisation: {
      p: ri.p,
      pAdjusted: null,
      assignments: ri.assignments,
      used: ri.used,
      enumerated: ri.enumerated,
      minimumP: ri.minimumP,
      seed: ri.seed,
      statistic: ri.statistic,
      assignment: assignment.text,
      assignmentMessage: assignment.message,
    },
  };
}

/** The message key of an assignment the plan records and the report checked. */
const ASSIGNED_AT_RANDOM = 'dashboard.evidence.assignment.verified';

/** How the clusters were assigned, from the plan: what the randomisation test's validity rests on. */
function describeAssignment(campaign: Campaign): { text: string; message: Message } {
  const a = planAssignment(campaign.evaluation);
  const unit = campaign.evaluation.clusters?.unit ?? 'community';
  if (a?.kind === 'verified')
    return {
      text: `the ${plural(unit)} were assigned at random (seed ${a.assignment.seed}, checked)`,
      message: say(ASSIGNED_AT_RANDOM, { seed: String(a.assignment.seed) }),
    };
  return {
    text: `assumes the ${plural(unit)} were assigned to arms at random; the plan records no random draw`,
    message: say('dashboard.evidence.assignment.assumed'),
  };
}

/**
 * Outcomes per indicator: each respondent's score is the mean of that indicator's items (for knowledge,
 * the share of items answered correctly), then estimates per wave × arm and the effect the design allows.
 * Clustered surveys (evaluation.survey.cluster) get the CR2 difference-in-differences with Bell–McCaffrey
 * df, the wild cluster bootstrap and randomisation inference, and a minimum detectable effect from the
 * design (`designMinimumDetectableEffect` with the plan's clusters per arm, respondents per cluster and
 * ICC, and for a share the variance the design implies under the effect, for a scale the baseline
 * variance), not from the realised standard error. Answers that do not vary (all the same, or not within
 * any wave × arm) get no effect but a refusal note: every SE would be rounding noise. The primary
 * indicator of the plan is tested alone; the others are secondary, their p-values Holm-adjusted.
 */
export function buildOutcomes(campaign: Campaign, answers: SurveyAnswerRow[]): Outcome[] {
  const evaluation = campaign.evaluation;
  const mapping = evaluation.survey;
  const design = evaluation.design;
  const icc = evaluation.icc ?? DEFAULT_ICC;
  const indicators = [...new Set(answers.map((a) => a.indicator))];
  const hasArms = answers.some((a) => a.arm === 'treatment') && answers.some((a) => a.arm === 'control');
  const clustered = !!mapping?.cluster && new Set(answers.map((a) => a.cluster)).size > 1;
  const assignment = clustered ? describeAssignment(campaign) : null;
  const outcomes = indicators.map((indicator): Outcome => {
    const scale = mapping?.items.some((i) => i.indicator === indicator && i.scale);
    const perRespondent = new Map<
      number,
      { sum: number; k: number; wave: string; arm: string; cluster: string }
    >();
    for (const a of answers) {
      if (a.indicator !== indicator) continue;
      const r = perRespondent.get(a.response_id) ?? {
        sum: 0,
        k: 0,
        wave: a.wave,
        arm: a.arm,
        cluster: a.cluster,
      };
      r.sum += a.value;
      r.k += 1;
      perRespondent.set(a.response_id, r);
    }
    const scores: Score[] = [...perRespondent.values()].map((r) => ({
      y: r.sum / r.k,
      wave: r.wave,
      arm: r.arm,
      cluster: r.cluster,
    }));
    const arms = hasArms ? ['treatment', 'control'] : [''];
    const cellOf = (rows: Score[], wave: string, arm: string) => {
      const inCell = rows.filter((s) => s.wave === wave && (!arm || s.arm === arm));
      return estimateOf(
        inCell.map((r) => r.y),
        clustered ? inCell.map((r) => r.cluster) : null,
        icc,
      );
    };
    const cells = WAVES.flatMap((wave) =>
      arms.map((arm) => ({ wave, arm: arm || 'all', value: cellOf(scores, wave, arm) })),
    );
    let effect: Effect | null = null;
    const notes: Message[] = [];
    const enough = cells.every((c) => c.value.estimate !== null);
    const refused = enough && design !== 'reach-only' ? refusalOf(scores, hasArms, design) : null;
    if (refused) notes.push(refused);
    else if (enough && design !== 'reach-only') {
      const baseline = meanAndVariance(scores.filter((s) => s.wave === 'baseline').map((s) => s.y));
      if (hasArms && (design === 'difference-in-differences' || design === 'rct')) {
        const obs: DidObservation[] = scores.map((s) => ({
          y: s.y,
          treated: s.arm === 'treatment',
          post: s.wave === 'endline',
          cluster: s.cluster,
        }));
        const fit = clustered
          ? tryClustered(obs, assignment!, campaign.evaluation.clusters?.unit ?? 'community')
          : null;
        if (fit) {
          const mde = designMde(campaign, scores, baseline, !scale, fit.clustered!);
          if (mde.note) notes.push(mde.note);
          effect = { ...fit, mde: mde.mde, mdeBasis: mde.mdeBasis, mdeBasisMessage: mde.mdeBasisMessage };
        } else {
          const e = estimateDiD(obs);
          const r = assessReliability({ cellSizes: cells.map((c) => c.value.n.value ?? 0) });
          const reasons = r.reasons;
          const messages = r.messages;
          if (clustered) messages.unshift({ key: 'dashboard.evidence.reason.mixedClusters', values: {} });
          if (clustered)
            reasons.unshift(
              `Some clusters have respondents in both arms, so the interval cannot allow for clustering; it ignores it and is too narrow if answers within a community are alike.`,
            );
          effect = unclustered(e, reasons, messages);
        }
      } else {
        const e = prePostChange(
          scores.filter((s) => s.wave === 'baseline').map((s) => s.y),
          scores.filter((s) => s.wave === 'endline').map((s) => s.y),
        );
        const r = assessReliability({ cellSizes: cells.map((c) => c.value.n.value ?? 0) });
        const reasons = r.reasons;
        const messages = r.messages;
        if (clustered) messages.push({ key: 'dashboard.evidence.reason.prePostClustered', values: {} });
        if (clustered)
          reasons.push(
            'Respondents were sampled by community, which this before/after interval does not allow for: it is too narrow if answers within a community are alike.',
          );
        effect = unclustered(e, reasons, messages);
      }
    }
    const itemNames = [...new Set(answers.filter((a) => a.indicator === indicator).map((a) => a.item))];
    const items =
      itemNames.length > 1
        ? itemNames.flatMap((item) => {
            const rows = answers
              .filter((a) => a.indicator === indicator && a.item === item)
              .map((a) => ({ y: a.value, wave: a.wave, arm: a.arm, cluster: a.cluster }));
            return WAVES.flatMap((wave) =>
              arms.map((arm) => ({ item, wave, arm: arm || 'all', value: cellOf(rows, wave, arm) })),
            );
          })
        : [];
    if (effect && hasArms && (design === 'difference-in-differences' || design === 'rct'))
      effect = { ...effect, ...evidenceOf(scores, scale ? 'mean' : 'share', clustered, evaluation.icc) };
    // Disclosure step 7 (disclosure.ts): a community's small share takes the effect and its notes with it.
    if ((effect || notes.length) && clustered && !scale && smallClusterShare(scores)) {
      effect = null;
      notes.splice(0, notes.length, { key: EFFECT_WITHHELD_CLUSTER, values: {} });
    }
    const role = indicator === evaluation.primary ? ('primary' as const) : ('secondary' as const);
    return {
      indicator,
      role,
      kind: scale ? ('mean' as const) : ('share' as const),
      cells,
      effect,
      design,
      items,
      notes,
      reliability: itemNames.length > 1 ? alphaOf(answers, indicator, itemNames) : null,
      sensitivity: null,
    };
  });
  // Nothing exact leaves: cells and what is computed from them through disclosure control, then Holm.
  discloseOutcomes(outcomes);
  adjustSecondary(outcomes);
  return outcomes;
}

/** The standardised effect and the observed baseline ICC beside the planned one (see EffectSchema). */
function evidenceOf(
  scores: Score[],
  kind: 'share' | 'mean',
  clustered: boolean,
  plannedIcc: number | undefined,
): Pick<Effect, 'standardised' | 'icc'> {
  const ys = (wave: string, arm: string) =>
    scores.filter((s) => s.wave === wave && s.arm === arm).map((s) => s.y);
  const value = standardisedDiD(kind, {
    treatedBase: ys('baseline', 'treatment'),
    treatedEnd: ys('endline', 'treatment'),
    controlBase: ys('baseline', 'control'),
    controlEnd: ys('endline', 'control'),
  });
  const standardised =
    value === null
      ? null
      : { value, measure: kind === 'share' ? ('cohen-h' as const) : ('sd-units' as const) };
  if (!clustered) return { standardised, icc: null };
  const base = scores.filter((s) => s.wave === 'baseline');
  const i = iccInterval(
    base.map((s) => s.y),
    base.map((s) => s.cluster),
  );
  const icc = Number.isFinite(i.icc)
    ? {
        observed: i.icc,
        lower: i.lower,
        upper: i.upper,
        planned: plannedIcc ?? DEFAULT_ICC,
        assumed: plannedIcc === undefined,
        clusters: i.clusters,
      }
    : null;
  return { standardised, icc };
}

/** Cronbach's alpha of an indicator's items over the respondents who answered them all. */
function alphaOf(answers: SurveyAnswerRow[], indicator: string, items: string[]): Outcome['reliability'] {
  const byRespondent = new Map<number, Map<string, number>>();
  for (const a of answers) {
    if (a.indicator !== indicator) continue;
    const m = byRespondent.get(a.response_id) ?? new Map<string, number>();
    m.set(a.item, a.value);
    byRespondent.set(a.response_id, m);
  }
  const rows = [...byRespondent.values()]
    .filter((m) => items.every((i) => m.has(i)))
    .map((m) => items.map((i) => m.get(i)!));
  const alpha = cronbachAlpha(rows);
  return alpha === null ? null : { alpha, items: items.length, respondents: count(rows.length, true) };
}

/**
 * A refusal when the answers do not vary enough for any standard error (`varianceRefusal`): all the same,
 * or none varying within its wave × arm cell (within its wave, before/after).
 */
function refusalOf(scores: Score[], hasArms: boolean, design: string): Message | null {
  const did = hasArms && (design === 'difference-in-differences' || design === 'rct');
  const groups = did
    ? WAVES.flatMap((w) => ['treatment', 'control'].map((a) => [w, a] as const))
    : WAVES.map((w) => [w, ''] as const);
  return varianceRefusal(
    groups.map(([w, a]) => scores.filter((s) => s.wave === w && (!a || s.arm === a)).map((s) => s.y)),
  );
}

function tryClustered(obs: DidObservation[], assignment: { text: string; message: Message }, unit: string) {
  try {
    return clusteredEffect(obs, assignment, unit);
  } catch {
    // A community with respondents in both arms: the arms are not whole clusters (see the reason given).
    return null;
  }
}

function unclustered(
  e: ReturnType<typeof estimateDiD>,
  reasons: string[],
  reasonMessages: Message[],
): Effect {
  return {
    estimate: e.estimate,
    lower: e.lower,
    upper: e.upper,
    se: e.se,
    df: e.df,
    p: finite(tTwoSidedP(e.estimate / e.se, e.df)),
    pAdjusted: null,
    mde: finite(e.mde),
    mdeBasis: 'from the realised standard error: (t + z₀.₈) · SE',
    mdeBasisMessage: say('dashboard.evidence.mdeBasis.realised'),
    method: e.method,
    unreliable: reasons.length > 0,
    reasons,
    reasonMessages,
    clustered: null,
    bootstrap: null,
    randomisation: null,
    standardised: null,
    icc: null,
  };
}

/**
 * The MDE of the design that produced the data: the plan's clusters per arm (harmonic mean of the arms),
 * respondents per cluster and wave, and ICC where the plan gives them, else what the data shows (the
 * 0.05 default ICC); σ² from this indicator's baseline (p(1 − p) for a share, the variance for a mean).
 */
function designMde(
  campaign: Campaign,
  scores: Score[],
  baseline: { mean: number; variance: number },
  share: boolean,
  k: NonNullable<Effect['clustered']>,
): { mde: number | null; mdeBasis: string; mdeBasisMessage: Message; note: Message | null } {
  const e = campaign.evaluation;
  const plan = e.clusters && !e.clusters.assign.length ? e.clusters : null;
  const [jt, jc] = plan
    ? [plan.treatment.length, plan.control.length]
    : [k.treatedClusters, k.controlClusters];
  const perClusterWave = scores.length / (2 * k.clusters);
  const m = e.respondentsPerCluster ?? Math.round(perClusterWave);
  const icc = e.icc ?? DEFAULT_ICC;
  const source = `${plan ? `the plan's ${jt} + ${jc} ${plural(e.clusters!.unit)}` : `${jt} + ${jc} clusters in the data`}, ${m} respondents per cluster and wave${e.respondentsPerCluster ? '' : ' (from the data)'}, ICC ${icc}${e.icc === undefined ? ' (assumed)' : ''}`;
  const sample = { nTreated: jt, nControl: jc, nRespondents: m, icc };
  if (Math.min(jt, jc) < 2)
    return {
      mde: null,
      mdeBasis: `none: with one cluster in an arm the design allows no test (${source})`,
      mdeBasisMessage: say('dashboard.evidence.mdeBasis.oneCluster', sample),
      note: null,
    };
  // A scale whose baseline answers are all the same has no variance to plan with: an MDE of 0 would be false.
  if (!share && !(baseline.variance > 0))
    return {
      mde: null,
      mdeBasis: `none: no variation at baseline (${source})`,
      mdeBasisMessage: say('dashboard.evidence.mdeBasis.noBaselineVariance', sample),
      note: { key: 'dashboard.evidence.refused.mdeNoBaselineVariance', values: {} },
    };
  const variance = share
    ? { baseline: baseline.mean, varianceUnderEffect: true }
    : { sd: Math.sqrt(baseline.variance) };
  const power = designMinimumDetectableEffect({
    design: 'difference-in-differences',
    clustersPerArm: 2 / (1 / jt + 1 / jc),
    respondentsPerCluster: m,
    icc,
    ...variance,
  });
  const how = `${source}; t with ${power.df} df, design effect ${power.designEffect.toFixed(2)}${share ? `; variance under the effect, baseline share ${baseline.mean.toFixed(2)}` : ''}`;
  if (!Number.isFinite(power.mde))
    return {
      mde: null,
      mdeBasis: `none: no change a share allows is detectable (${how})`,
      mdeBasisMessage: say('dashboard.evidence.mdeBasis.beyondScale', {
        ...sample,
        nDf: power.df,
        de: power.designEffect,
        baseline: baseline.mean,
      }),
      note: {
        key: 'dashboard.evidence.refused.mdeBeyondScale',
        values: { ppRoom: baseline.mean <= 0.5 ? 1 - baseline.mean : baseline.mean, nDf: power.df },
      },
    };
  return {
    mde: power.mde,
    mdeBasis: `from the design: ${how}`,
    mdeBasisMessage: say(
      share ? 'dashboard.evidence.mdeBasis.designShare' : 'dashboard.evidence.mdeBasis.design',
      {
        ...sample,
        nDf: power.df,
        de: power.designEffect,
        ...(share && { baseline: baseline.mean }),
      },
    ),
    note: null,
  };
}

/**
 * Holm-adjusts the secondary indicators' p-values, each test family (CR2, bootstrap, randomisation) apart.
 * An effect withheld by disclosure control stays in the family with p = 1: the others' adjusted p-values
 * then neither reveal its p (Holm's max would carry it) nor lose the correction for its test. Taking it
 * as the largest is conservative: each shown p̃ is at least what the exact p would give.
 */
function adjustSecondary(outcomes: Outcome[]): void {
  const secondary = outcomes.filter((o) => o.role === 'secondary' && (o.effect || effectWithheld(o)));
  const adjust = (
    get: (e: Effect) => number | null | undefined,
    set: (e: Effect, p: number | null) => void,
  ) => {
    const adjusted = holmAdjust(secondary.map((o) => (o.effect ? (get(o.effect) ?? Number.NaN) : 1)));
    secondary.forEach((o, i) => o.effect && set(o.effect, finite(adjusted[i])));
  };
  adjust(
    (e) => e.p,
    (e, p) => (e.pAdjusted = p),
  );
  adjust(
    (e) => e.bootstrap?.p,
    (e, p) => e.bootstrap && (e.bootstrap.pAdjusted = p),
  );
  adjust(
    (e) => e.randomisation?.p,
    (e, p) => e.randomisation && (e.randomisation.pAdjusted = p),
  );
}

/**
 * The report's caveats about outcomes, in plain words (`text`, English) and as messages the views render in
 * the reader's language: what the design can and cannot show.
 */
export function outcomeCaveats(
  campaign: Campaign,
  outcomes: Outcome[],
): { text: string; message: Message }[] {
  const out: { text: string; message: Message }[] = [];
  const add = (text: string, message: Message) => out.push({ text, message });
  const e = campaign.evaluation;
  const unit = e.clusters?.unit ?? 'community';
  const effects = outcomes.filter((o) => o.effect);
  const clustered = effects.filter((o) => o.effect!.clustered);
  const first = clustered[0]?.effect;
  const indicator = (id: string) => keyList([`dashboard.indicator.${id}`]);
  if (first?.clustered) {
    const k = first.clustered;
    const some = clustered.some((o) => o.effect!.unreliable);
    const every = clustered.every((o) => o.effect!.unreliable);
    add(
      `Respondents were sampled in ${k.clusters} ${plural(unit)}, ${k.treatedClusters} of them reached by the campaign. Effects use cluster-robust standard errors with the CR2 small-sample correction and Bell–McCaffrey degrees of freedom, with a wild cluster bootstrap and randomisation inference beside them${some ? `; all three are approximate here, so ${every ? 'every effect is' : 'effects are'} marked unreliable, each with its reasons` : ''}.`,
      say(
        every
          ? 'dashboard.caveat.clusteredAllUnreliable'
          : some
            ? 'dashboard.caveat.clusteredSomeUnreliable'
            : 'dashboard.caveat.clustered',
        { nClusters: k.clusters, nTreated: k.treatedClusters },
      ),
    );
    const below = clustered.filter((o) => o.effect!.clustered!.belowUnclustered).map((o) => o.indicator);
    if (below.length) {
      add(
        `For ${below.join(', ')}, allowing for clustering gives a smaller standard error than ignoring it: with so few clusters that is more likely chance than precision, so these intervals are more likely too narrow than too wide.`,
        say('dashboard.caveat.belowUnclustered', {
          indicators: keyList(below.map((b) => `dashboard.indicator.${b}`)),
        }),
      );
    }
    const ri = first.randomisation;
    if (ri?.enumerated) {
      add(
        `Randomisation inference compares the effect with the ${ri.assignments} possible assignments of the clusters to arms, so no p-value can be below ${fraction(ri.minimumP, ri.used)} however large the effect; it ${ri.assignment}.`,
        say(
          ri.assignmentMessage?.key === ASSIGNED_AT_RANDOM
            ? 'dashboard.caveat.randomisationVerified'
            : 'dashboard.caveat.randomisationAssumed',
          {
            nAssignments: ri.assignments,
            minimum: fraction(ri.minimumP, ri.used),
            ...(ri.seed !== null && { seed: String(ri.seed) }),
            ...ri.assignmentMessage?.values,
          },
        ),
      );
    }
    const mde = (effects.find((o) => o.role === 'primary') ?? clustered[0])!;
    if (mde.effect!.mde !== null) {
      add(
        `The minimum detectable effect comes from the design (${mde.effect!.mdeBasis.replace(/^from the design: /, '')}): for ${mde.indicator} it is ${mde.kind === 'share' ? `${(mde.effect!.mde * 100).toFixed(0)} percentage points` : mde.effect!.mde.toFixed(2)}, and smaller effects can go unseen.`,
        say(`dashboard.caveat.mde.${mde.kind}`, {
          indicator: indicator(mde.indicator),
          [mde.kind === 'share' ? 'ppMde' : 'xMde']: mde.effect!.mde,
        }),
      );
    }
    const de = outcomes
      .flatMap((o) => o.cells.map((c) => c.value.designEffect))
      .filter((v): v is number => v !== null);
    if (de.length)
      add(
        `Shares and means per wave and arm allow for clustering: their intervals use the effective sample size (design effect ${Math.min(...de).toFixed(1)} to ${Math.max(...de).toFixed(1)}, ICC ${e.icc ?? DEFAULT_ICC}${e.icc === undefined ? ' assumed' : ' from the plan'}).`,
        say(e.icc === undefined ? 'dashboard.caveat.designEffectAssumed' : 'dashboard.caveat.designEffect', {
          low: Math.min(...de),
          high: Math.max(...de),
          icc: e.icc ?? DEFAULT_ICC,
        }),
      );
  } else if (effects.length && e.survey?.cluster) {
    add(
      `Respondents were sampled by ${unit}, but the intervals could not allow for it (see each effect's reasons).`,
      say('dashboard.caveat.notClustered'),
    );
  }
  if (effects.length) {
    const primary = effects.find((o) => o.role === 'primary');
    if (primary)
      add(
        `${primary.indicator} is the primary indicator, named in the evaluation plan; the p-values of the others (secondary) are adjusted for multiple comparisons (Holm).`,
        say('dashboard.caveat.primary', { indicator: indicator(primary.indicator) }),
      );
    else
      add(
        `No primary indicator is named in the evaluation plan (evaluation.primary${e.primary ? `: ${e.primary} has no effect estimate` : ''}), so every indicator is secondary and their p-values are adjusted for multiple comparisons (Holm).`,
        say(e.primary ? 'dashboard.caveat.primaryNotEstimated' : 'dashboard.caveat.noPrimary', {
          ...(e.primary && { indicator: indicator(e.primary) }),
        }),
      );
  }
  if (effects.length && e.design !== 'pre-post')
    add(
      'Difference-in-differences assumes the reached and comparison communities would have changed alike without the campaign (parallel trends).',
      say('dashboard.caveat.parallelTrends'),
    );
  if (outcomes.some((o) => o.cells.some((cell) => cell.value.unreliable)))
    add(
      `Estimates from fewer than ${MIN_RELIABLE_N} respondents are marked unreliable.`,
      say('dashboard.caveat.smallCells', { nMinimum: MIN_RELIABLE_N }),
    );
  return out;
}
