import type { LinearModel } from './cluster-robust.ts';
import type { DidObservation } from './difference.ts';

/** The difference-in-differences regression y = a + b·treated + c·post + d·treated·post, with its clusters. */
export interface DidDesign {
  model: LinearModel;
  /** Cluster labels in index order. */
  labels: string[];
  /** Whether each cluster (by index) is in the treated arm. */
  treated: boolean[];
  /** Respondents per cell: treated×post, treated×baseline, control×post, control×baseline. */
  cells: { treatedPost: number; treatedBase: number; controlPost: number; controlBase: number };
}

/** Index of the treated×post coefficient d in the DiD design matrix. */
export const DID_COEFFICIENT = 3;

/**
 * Builds the DiD design matrix. Observations without a cluster form one cluster (labelled "").
 * Throws when a cluster appears in both arms: clusters are assigned to arms whole.
 */
export function buildDidDesign(observations: readonly DidObservation[]): DidDesign {
  const index = new Map<string, number>();
  const treated: boolean[] = [];
  const n = observations.length;
  const k = 4;
  const x = new Float64Array(n * k);
  const y = new Float64Array(n);
  const cluster = new Int32Array(n);
  const cells = { treatedPost: 0, treatedBase: 0, controlPost: 0, controlBase: 0 };
  observations.forEach((o, r) => {
    const label = o.cluster ?? '';
    let g = index.get(label);
    if (g === undefined) {
      g = index.size;
      index.set(label, g);
      treated.push(o.treated);
    } else if (treated[g] !== o.treated) {
      throw new Error(
        `Cluster "${label}" has respondents in both arms; a cluster must be assigned to one arm.`,
      );
    }
    const t = o.treated ? 1 : 0;
    const p = o.post ? 1 : 0;
    x[r * k] = 1;
    x[r * k + 1] = t;
    x[r * k + 2] = p;
    x[r * k + 3] = t * p;
    y[r] = o.y;
    cluster[r] = g;
    if (o.treated) o.post ? cells.treatedPost++ : cells.treatedBase++;
    else o.post ? cells.controlPost++ : cells.controlBase++;
  });
  return { model: { x, k, y, cluster, clusters: index.size }, labels: [...index.keys()], treated, cells };
}
