import { z } from 'zod';
import { CountryCodeSchema, LanguageCodeSchema, SlugSchema } from './common.ts';
import { RedirectSchema } from './redirect.ts';

/**
 * Who an audience is, in the terms of the 2016 conference: potential migrants, their families, the
 * diaspora that advises them, returnees, people in transit, and refugees at risk of trafficking.
 */
export const SEGMENTS = [
  'potential-migrants',
  'families',
  'diaspora',
  'returnees',
  'transit-migrants',
  'refugees-at-risk',
  'other',
] as const;

/** Ad platforms whose exports can be mapped onto audiences. */
export const AD_PLATFORMS = ['meta', 'tiktok', 'google'] as const;

export const AdMappingSchema = z.strictObject({
  /**
   * The ad platform the export comes from.
   * @example "meta"
   */
  platform: z.enum(AD_PLATFORMS),
  /**
   * The exact ad set (Meta) or ad group (TikTok, Google) name as it appears in the export.
   * @example "Dakar youth - Wolof"
   */
  name: z.string().min(1),
  /**
   * Only rows with this age band belong to the audience (for ad groups split by age only).
   * @example "18-24"
   */
  age: z.string().min(1).optional(),
  /**
   * Only rows with this gender belong to the audience, as the export writes it.
   * @example "female"
   */
  gender: z.string().min(1).optional(),
  /**
   * Only rows with this region belong to the audience, as the export writes it.
   * @example "Dakar"
   */
  region: z.string().min(1).optional(),
});

export const TargetsSchema = z.strictObject({
  /**
   * People the campaign aims to reach in this audience.
   * @example 120000
   */
  reach: z.int().nonnegative().optional(),
  /**
   * Engagements aimed for: link clicks, video completions, landing visits, shares.
   * @example 8000
   */
  engagements: z.int().nonnegative().optional(),
  /**
   * Inquiries at the contact point aimed for.
   * @example 300
   */
  inquiries: z.int().nonnegative().optional(),
});

export const AudienceSchema = z.strictObject({
  /**
   * Identifier used by imports, tracked links and reports.
   * @example "youth-dakar"
   */
  id: SlugSchema,
  /**
   * Who these people are, in a sentence, for the team and the evaluators.
   * @example "Young people in Dakar's suburbs who are weighing the Atlantic route"
   */
  description: z.string().min(1),
  /**
   * Which group this is.
   * @example "potential-migrants"
   */
  segment: z.enum(SEGMENTS),
  /**
   * Countries where this audience lives (ISO 3166-1 alpha-2). Each needs a contact point.
   * @example ["SN"]
   */
  countries: z.array(CountryCodeSchema).min(1),
  /**
   * Regions or cities within those countries.
   * @example ["Dakar", "Pikine"]
   */
  regions: z.array(z.string().min(1)).default([]),
  /**
   * Languages this audience reads, best first. Tracked links land in the first published one.
   * @example ["wo", "fr"]
   */
  languages: z.array(LanguageCodeSchema).min(1),
  /**
   * Age band, inclusive.
   * @example { min: 18, max: 34 }
   */
  age: z.strictObject({ min: z.int().min(0).max(120), max: z.int().min(0).max(120) }).optional(),
  /**
   * Gender targeted, or "all".
   * @example "all"
   */
  gender: z.enum(['all', 'female', 'male']).default('all'),
  /**
   * Estimated number of people in the audience, to show reach as a share of it.
   * @example 250000
   */
  size: z.int().positive().optional(),
  /** What the campaign aims to achieve with this audience. */
  targets: TargetsSchema.default({}),
  /**
   * How ad sets or ad groups in platform exports map to this audience.
   * @example [{ platform: "meta", name: "Dakar youth - Wolof" }]
   */
  ads: z.array(AdMappingSchema).default([]),
  /**
   * Search ads on what this audience types when it looks for a smuggler or a too-good job (the Redirect
   * Method), leading to the landing page; `counterpoint redirect` exports them for Google Ads Editor.
   * @example { lists: [{ theme: "smuggler contact", language: "wo", keywords: ["boza"] }] }
   */
  redirect: RedirectSchema.optional(),
});
