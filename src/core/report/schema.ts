import { z } from 'zod';

/**
 * The effectiveness report as plain data: the single source for the JSON and CSV exports, the HTML and
 * PDF views and the dashboards. Version 1; fields are only ever added.
 */

/** A count from first-party or survey data: below 10 it is withheld ("<10") everywhere, exports too. */
export const CountSchema = z.object({ value: z.number().nullable(), display: z.string(), suppressed: z.boolean() });

export const EstimateSchema = z.object({
  estimate: z.number().nullable(),
  lower: z.number().nullable(),
  upper: z.number().nullable(),
  n: CountSchema,
  unreliable: z.boolean(),
  /**
   * In a clustered sample, the design effect the interval allows for (computed on n / design effect,
   * with the plan's ICC or the 0.05 default); null when respondents were not sampled by cluster.
   */
  designEffect: z.number().nullable().default(null),
});

/** A standard error with its degrees of freedom and two-sided p-value; null where there is none. */
export const SeTestSchema = z.object({ se: z.number().nullable(), df: z.number().nullable(), p: z.number().nullable() });

export const EffectSchema = z.object({
  estimate: z.number(),
  /** Interval bounds; null when the design allows no interval (one cluster in an arm). */
  lower: z.number().nullable(),
  upper: z.number().nullable(),
  se: z.number().nullable(),
  df: z.number().nullable(),
  /** Two-sided p-value of the interval's test (for a clustered sample, CR2 with Bell–McCaffrey df). */
  p: z.number().nullable().default(null),
  /** For a secondary indicator, `p` adjusted for multiple comparisons (Holm) over the secondary ones; null for the primary. */
  pAdjusted: z.number().nullable().default(null),
  /** Minimum detectable effect at 80 % power: from the design (clusters, respondents, ICC) in clustered samples. */
  mde: z.number().nullable(),
  /** How the minimum detectable effect was computed, in words. */
  mdeBasis: z.string().default(''),
  method: z.string(),
  unreliable: z.boolean(),
  /** Why the effect is unreliable, or its interval doubtful, in plain words. */
  reasons: z.array(z.string()).default([]),
  /** In a clustered sample: the clusters and the alternative standard errors shown beside CR2. */
  clustered: z
    .object({
      clusters: z.number(),
      treatedClusters: z.number(),
      controlClusters: z.number(),
      cr1: SeTestSchema,
      hc2: SeTestSchema,
      /** The clustered (CR2) standard error is below the unclustered one: more likely chance than precision. */
      belowUnclustered: z.boolean(),
    })
    .nullable()
    .default(null),
  /** Restricted wild cluster bootstrap test of no effect (Webb weights). */
  bootstrap: z
    .object({
      /** null when there is nothing to test (one cluster per arm). */
      p: z.number().nullable(),
      pAdjusted: z.number().nullable(),
      draws: z.number(),
      /** True when every weight vector was used (6^G); false when drawn at random from `seed`. */
      enumerated: z.boolean(),
      weights: z.string(),
      seed: z.number().nullable(),
    })
    .nullable()
    .default(null),
  /** Randomisation inference over the possible assignments of clusters to arms. */
  randomisation: z
    .object({
      p: z.number(),
      pAdjusted: z.number().nullable(),
      /** Possible assignments of the clusters to arms, C(G, G_T). */
      assignments: z.number(),
      /** Assignments the p-value is computed over (all when enumerated). */
      used: z.number(),
      enumerated: z.boolean(),
      /** The smallest p-value this design can give, whatever the data. */
      minimumP: z.number(),
      seed: z.number().nullable(),
      statistic: z.string(),
      /** How the clusters were assigned, which the test's validity rests on. */
      assignment: z.string(),
    })
    .nullable()
    .default(null),
});

export const AudienceReachSchema = z.object({
  id: z.string(),
  description: z.string(),
  segment: z.string(),
  size: z.number().nullable(),
  target: z.number().nullable(),
  /** Sum of platform reach, event attendance, listeners and site visitors: combined, not de-duplicated. */
  reachCombined: z.number(),
  impressions: z.number(),
  shareOfTarget: z.number().nullable(),
  shareOfSize: z.number().nullable(),
  engagements: z.number(),
  engagementTarget: z.number().nullable(),
});

export const OutcomeSchema = z.object({
  indicator: z.string(),
  /** primary: named in the evaluation plan and tested alone; secondary: p-values Holm-adjusted. */
  role: z.enum(['primary', 'secondary']).default('secondary'),
  /** share (0–1) or mean on a scale. */
  kind: z.enum(['share', 'mean']),
  cells: z.array(z.object({ wave: z.string(), arm: z.string(), value: EstimateSchema })),
  effect: EffectSchema.nullable(),
  design: z.string(),
  items: z.array(z.object({ item: z.string(), wave: z.string(), arm: z.string(), value: EstimateSchema })),
});

export const ReportSchema = z.object({
  version: z.literal(1),
  generatedAt: z.string(),
  campaign: z.object({ id: z.string(), title: z.string(), owner: z.string(), start: z.string(), end: z.string(), design: z.string(), currency: z.string().nullable(), budget: z.number().nullable() }),
  period: z.object({ first: z.string().nullable(), last: z.string().nullable() }),
  /** The filter the report was built with (dates, audience, channel, language); empty for the whole campaign. */
  filter: z.record(z.string(), z.string()),
  reach: z.object({
    label: z.string(),
    audiences: z.array(AudienceReachSchema),
    unattributed: z.number(),
    total: z.object({ reachCombined: z.number(), impressions: z.number(), eventAttendees: z.number(), estimatedListeners: z.number(), siteVisitors: CountSchema }),
  }),
  engagement: z.object({
    linkClicks: z.number(),
    videoViews: z.number(),
    videoCompletions: z.number(),
    landingVisits: CountSchema,
    contactClicks: CountSchema,
    shares: CountSchema,
    prints: CountSchema,
  }),
  inquiries: z.object({ total: CountSchema, byTopic: z.array(z.object({ key: z.string(), count: CountSchema })), byChannel: z.array(z.object({ key: z.string(), count: CountSchema })) }),
  outcomes: z.array(OutcomeSchema),
  respondents: CountSchema,
  cost: z.object({
    /** Media spend in the budget currency (`currency`), converted spend included. */
    spend: z.number(),
    currency: z.string().nullable(),
    /**
     * Spend exported in another currency and converted on import: per original currency, the amount as
     * exported (`original`), its part of `spend` in the budget currency, and the rates applied.
     */
    converted: z
      .array(z.object({ currency: z.string(), original: z.number(), spend: z.number(), rates: z.array(z.object({ from: z.string().nullable(), rate: z.number() })) }))
      .default([]),
    per1000Reached: z.number().nullable(),
    perEngagement: z.number().nullable(),
    perInquiry: z.number().nullable(),
    perPercentagePoint: z.array(z.object({ indicator: z.string(), value: z.number().nullable() })),
  }),
  series: z.array(z.object({ day: z.string(), metric: z.string(), value: z.number().nullable(), display: z.string() })),
  byChannel: z.array(z.object({ key: z.string(), metric: z.string(), value: z.number().nullable(), display: z.string() })),
  byLanguage: z.array(z.object({ key: z.string(), metric: z.string(), value: z.number().nullable(), display: z.string() })),
  scorecard: z.array(z.object({ rule: z.number(), name: z.string(), verdict: z.enum(['pass', 'warn', 'fail']), reason: z.string() })),
  caveats: z.array(z.string()),
});

export type Report = z.output<typeof ReportSchema>;
export type Count = z.output<typeof CountSchema>;
