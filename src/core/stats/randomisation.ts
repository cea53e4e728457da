import type { DidObservation } from './difference.ts';
import { seededRandom, shuffleFirst } from './random.ts';
import { BOOTSTRAP_DRAWS, DEFAULT_SEED } from './wild-bootstrap.ts';

/** Enumerate every assignment when there are at most this many (C(20,10) = 184,756 is sampled instead). */
export const ENUMERATE_ASSIGNMENTS_UP_TO = 100_000;

export interface RandomisationOptions {
  /** 'coefficient' (default): |DiD|; 't': |DiD| / its CR0 cluster-robust SE (studentised). */
  statistic?: 'coefficient' | 't';
  enumerateUpTo?: number;
  draws?: number;
  seed?: number;
}

export interface RandomisationResult {
  /** Two-sided randomisation p-value. */
  p: number;
  /** The observed statistic (signed DiD, or its t). */
  observed: number;
  /** Number of possible assignments of clusters to arms, C(G, G_treated). */
  assignments: number;
  /** Number of assignments the p-value is computed over (all, or the observed one plus the draws). */
  used: number;
  enumerated: boolean;
  /**
   * The smallest p-value this design can give whatever the data: with two-sided |statistic| and as many
   * treated as control clusters, every assignment ties with its mirror image (arms swapped, statistic
   * negated), so 2/C(G, G/2); otherwise 1/C(G, G_T); with sampling, 1/(draws + 1).
   */
  minimumP: number;
  seed: number | null;
  statistic: 'coefficient' | 't';
}

/**
 * Randomisation (permutation) inference for a difference-in-differences whose clusters were assigned to
 * arms: under the sharp null hypothesis that the campaign changed no one's answer, every assignment of
 * G_T of the G clusters to the treated arm was equally likely to produce the same data, so
 * p = #{assignments a : |T(a)| ≥ |T(observed)|} / C(G, G_T), counting the observed one.
 *
 * The statistic is the DiD itself, (ȳ_T,end − ȳ_T,base) − (ȳ_C,end − ȳ_C,base), or its t ratio with the
 * CR0 cluster-robust SE (more robust when cluster sizes differ; MacKinnon & Webb 2020). Both are computed
 * from per cluster × wave counts and sums, so each assignment costs O(G). Assignments that leave a cell
 * empty count as at least as extreme (conservative). When C(G, G_T) exceeds `enumerateUpTo`, `draws`
 * assignments are drawn at random from the seed and p = (1 + #extreme) / (draws + 1).
 * Assumptions: the clusters were (or may be treated as if) assigned at random, all C(G, G_T) assignments
 * equally likely. With 4 clusters and 2 treated there are 6 assignments and p cannot go below 1/3.
 * References: R. A. Fisher (1935), The Design of Experiments, §II.21; A. S. Gerber & D. P. Green (2012),
 * Field Experiments, ch. 3.4; J. G. MacKinnon & M. D. Webb (2020), "Randomization inference for
 * difference-in-differences with few treated clusters", J. Econometrics 218(2):435–450; A. Young (2019),
 * Quarterly J. Economics 134(2):557–598.
 */
export function randomisationTestDiD(
  observations: readonly DidObservation[],
  options: RandomisationOptions = {},
): RandomisationResult {
  const statistic = options.statistic ?? 'coefficient';
  const enumerateUpTo = options.enumerateUpTo ?? ENUMERATE_ASSIGNMENTS_UP_TO;
  const index = new Map<string, number>();
  const treatedOf: boolean[] = [];
  for (const o of observations) {
    const label = o.cluster ?? '';
    if (!index.has(label)) {
      index.set(label, index.size);
      treatedOf.push(o.treated);
    }
  }
  const G = index.size;
  // Per cluster: [n, Σy] for baseline and endline, and Σy² of each (for the t statistic).
  const n0 = new Float64Array(G);
  const s0 = new Float64Array(G);
  const q0 = new Float64Array(G);
  const n1 = new Float64Array(G);
  const s1 = new Float64Array(G);
  const q1 = new Float64Array(G);
  for (const o of observations) {
    const g = index.get(o.cluster ?? '')!;
    if (o.post) {
      n1[g]!++;
      s1[g]! += o.y;
      q1[g]! += o.y * o.y;
    } else {
      n0[g]!++;
      s0[g]! += o.y;
      q0[g]! += o.y * o.y;
    }
  }
  const observedSet = new Uint8Array(G);
  treatedOf.forEach((t, g) => (observedSet[g] = t ? 1 : 0));
  const GT = observedSet.reduce((s, t) => s + t, 0);

  const compute = (inT: Uint8Array): number => {
    let nT0 = 0,
      sT0 = 0,
      nT1 = 0,
      sT1 = 0,
      nC0 = 0,
      sC0 = 0,
      nC1 = 0,
      sC1 = 0;
    for (let g = 0; g < G; g++) {
      if (inT[g]) {
        nT0 += n0[g]!;
        sT0 += s0[g]!;
        nT1 += n1[g]!;
        sT1 += s1[g]!;
      } else {
        nC0 += n0[g]!;
        sC0 += s0[g]!;
        nC1 += n1[g]!;
        sC1 += s1[g]!;
      }
    }
    if (!(nT0 && nT1 && nC0 && nC1)) return Number.NaN;
    const mT0 = sT0 / nT0,
      mT1 = sT1 / nT1,
      mC0 = sC0 / nC0,
      mC1 = sC1 / nC1;
    const did = mT1 - mT0 - (mC1 - mC0);
    if (statistic === 'coefficient') return did;
    // CR0 score of cluster g for the DiD: Σ_i w_i e_i with w_i = ±1/n_cell and e_i = y_i − cell mean.
    let v = 0;
    for (let g = 0; g < G; g++) {
      const score = inT[g]
        ? (s1[g]! - n1[g]! * mT1) / nT1 - (s0[g]! - n0[g]! * mT0) / nT0
        : -((s1[g]! - n1[g]! * mC1) / nC1 - (s0[g]! - n0[g]! * mC0) / nC0);
      v += score * score;
    }
    return v > 0 ? did / Math.sqrt(v) : did === 0 ? 0 : Math.sign(did) * Infinity;
  };

  const observed = compute(observedSet);
  const threshold = Math.abs(observed) * (1 - 1e-10);
  const isExtreme = (s: number) => Number.isNaN(s) || Math.abs(s) >= threshold;
  const assignments = binomial(G, GT);
  const base = { observed, assignments, statistic };

  if (assignments <= enumerateUpTo) {
    let extreme = 0;
    const set = new Uint8Array(G);
    const choose = (start: number, left: number) => {
      if (left === 0) {
        if (isExtreme(compute(set))) extreme++;
        return;
      }
      for (let g = start; g <= G - left; g++) {
        set[g] = 1;
        choose(g + 1, left - 1);
        set[g] = 0;
      }
    };
    choose(0, GT);
    return {
      ...base,
      p: extreme / assignments,
      used: assignments,
      enumerated: true,
      minimumP: smallestRandomisationP(GT, G - GT).minimumP,
      seed: null,
    };
  }
  const seed = options.seed ?? DEFAULT_SEED;
  const draws = options.draws ?? BOOTSTRAP_DRAWS;
  const random = seededRandom(seed);
  const order = Int32Array.from({ length: G }, (_, g) => g);
  const set = new Uint8Array(G);
  let extreme = 1;
  for (let b = 0; b < draws; b++) {
    shuffleFirst(random, order, GT);
    set.fill(0);
    for (let i = 0; i < GT; i++) set[order[i]!] = 1;
    if (isExtreme(compute(set))) extreme++;
  }
  return {
    ...base,
    p: extreme / (draws + 1),
    used: draws + 1,
    enumerated: false,
    minimumP: 1 / (draws + 1),
    seed,
  };
}

/**
 * The smallest two-sided p-value an exact randomisation test can give when `treated` of
 * `treated + control` clusters are reached: 2/C(G, G_T) with equal arms (each assignment ties with its
 * mirror image), else 1/C(G, G_T). What a design can show at best, before any data exists.
 */
export function smallestRandomisationP(
  treated: number,
  control: number,
): { assignments: number; minimumP: number } {
  const assignments = binomial(treated + control, treated);
  return { assignments, minimumP: (treated === control ? 2 : 1) / assignments };
}

/** C(n, k), exact for the sizes used here (and a float beyond 2⁵³, where only its size matters). */
function binomial(n: number, k: number): number {
  let c = 1;
  for (let i = 1; i <= Math.min(k, n - k); i++) c = (c * (n - Math.min(k, n - k) + i)) / i;
  return Math.round(c);
}
