import type { Claim } from '../campaign/schema/claim.ts';

/** A claim left unanswered longer than this many days makes rule 5 warn. */
export const ANSWER_WITHIN_DAYS = 14;

const DAY_MS = 86_400_000;
/** Whole days from one YYYY-MM-DD date to another (UTC calendar days, so no daylight-saving drift). */
export const daysBetween = (from: string, to: string) =>
  Math.round((Date.parse(to) - Date.parse(from)) / DAY_MS);

/** A claim with its timing: days to its answer, or days it has waited so far. */
export interface ClaimTiming {
  claim: Claim;
  /** Days from seen to answer live; null while unanswered. */
  daysToAnswer: number | null;
  /** Unanswered: days since it was seen (0 for a claim dated after `today`); answered: null. */
  waiting: number | null;
  /** Unanswered for more than ANSWER_WITHIN_DAYS days. */
  overdue: boolean;
}

export interface Responsiveness {
  timings: ClaimTiming[];
  answered: number;
  unanswered: number;
  overdue: string[];
  /** Median days from a claim seen to its answer published, over answered claims; null without any. */
  medianDays: number | null;
}

/**
 * The sample median: the middle value of the sorted days, or the mean of the two middle ones for an
 * even count (the usual definition, R's `median()`). The median, not the mean, because one claim
 * answered months late should not hide a team that usually answers within days.
 */
export function median(values: readonly number[]): number | null {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/**
 * How fast a campaign answers what smugglers claim (rule 5, "fast and responsive"): per claim the days
 * from seen to its answer going live, the median of those, and the claims still unanswered after
 * ANSWER_WITHIN_DAYS days on `today` (YYYY-MM-DD). An answer counts from the day recorded in
 * `answeredOn`: the team records it once the section or message is live.
 */
export function measureResponsiveness(claims: readonly Claim[], today: string): Responsiveness {
  const timings = claims.map((claim): ClaimTiming => {
    if (claim.answeredOn)
      return {
        claim,
        daysToAnswer: daysBetween(claim.seen, claim.answeredOn),
        waiting: null,
        overdue: false,
      };
    const waiting = Math.max(0, daysBetween(claim.seen, today));
    return { claim, daysToAnswer: null, waiting, overdue: waiting > ANSWER_WITHIN_DAYS };
  });
  const answeredDays = timings.flatMap((t) => (t.daysToAnswer === null ? [] : [t.daysToAnswer]));
  return {
    timings,
    answered: answeredDays.length,
    unanswered: timings.length - answeredDays.length,
    overdue: timings.filter((t) => t.overdue).map((t) => t.claim.id),
    medianDays: median(answeredDays),
  };
}
