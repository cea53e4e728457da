import { keyList, type Message, say } from '../i18n/messages.ts';
import type { Campaign } from '../campaign/schema/index.ts';
import {
  clustersPerArmNeeded,
  DEFAULT_ICC,
  designMinimumDetectableEffect,
  type DesignPower,
} from '../stats/index.ts';

type Evaluation = Campaign['evaluation'];

/** What an evaluation plan says it can detect, from campaign.yaml alone (before any data). */
export interface PlanPower {
  design: Evaluation['design'];
  /** The primary indicator, and whether it is a share (0–1) or a mean on a scale. */
  primary: string;
  kind: 'share' | 'mean';
  unit: string;
  /** Clusters per arm as named, or as the draw will make them (half of `assign`, rounded down, reached). */
  treatedClusters: number;
  controlClusters: number;
  /** True while the clusters still have to be drawn (`clusters.assign`). */
  toAssign: boolean;
  /**
   * Clusters per arm in the power formula: the harmonic mean 2/(1/J_T + 1/J_C), which gives the effect's
   * variance exactly for unequal arms (its degrees of freedom slightly conservatively); for pre-post, all clusters.
   */
  clustersPerArm: number;
  respondentsPerCluster: number;
  icc: number;
  /** True when the plan gives no ICC and the documented default (0.05) is assumed. */
  iccAssumed: boolean;
  baseline: number;
  sd: number | null;
  smallestEffect: number | null;
  /** The design's minimum detectable effect (80 % power, two-sided 5 %); null when the design allows no test. */
  power: DesignPower | null;
  /** Clusters per arm needed to detect `smallestEffect` with the rest of the plan unchanged; null when none would. */
  needed: { clustersPerArm: number; mde: number } | null;
  /** MDE ≤ smallestEffect; null without a smallest effect or without a test. */
  canDetect: boolean | null;
}

/** The plan's fields that `planPower` needs and the plan lacks, by their names in campaign.yaml. */
export function missingPlanFields(e: Evaluation): string[] {
  if (e.design === 'reach-only') return [];
  const kind = indicatorKind(e);
  return [
    !e.primary && 'primary',
    !e.clusters && 'clusters',
    e.respondentsPerCluster === undefined && 'respondentsPerCluster',
    e.baseline === undefined && kind === 'share' && 'baseline',
    e.sd === undefined && kind === 'mean' && 'sd',
    e.smallestEffect === undefined && 'smallestEffect',
  ].filter((x): x is string => !!x);
}

/** A scale indicator (mean) when the plan gives its SD or the survey maps it to a scale question. */
function indicatorKind(e: Evaluation): 'share' | 'mean' {
  if (e.sd !== undefined) return 'mean';
  return e.survey?.items.some((i) => i.indicator === e.primary && i.scale) ? 'mean' : 'share';
}

/**
 * The power of the planned design for its primary indicator: the minimum detectable effect of
 * `designMinimumDetectableEffect` (t multiplier with df = clusters − 2, design effect 1 + (m − 1)ρ, σ² =
 * p(1 − p) at baseline for a share, sd² for a mean) and the clusters per arm `clustersPerArmNeeded` finds
 * for the smallest effect worth detecting. Difference-in-differences and RCT (baseline and endline in both
 * arms) use the DiD variance with no carry-over of cluster means between waves (the conservative case);
 * pre-post compares the two waves of the same clusters as two independent samples of clusters.
 * Returns null for reach-only plans and for plans that lack a field (see `missingPlanFields`).
 */
export function planPower(e: Evaluation): PlanPower | null {
  if (e.design === 'reach-only' || missingPlanFields(e).length) return null;
  const k = e.clusters!;
  const toAssign = k.assign.length > 0;
  const treatedClusters = toAssign ? Math.floor(k.assign.length / 2) : k.treatment.length;
  const controlClusters = toAssign ? k.assign.length - treatedClusters : k.control.length;
  const prePost = e.design === 'pre-post';
  const clustersPerArm = prePost
    ? treatedClusters + controlClusters
    : 2 / (1 / treatedClusters + 1 / controlClusters);
  const kind = indicatorKind(e);
  const icc = e.icc ?? DEFAULT_ICC;
  const input = {
    design: prePost ? ('two-arm' as const) : ('difference-in-differences' as const),
    respondentsPerCluster: e.respondentsPerCluster!,
    icc,
    ...(kind === 'share' ? { baseline: e.baseline! } : { sd: e.sd! }),
  };
  // One cluster in an arm leaves no variance between clusters to test with (the report shows the estimate alone).
  const testable = prePost ? clustersPerArm >= 2 : Math.min(treatedClusters, controlClusters) >= 2;
  const power = testable ? designMinimumDetectableEffect({ ...input, clustersPerArm }) : null;
  const smallestEffect = e.smallestEffect ?? null;
  const needed = smallestEffect === null ? null : clustersPerArmNeeded({ ...input, effect: smallestEffect });
  return {
    design: e.design,
    primary: e.primary!,
    kind,
    unit: k.unit,
    treatedClusters,
    controlClusters,
    toAssign,
    clustersPerArm,
    respondentsPerCluster: e.respondentsPerCluster!,
    icc,
    iccAssumed: e.icc === undefined,
    baseline: e.baseline ?? Number.NaN,
    sd: e.sd ?? null,
    smallestEffect,
    power,
    needed,
    canDetect:
      smallestEffect === null || !power || !Number.isFinite(power.mde) ? null : power.mde <= smallestEffect,
  };
}

/** An effect in the indicator's units, as a reader says it: "10 pp" for a share, "0.30 points" for a mean. */
export function formatEffect(value: number, kind: 'share' | 'mean'): string {
  if (!Number.isFinite(value)) return '—';
  return kind === 'share' ? `${(value * 100).toFixed(value < 0.1 ? 1 : 0)} pp` : `${value.toFixed(2)} points`;
}

/** "2 communities" — the cluster unit with a count, in plain English. */
export function clusterCount(n: number, unit: string): string {
  return `${Number.isInteger(n) ? n : n.toFixed(1)} ${n === 1 ? unit : plural(unit)}`;
}

/** "communities", "districts": the English plural of a cluster unit. */
export function plural(unit: string): string {
  return unit.endsWith('y') && !/[aeiou]y$/.test(unit) ? `${unit.slice(0, -1)}ies` : `${unit}s`;
}

/**
 * `describePower` as messages for the report's scorecard, in the evaluator's language: the sample, the
 * MDE (or why there is none), then whether it reaches the smallest effect worth detecting and, if not, the
 * clusters it would take. Effects of a share are named pp… (percentage points), of a scale x… (its units).
 */
export function describePowerMessages(p: PlanPower): Message[] {
  const share = p.kind === 'share';
  const eff = (name: string, v: number) => ({ [`${share ? 'pp' : 'x'}${name}`]: v });
  const out: Message[] = [
    say(p.iccAssumed ? 'dashboard.score.power.sampleAssumed' : 'dashboard.score.power.sample', {
      nTreated: p.treatedClusters,
      nControl: p.controlClusters,
      nRespondents: p.respondentsPerCluster,
      icc: p.icc,
    }),
  ];
  if (!p.power)
    return [
      ...out,
      say('dashboard.score.power.noTest', { indicator: keyList([`dashboard.indicator.${p.primary}`]) }),
    ];
  if (!Number.isFinite(p.power.mde))
    out.push(
      say('dashboard.score.power.noDetectable', { indicator: keyList([`dashboard.indicator.${p.primary}`]) }),
    );
  else
    out.push(
      say(`dashboard.score.power.mde.${p.kind}`, {
        indicator: keyList([`dashboard.indicator.${p.primary}`]),
        ...eff('Mde', p.power.mde),
      }),
    );
  if (p.smallestEffect === null) return out;
  const target = eff('Target', p.smallestEffect);
  if (p.canDetect) out.push(say(`dashboard.score.power.canDetect.${p.kind}`, target));
  else if (p.needed)
    out.push(
      say(`dashboard.score.power.needed.${p.kind}`, {
        ...target,
        nNeeded: p.needed.clustersPerArm,
      }),
    );
  else out.push(say(`dashboard.score.power.neverDetect.${p.kind}`, target));
  return out;
}

/**
 * One sentence on what the design can detect, for the plan, the scorecard and the report: the MDE with
 * its sample, and when it is larger than the smallest effect worth detecting, how many clusters it would take.
 */
export function describePower(p: PlanPower): string {
  const per = `${clusterCount(p.treatedClusters, p.unit)} reached and ${p.controlClusters} for comparison, ${p.respondentsPerCluster} respondents each per wave, ICC ${p.icc}${p.iccAssumed ? ' (assumed by default)' : ''}`;
  if (!p.power)
    return `with ${per}, the design allows no test of ${p.primary}: at least two ${plural(p.unit)} are needed in each arm`;
  const mde = `the smallest effect on ${p.primary} this design can detect (80 % power, 5 % two-sided) is ${formatEffect(p.power.mde, p.kind)}, with ${per}`;
  if (p.smallestEffect === null) return mde;
  const target = formatEffect(p.smallestEffect, p.kind);
  const perArm = p.design === 'pre-post' ? '' : ' per arm';
  const needed = p.needed
    ? `${clusterCount(p.needed.clustersPerArm, p.unit)}${perArm} would be needed for ${target}`
    : `no number of ${plural(p.unit)} up to 100,000 would detect ${target} with ${p.respondentsPerCluster} respondents each`;
  return p.canDetect
    ? `${mde}: it can detect the ${target} worth detecting`
    : `${mde}: it cannot detect the ${target} worth detecting; ${needed}`;
}
