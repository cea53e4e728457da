import { z } from 'zod';

/** The kinds of offer readers can check and report. */
export const OFFER_KINDS = ['job', 'marriage', 'study', 'visa'] as const;
export type OfferKind = (typeof OFFER_KINDS)[number];

/**
 * The "Check an offer" block on the landing page: a checklist of warning signs per kind of offer. It
 * works without JavaScript; only aggregate counts are recorded (how many checked, how many found two
 * or more signs), never which signs one reader ticked.
 */
export const OfferCheckSchema = z.strictObject({
  /**
   * Which kinds of offer the page lets readers check, in this order.
   * @example ["job", "marriage"]
   */
  kinds: z
    .array(z.enum(OFFER_KINDS))
    .min(1)
    .default([...OFFER_KINDS]),
});

/**
 * The "Report a suspicious offer" form on the landing page (server mode, or a static site fronted by
 * the collector). Reports are anonymous text, seen only by the campaign's organisation, and deleted
 * after the retention period.
 */
export const OfferReportsSchema = z.strictObject({
  /**
   * Days a report is kept after the day it was received; a job deletes older ones every day.
   * @example 90
   */
  retentionDays: z.number().int().min(1).max(3650).default(90),
});

/** Retention of offer reports when a campaign does not set one. */
export const DEFAULT_OFFER_RETENTION_DAYS = 90;
