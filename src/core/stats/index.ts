export {
  clusterRobustFit,
  type ClusterRobustFit,
  type LinearModel,
  type RobustStandardErrors,
} from './cluster-robust.ts';
export { estimateClusteredDiD, type ClusteredDidEstimate, type SeWithTest } from './clustered-did.ts';
export {
  estimateDiD,
  minimumDetectableEffect,
  prePostChange,
  type DidObservation,
  type DifferenceEstimate,
} from './difference.ts';
export { fQuantile, tCritical, tQuantileAt, tTwoSidedP, zCritical, zQuantile } from './distributions.ts';
export { meanAndVariance, meanInterval } from './mean.ts';
export { designEffect, estimateIcc, iccInterval } from './icc.ts';
export { cohenH, cronbachAlpha, standardisedDiD } from './effect-size.ts';
export { holmAdjust } from './multiple-testing.ts';
export {
  clustersPerArmNeeded,
  DEFAULT_ICC,
  designMinimumDetectableEffect,
  type ClusteredDesign,
  type DesignPower,
} from './power.ts';
export { wilsonInterval } from './proportion.ts';
export { type Refusal, varianceRefusal } from './refusal.ts';
export { seededRandom, shuffleFirst, type Random } from './random.ts';
export {
  ENUMERATE_ASSIGNMENTS_UP_TO,
  randomisationTestDiD,
  type RandomisationOptions,
  type RandomisationResult,
  smallestRandomisationP,
} from './randomisation.ts';
export {
  assessReliability,
  MIN_RELIABLE_ARM_CLUSTERS,
  MIN_RELIABLE_CLUSTERS,
  type Reliability,
  type ReliabilityInput,
} from './reliability.ts';
export {
  displayCount,
  suppressSmallCounts,
  SUPPRESS_BELOW,
  WITHHELD,
  type Cell,
  type ShownCell,
} from './suppress.ts';
export { MIN_RELIABLE_N, type Estimate } from './types.ts';
export {
  BOOTSTRAP_DRAWS,
  DEFAULT_SEED,
  ENUMERATE_UP_TO,
  wildBootstrapDiD,
  wildClusterBootstrap,
  type WildBootstrapOptions,
  type WildBootstrapResult,
} from './wild-bootstrap.ts';
export { type AdjustedDidEstimate, type AdjustedObservation, estimateAdjustedDiD } from './adjusted-did.ts';
