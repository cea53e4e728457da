import type { Claim } from '../campaign/schema/claim.ts';
import { ANSWER_WITHIN_DAYS, measureResponsiveness } from '../claims/responsiveness.ts';
import type { ClaimsSection } from './schema.ts';

/** The report's claims section: every claim, answered or not, with its days to answer, on `today`. */
export function claimsSection(claims: readonly Claim[], today: string): ClaimsSection {
  const r = measureResponsiveness(claims, today);
  return {
    medianDays: r.medianDays,
    answered: r.answered,
    unanswered: r.unanswered,
    overdue: r.overdue.length,
    withinDays: ANSWER_WITHIN_DAYS,
    items: r.timings.map(({ claim: c, daysToAnswer, waiting, overdue }) => ({
      id: c.id,
      seen: c.seen,
      where: c.where,
      language: c.language,
      audience: c.audience,
      claim: c.claim,
      answeredBy: c.answeredBy
        ? {
            section: c.answeredBy.section ?? null,
            language: c.answeredBy.language ?? null,
            message: c.answeredBy.message ?? null,
          }
        : null,
      answeredOn: c.answeredOn ?? null,
      daysToAnswer,
      waiting,
      overdue,
    })),
  };
}
