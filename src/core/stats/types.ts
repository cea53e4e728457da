/** An estimate with its 95 % (or other) interval and the sample behind it. */
export interface Estimate {
  estimate: number;
  lower: number;
  upper: number;
  /** Standard error, where the method has one. */
  se: number;
  /** Respondents (or observations) behind the estimate. */
  n: number;
  level: number;
  /** Fewer than MIN_RELIABLE_N respondents in a cell: shown, but flagged as unreliable. */
  unreliable: boolean;
}

/** Below this many respondents in a cell an estimate is flagged as unreliable. */
export const MIN_RELIABLE_N = 30;
