import { z } from 'zod';

/** Where a number came from. First-party sources are counted by Counterpoint itself. */
export const SOURCES = [
  'site',
  'meta-ads',
  'tiktok-ads',
  'google-ads',
  'google-ads-keywords',
  'activities',
  'inquiries',
  'kobo',
  'odk',
] as const;
export type Source = (typeof SOURCES)[number];
/** Sources whose small counts identify people and are suppressed below 10 in reports. */
export const FIRST_PARTY_SOURCES: readonly Source[] = ['site', 'inquiries', 'kobo', 'odk'];

/**
 * What a fact counts. Reach is de-duplicated only within one row of the source's export: sums of
 * reach across days or channels are "combined, not de-duplicated".
 */
export const METRICS = [
  'impressions',
  'reach',
  'spend',
  'link-clicks',
  'video-views',
  'video-completions',
  'page-views',
  'unique-visitors',
  'contact-clicks',
  'share-clicks',
  'prints',
  'language-switches',
  'tracked-link-clicks',
  'inquiries',
  'event-attendees',
  'estimated-listeners',
  'flyers-distributed',
  'messages-shared',
  'offer-checks',
  'offer-checks-warned',
  'embed-impressions',
  /** Distinct readers the embedded banner was shown to, per placement (detail) and day. */
  'embed-readers',
] as const;
export type Metric = (typeof METRICS)[number];

/** Audience id for numbers that map to none of the campaign's audiences. */
export const UNATTRIBUTED = 'unattributed';

/** One number for (campaign, day, source, channel, audience, language, detail, metric). */
export const FactSchema = z.strictObject({
  campaign: z.string().min(1).max(80),
  day: z.iso.date(),
  source: z.enum(SOURCES),
  channel: z.string().max(40),
  audience: z.string().max(80),
  /** BCP 47 code, or '' when the source does not say. */
  language: z.string().max(20),
  /** A finer breakdown the source gives: inquiry topic, "18-24 female", contact target. '' when none. */
  detail: z.string().max(80),
  metric: z.enum(METRICS),
  value: z.number().finite(),
});
export type Fact = z.output<typeof FactSchema>;

/** Events the page beacon and tracked links send. */
export const EVENT_TYPES = [
  'view',
  'contact-click',
  'share-click',
  'print',
  'language-switch',
  'link-click',
  // The banner embedded on a partner site was shown (src/core/site/embed.client.js): the one event
  // the collector accepts from another site.
  'embed-impression',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** A first-party event as the collector hands it to the store: no address, no user agent, no cookie. */
export interface RawEvent {
  campaign: string;
  day: string;
  /** Hour of day (0-23), UTC: enough for a time series, too coarse to single anyone out. */
  hour: number;
  type: EventType;
  language: string;
  channel: string;
  audience: string;
  /** What was clicked: tel, whatsapp, share target, or the tracked-link code. */
  target: string;
  /**
   * The reader's hash with the day's salt (which never leaves the collector's memory): it tells a new
   * reader from one seen before while the day is open, is not stored with the event, and is deleted
   * when the day closes.
   */
  visitor: string;
}

export interface ImportRecord {
  campaign: string;
  source: Source;
  fileName: string;
  fileHash: string;
  rowsAccepted: number;
  rowsRejected: number;
  firstDay: string | null;
  lastDay: string | null;
  /** Currency the file's spend was in, when known. */
  currency?: string | null;
  /** Rates applied to convert that spend into the budget currency (JSON [{from, rate}]), when converted. */
  rates?: string | null;
}

/** The fact dimensions `totals` can group by. */
export const DIMENSIONS = ['source', 'metric', 'audience', 'channel', 'language', 'day', 'detail'] as const;
export type Dimension = (typeof DIMENSIONS)[number];
