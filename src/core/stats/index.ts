export { estimateDiD, minimumDetectableEffect, prePostChange, type DidObservation, type DifferenceEstimate } from './difference.ts';
export { tCritical, zCritical, zQuantile } from './distributions.ts';
export { meanAndVariance, meanInterval } from './mean.ts';
export { wilsonInterval } from './proportion.ts';
export { displayCount, suppressSmallCounts, SUPPRESS_BELOW, type Cell, type ShownCell } from './suppress.ts';
export { MIN_RELIABLE_N, type Estimate } from './types.ts';
