import type { Campaign } from '../campaign/schema/index.ts';
import { effectWithheld } from './disclosure.ts';
import { round2 } from './format.ts';
import type { ReachEstimate } from './reach.ts';
import type { Report } from './schema.ts';

type Cost = Report['cost'];
type Outcome = Report['outcomes'][number];

/** Indicators the campaign wants to fall; every other one it wants to rise. */
const WANTED_DOWN = new Set(['intention']);

/**
 * The audiences the survey's treated clusters belong to (a treated community named among an audience's
 * regions), and their estimated size: the population an effect is a change in.
 */
export function surveyedPopulation(c: Campaign): { people: number | null; label: string } {
  const treated = (c.evaluation.clusters?.treatment ?? c.evaluation.survey?.arm?.treatment ?? []).map((t) =>
    t.toLowerCase(),
  );
  const matched = c.audiences.filter((a) => a.regions?.some((r) => treated.includes(r.toLowerCase())));
  if (!treated.length || !matched.length)
    return {
      people: null,
      label: "the survey is not linked to an audience (no treated cluster is among the audiences' regions)",
    };
  const unsized = matched.filter((a) => !a.size);
  if (unsized.length)
    return { people: null, label: `no estimated size for ${unsized.map((a) => a.id).join(', ')}` };
  return {
    people: matched.reduce((s, a) => s + a.size!, 0),
    label: matched.map((a) => `${a.id} (${a.size!.toLocaleString('en')})`).join(' + '),
  };
}

/**
 * People reached as the survey measures it: the share of the treated communities' endline respondents
 * who recall the campaign (exposure recall), times the estimated size of the audiences those
 * communities belong to, with the share's 95 % interval times the same size. Null without an
 * exposure-recall indicator, a shown endline treatment share with its interval, or a sized audience
 * linked to the survey. Assumes the surveyed communities stand for the whole audience, and that
 * recall is neither forgotten nor claimed falsely (the control arm's recall, where shown, says how much
 * is claimed without the campaign).
 */
export function recallReach(
  c: Campaign,
  outcomes: Report['outcomes'],
): (ReachEstimate & { share: number; population: number }) | null {
  const cell = outcomes
    .find((o) => o.indicator === 'exposure-recall' && o.kind === 'share')
    ?.cells.find((x) => x.wave === 'endline' && x.arm === 'treatment')?.value;
  const people = surveyedPopulation(c).people;
  if (!cell || cell.estimate === null || cell.lower === null || cell.upper === null || !people) return null;
  return {
    share: cell.estimate,
    population: people,
    estimate: Math.round(cell.estimate * people),
    lower: Math.round(cell.lower * people),
    upper: Math.round(cell.upper * people),
  };
}

/** Level at which the bootstrap or randomisation test must reject before an effect is priced. */
const PRICE_ALPHA = 0.05;

type NotPriced = Cost['notPriced'][number];
const notPricedFor = (
  indicator: string,
  key: string,
  values: Record<string, number | string> = {},
  reason = key,
): NotPriced => ({
  indicator,
  reason,
  message: { key: `dashboard.evidence.notPriced.${key}`, values },
});

/**
 * Whether an effect can be priced, and if not why: a price says "this much bought one point", which only
 * an effect the evidence supports can carry. Refused: an effect withheld by disclosure control; one
 * without an interval; one whose 95 % interval includes zero; one marked unreliable (few clusters, small
 * cells: its interval is approximate, so excluding zero proves little, as exposure recall's CR2 interval
 * did on the Senegal sample while the design's randomisation p could not go below 1/3); and, in a
 * clustered sample, one that neither the wild cluster bootstrap nor randomisation inference rejects at
 * 5 % (Holm-adjusted for a secondary indicator), since with few clusters those are the tests that keep
 * their size (MacKinnon & Webb 2017; Young 2019, QJE 134(2):557–598).
 */
function refusal(o: Outcome): NotPriced | null {
  const e = o.effect;
  if (!e) return notPricedFor(o.indicator, effectWithheld(o) ? 'withheld' : 'refused');
  if (e.lower === null || e.upper === null)
    return notPricedFor(o.indicator, 'noInterval', {}, 'the design gives no interval for this effect');
  if (e.lower <= 0 && e.upper >= 0)
    return notPricedFor(
      o.indicator,
      'includesZero',
      {},
      'its 95 % interval includes zero: the campaign may have changed nothing',
    );
  if (e.unreliable) return notPricedFor(o.indicator, 'unreliable');
  const tests = [e.bootstrap, e.randomisation]
    .filter((t) => t !== null)
    .map((t) => (o.role === 'secondary' ? (t.pAdjusted ?? t.p) : t.p));
  if (tests.length && !tests.some((p) => p !== null && p <= PRICE_ALPHA))
    return notPricedFor(o.indicator, 'testsDoNotReject', {
      pBootstrap: e.bootstrap?.p ?? '—',
      pRandomisation: e.randomisation?.p ?? '—',
    });
  return null;
}

/**
 * Cost per outcome point: money / effect, priced only when the evidence supports the effect (`refusal`:
 * shown, reliable, its 95 % interval excluding zero, and in a clustered sample the bootstrap or
 * randomisation test rejecting), on the whole budget with the media spend beside it.
 * The effect is in percentage points for shares (×100) and in scale points for means. The interval is
 * money / upper to money / lower of the effect's interval (the interval is on one side of zero, so the
 * quotient is monotone in it). A change in the unwanted direction is reported as harm and not priced.
 * Per person whose answer changed (shares only): budget / (|effect| × population), the population being
 * the estimated size of the audiences the treated clusters belong to. Assumes the effect holds for the
 * whole audience, not only the sampled communities: a strong assumption, said in the caveats.
 */
export function costPerOutcomePoint(
  c: Campaign,
  outcomes: readonly Outcome[],
  spend: number,
): Pick<Cost, 'perOutcomePoint' | 'notPriced'> {
  const perOutcomePoint: Cost['perOutcomePoint'] = [];
  const notPriced: Cost['notPriced'] = [];
  const population = surveyedPopulation(c);
  const budget = c.budget?.amount ?? null;
  for (const o of outcomes) {
    const e = o.effect;
    if (!e && !o.notes?.length) continue;
    const refused = refusal(o);
    if (refused || !e || e.lower === null || e.upper === null) {
      if (refused) notPriced.push(refused);
      continue;
    }
    const scale = o.kind === 'share' ? 100 : 1;
    const [points, lo, hi] = [e.estimate * scale, e.lower * scale, e.upper * scale];
    const wanted = WANTED_DOWN.has(o.indicator) ? -1 : 1;
    const direction = Math.sign(points) === wanted ? ('improvement' as const) : ('harm' as const);
    const price = (money: number | null) => {
      if (money === null || direction === 'harm') return null;
      // |points| runs from min(|lo|,|hi|) to max(|lo|,|hi|): the larger effect gives the lower price.
      const [small, large] = [Math.min(Math.abs(lo), Math.abs(hi)), Math.max(Math.abs(lo), Math.abs(hi))];
      return {
        value: round2(money / Math.abs(points)),
        lower: round2(money / large),
        upper: round2(money / small),
      };
    };
    let perPersonChanged: Cost['perOutcomePoint'][number]['perPersonChanged'] = null;
    if (o.kind === 'share' && population.people && budget !== null && direction === 'improvement') {
      const people = Math.round(Math.abs(e.estimate) * population.people);
      const small = Math.min(Math.abs(e.lower), Math.abs(e.upper)) * population.people;
      const large = Math.max(Math.abs(e.lower), Math.abs(e.upper)) * population.people;
      perPersonChanged = {
        people,
        value: round2(budget / people),
        lower: round2(budget / large),
        upper: round2(budget / small),
      };
    }
    perOutcomePoint.push({
      indicator: o.indicator,
      unit: o.kind === 'share' ? 'percentage point' : 'scale point',
      points,
      pointsLower: lo,
      pointsUpper: hi,
      direction,
      unreliable: e.unreliable,
      budget: price(budget),
      media: price(spend > 0 ? spend : null),
      perPersonChanged,
      population: o.kind === 'share' ? population.label : 'a scale has no people whose answer changed',
    });
  }
  return { perOutcomePoint, notPriced };
}
