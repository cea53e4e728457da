import { randomInt } from 'node:crypto';
import type { Campaign } from '../campaign/schema/index.ts';
import { seededRandom, shuffleFirst } from '../stats/index.ts';

export interface Assignment {
  treatment: string[];
  control: string[];
  seed: number;
}

/** A fresh seed for a first draw, to be recorded in campaign.yaml (clusters.seed). */
export function newSeed(): number {
  return randomInt(1, 2 ** 31);
}

/**
 * Draws which clusters the campaign reaches: ⌊G/2⌋ of the G clusters, uniformly at random (a partial
 * Fisher–Yates shuffle, Knuth 1997, TAOCP vol. 2 §3.4.2, Algorithm P) driven by the seeded generator of
 * the statistics module, so the same seed and the same names give the same assignment on any machine.
 * Names are lower-cased and sorted first, so the order they are listed in does not change the draw.
 * Randomisation inference in the report is valid because of this draw: every one of the C(G, ⌊G/2⌋)
 * assignments was equally likely.
 */
export function drawAssignment(names: readonly string[], seed: number): Assignment {
  const pool = [...new Set(names.map((n) => n.trim().toLowerCase()))].sort();
  const random = seededRandom(seed);
  const treated = Math.floor(pool.length / 2);
  shuffleFirst(random, pool, treated);
  return { treatment: pool.slice(0, treated).sort(), control: pool.slice(treated).sort(), seed };
}

export type AssignmentStatus =
  /** `clusters.assign` lists them: drawn now, from the recorded seed or a new one. */
  | { kind: 'drawn'; assignment: Assignment; newSeed: boolean }
  /** Named per arm with a seed, and the seed's draw gives exactly those arms. */
  | { kind: 'verified'; assignment: Assignment }
  /** Named per arm, but not (or not shown to be) drawn at random. */
  | {
      kind: 'recorded';
      treatment: string[];
      control: string[];
      seed: number | null;
      drawn: Assignment | null;
    };

/**
 * The plan's assignment of clusters to arms: drawn from `clusters.seed` (or `seed`, else a new one) when
 * the clusters are still to be assigned; otherwise the recorded arms, checked against their seed's draw.
 */
export function planAssignment(e: Campaign['evaluation'], seed?: number): AssignmentStatus | null {
  const k = e.clusters;
  if (!k) return null;
  if (k.assign.length) {
    const s = seed ?? k.seed;
    return { kind: 'drawn', assignment: drawAssignment(k.assign, s ?? newSeed()), newSeed: s === undefined };
  }
  const treatment = k.treatment.map((n) => n.toLowerCase()).sort();
  const control = k.control.map((n) => n.toLowerCase()).sort();
  const s = seed ?? k.seed;
  if (s === undefined) return { kind: 'recorded', treatment, control, seed: null, drawn: null };
  const drawn = drawAssignment([...treatment, ...control], s);
  const same = drawn.treatment.join('\u0000') === treatment.join('\u0000');
  return same
    ? { kind: 'verified', assignment: drawn }
    : { kind: 'recorded', treatment, control, seed: s, drawn };
}
