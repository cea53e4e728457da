import { SUPPRESS_BELOW } from './suppress.ts';
import type { Refusal } from './refusal.ts';
import { MIN_RELIABLE_N } from './types.ts';

/** Below this many clusters, cluster-robust inference is approximate whatever the correction. */
export const MIN_RELIABLE_CLUSTERS = 30;
/** Below this many clusters in an arm (treated or control), likewise. */
export const MIN_RELIABLE_ARM_CLUSTERS = 5;

export interface ReliabilityInput {
  /** Clusters in the sample (communities, districts); omit for an unclustered sample. */
  clusters?: number;
  treatedClusters?: number;
  controlClusters?: number;
  /** Respondents in each cell the estimate is built from (wave × arm). */
  cellSizes: readonly number[];
  /** What a cluster is, for the reasons' wording (default community / communities). */
  units?: ClusterUnits;
}

export interface ClusterUnits {
  one: string;
  many: string;
}

export interface Reliability {
  unreliable: boolean;
  /** Plain-words reasons, one per problem, for the report's caveat. */
  reasons: string[];
  /** The same reasons as message keys with values, in the same order, for pages in other languages. */
  messages: Refusal[];
  /** False when the design allows an estimate but no interval (one cluster in an arm). */
  interval: boolean;
}

/**
 * Whether an estimate can be trusted as its interval suggests, and why not.
 * Rules: fewer than 30 clusters, or fewer than 5 treated or 5 control clusters, make cluster-robust
 * standard errors, even with the CR2 correction, and their p-values unreliable (Cameron, Gelbach & Miller
 * 2008; MacKinnon & Webb 2017: with few treated clusters, tests over-reject badly); a cell with fewer than
 * 30 respondents makes the normal approximation doubtful. With a single cluster in an arm, the effect is
 * confounded with whatever distinguishes that cluster, and no cluster-robust variance exists: estimate only.
 * References: A. C. Cameron, J. B. Gelbach & D. L. Miller (2008), Review of Economics and Statistics
 * 90(3):414–427; J. G. MacKinnon & M. D. Webb (2017), J. Applied Econometrics 32(2):233–254;
 * A. C. Cameron & D. L. Miller (2015), J. Human Resources 50(2):317–372, §VI.
 */
export function assessReliability(input: ReliabilityInput): Reliability {
  const reasons: string[] = [];
  const messages: Refusal[] = [];
  const say = (key: string, values: Refusal['values'] = {}) =>
    messages.push({ key: `dashboard.evidence.reason.${key}`, values });
  let interval = true;
  const { clusters, treatedClusters, controlClusters } = input;
  const { one, many } = input.units ?? { one: 'community', many: 'communities' };
  const count = (n: number, verb = '') =>
    `${n} ${n === 1 ? one : many}${verb ? ` ${n === 1 ? verb : verb === 'was' ? 'were' : verb}` : ''}`;
  if (clusters !== undefined) {
    if (
      treatedClusters !== undefined &&
      controlClusters !== undefined &&
      Math.min(treatedClusters, controlClusters) < 2
    ) {
      interval = false;
      say(treatedClusters < 2 ? 'oneClusterReached' : 'oneClusterComparison');
      reasons.push(
        `Only one ${one} in ${treatedClusters < 2 ? 'the reached arm' : 'the comparison arm'}: the campaign's effect cannot be told apart from whatever else distinguishes that ${one}, so the estimate is shown without an interval or p-value.`,
      );
    }
    if (clusters < MIN_RELIABLE_CLUSTERS) {
      say('fewClusters', { nClusters: clusters, nMinimum: MIN_RELIABLE_CLUSTERS });
      reasons.push(
        `Only ${count(clusters, 'was')} surveyed; with fewer than ${MIN_RELIABLE_CLUSTERS}, standard errors that allow for clustering are themselves uncertain, so intervals and p-values are approximate.`,
      );
    }
    if (interval && treatedClusters !== undefined && treatedClusters < MIN_RELIABLE_ARM_CLUSTERS) {
      say('fewReached', { nClusters: treatedClusters, nMinimum: MIN_RELIABLE_ARM_CLUSTERS });
      reasons.push(
        `Only ${count(treatedClusters, 'was')} reached by the campaign; with fewer than ${MIN_RELIABLE_ARM_CLUSTERS}, tests of the effect reject too often and the randomisation p-value cannot be small.`,
      );
    }
    if (interval && controlClusters !== undefined && controlClusters < MIN_RELIABLE_ARM_CLUSTERS) {
      say('fewComparison', { nClusters: controlClusters, nMinimum: MIN_RELIABLE_ARM_CLUSTERS });
      reasons.push(
        `Only ${controlClusters} comparison ${controlClusters === 1 ? one : many}; with fewer than ${MIN_RELIABLE_ARM_CLUSTERS}, tests of the effect reject too often.`,
      );
    }
  }
  const smallest = input.cellSizes.length ? Math.min(...input.cellSizes) : 0;
  if (smallest < MIN_RELIABLE_N) {
    // A count under the disclosure threshold is never printed, not even in a caveat.
    const count = smallest < SUPPRESS_BELOW ? `fewer than ${SUPPRESS_BELOW}` : `only ${smallest}`;
    if (smallest < SUPPRESS_BELOW)
      say('smallCellSuppressed', { nBelow: SUPPRESS_BELOW, nMinimum: MIN_RELIABLE_N });
    else say('smallCell', { nRespondents: smallest, nMinimum: MIN_RELIABLE_N });
    reasons.push(
      `A group has ${count} respondents; below ${MIN_RELIABLE_N}, its share or mean is too uncertain to rely on.`,
    );
  }
  return { unreliable: reasons.length > 0, reasons, messages, interval };
}
