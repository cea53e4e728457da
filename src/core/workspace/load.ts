import type { Problem } from '../campaign/errors.ts';
import { readCampaignFiles, type ComposeCampaign, type LoadResult } from '../campaign/loader.ts';
import { claimContext } from '../claims/check.ts';
import { readClaims } from '../claims/load.ts';
import { translationProblems } from '../translation/status.ts';

/**
 * The workspace step after the loader has read a campaign's files: its claims log, whose answers are
 * checked against the pages just read (a section must be on that language's page), then its
 * translation status. It lives here, above campaign/, claims/ and translation/, so none of them
 * imports another upward.
 */
const compose: ComposeCampaign = (files, problems) => {
  const claims = readClaims(files.dir, claimContext(files.campaign, files.pages));
  problems.push(...claims.problems);
  if (claims.problems.some((p: Problem) => p.severity === 'error')) return undefined;
  const loaded = { ...files, claims: claims.claims };
  problems.push(...translationProblems(loaded));
  return loaded;
};

/**
 * Loads every campaign under `root` and every joint core message, composed: claims and translation
 * status included. Never throws for an author's mistake: each one becomes a located problem, and a
 * campaign with any error is left out of `campaigns`. With `only`, that one campaign (and every joint
 * message): what a save checks.
 */
export function loadCampaigns(root: string, only?: string): LoadResult {
  return readCampaignFiles(root, only, compose);
}
