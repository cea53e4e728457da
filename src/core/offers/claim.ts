import type { NewClaim } from '../claims/write.ts';
import type { Campaign } from '../campaign/schema/index.ts';
import { CHANNELS } from '../campaign/schema/channel.ts';
import type { OfferReport } from './store.ts';

/** Longest claim sentence taken from a reader's report; the team shortens it to one sentence. */
const CLAIM_DRAFT_CHARS = 300;

/**
 * The claim an offer report becomes in one step ("turn into a claim" on the dashboard): seen the day it
 * was reported, where the reader saw it (a platform the channel list lacks, such as a website or in
 * person, becomes `other`), in the report's language, for the first audience that reads that language,
 * the reader's words as the draft sentence. The team edits the sentence and the audience in
 * claims.yaml, and links the answer once it is live (rule 5 counts the days from `seen`).
 */
export function claimFromReport(r: OfferReport, campaign: Pick<Campaign, 'audiences'>): NewClaim {
  const where = (CHANNELS as readonly string[]).includes(r.platform) ? r.platform : 'other';
  const audience = campaign.audiences.find((a) => a.languages.includes(r.language)) ?? campaign.audiences[0];
  return {
    seen: r.day,
    where,
    language: r.language,
    audience: audience?.id ?? '',
    claim: r.text.replace(/\s+/g, ' ').trim().slice(0, CLAIM_DRAFT_CHARS),
  };
}
