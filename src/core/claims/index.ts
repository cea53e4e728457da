export { checkClaimReferences, claimContext, type ClaimContext } from './check.ts';
export { CLAIMS_FILE, parseClaims, readClaims } from './load.ts';
export {
  ANSWER_WITHIN_DAYS,
  daysBetween,
  measureResponsiveness,
  median,
  type ClaimTiming,
  type Responsiveness,
} from './responsiveness.ts';
export {
  addClaim,
  answerClaim,
  type AddClaimResult,
  type ClaimFieldProblem,
  type NewClaim,
} from './write.ts';
