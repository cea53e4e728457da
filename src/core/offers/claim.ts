import type { OfferReport } from './store.ts';

/**
 * What a claim made from an offer report starts from: the fields the claims log (claims.yaml) asks
 * for, as far as a report knows them. The reader's words are the claim's draft sentence; the team edits
 * it before the claim is answered.
 */
export interface ClaimDraft {
  campaign: string;
  seen: string;
  platform: string;
  language: string;
  claim: string;
  /** Where it came from, for the claims log's own record. */
  source: { offerReport: number; kind: string; link?: string };
}

/** A claim draft from one offer report (pure; writing it is the claims writer's job). */
export function claimDraftFromReport(r: OfferReport): ClaimDraft {
  return {
    campaign: r.campaign,
    seen: r.day,
    platform: r.platform,
    language: r.language,
    claim: r.text.replace(/\s+/g, ' ').trim().slice(0, 500),
    source: { offerReport: r.id, kind: r.kind, ...(r.link && { link: r.link }) },
  };
}

/**
 * The one-step "turn this report into a claim" hook the dashboard's button calls. The claims log is
 * another module's (claims.yaml and its writer); until it is wired in here, the hook is given the
 * writer by the caller, so this file stays the single place to connect them.
 */
export type ClaimWriter = (draft: ClaimDraft) => Promise<{ id: string }>;

let writer: ClaimWriter | undefined;

/** Connects the claims writer (called once by whoever owns the claims log). */
export function setClaimWriter(w: ClaimWriter | undefined): void {
  writer = w;
}

/** Turns a report into a claim; undefined when no claims writer is connected yet. */
export async function reportToClaim(report: OfferReport): Promise<{ id: string } | undefined> {
  return writer?.(claimDraftFromReport(report));
}
