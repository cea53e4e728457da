import { z } from 'zod';

/**
 * The effectiveness report as plain data: the single source for the JSON and CSV exports, the HTML and
 * PDF views and the dashboards. Within a version fields are only ever added. Version 2 (2026-12): reach
 * and share of target are ranges, effects may have no interval (one cluster per arm: lower, upper, se,
 * df and p are null), counts may be "withheld", cost per outcome point is signed and on the whole budget.
 */

/**
 * A count from first-party or survey data. Withheld counts have no value: "<10" when the count itself is
 * under 10, "withheld" when it is withheld to protect another one (or in a filtered view); see
 * src/core/report/disclosure.ts.
 */
export const CountSchema = z.object({
  value: z.number().nullable(),
  display: z.string(),
  suppressed: z.boolean(),
});

/** A range for what cannot be known exactly (people reached across channels that may overlap). */
export const RangeSchema = z.object({ lower: z.number(), upper: z.number() });

/** One channel's reach of an audience, from platform exports and field sheets (not first-party). */
export const ChannelReachSchema = z.object({
  channel: z.string(),
  /** The channel's largest single-day reach: a floor for the people it reached in the period. */
  largestDay: z.number(),
  /** The channel's reach summed over days: people reached on several days are counted again. */
  sum: z.number(),
  /**
   * The channel's period reach estimated under independence across days (1 − Π(1 − day / size), times
   * the size; src/core/report/reach.ts); absent without the audience's size.
   */
  estimate: z.number().optional(),
});

/** People reached as an estimate with the range it lies in (the independence formula, src/core/report/reach.ts). */
export const ReachEstimateSchema = z.object({ estimate: z.number(), lower: z.number(), upper: z.number() });

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

/**
 * Words for people, as a message key of locales/en.json (fr, ar) with the figures it interpolates: core
 * builds no sentences; the dashboard, the HTML/PDF report and the CSV render the key in their language.
 */
export const MessageSchema = z.object({
  key: z.string(),
  values: z.record(z.string(), z.union([z.string(), z.number()])).default({}),
});

/** A standard error with its degrees of freedom and two-sided p-value; null where there is none. */
export const SeTestSchema = z.object({
  se: z.number().nullable(),
  df: z.number().nullable(),
  p: z.number().nullable(),
});

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
  /** `mdeBasis` as a message in the reader's language (null in older reports). */
  mdeBasisMessage: MessageSchema.nullable().default(null),
  method: z.string(),
  unreliable: z.boolean(),
  /** Why the effect is unreliable, or its interval doubtful, in plain words. */
  reasons: z.array(z.string()).default([]),
  /** `reasons` as message keys with values, same order, rendered in the page's language (may be shorter in old reports). */
  reasonMessages: z.array(MessageSchema).default([]),
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
  /**
   * The effect in standard units, beside it in its own: Cohen's h (arcsine scale) for a share, the DiD over
   * the pooled baseline SD for a scale (src/core/stats/effect-size.ts); null where there is none.
   */
  standardised: z
    .object({ value: z.number(), measure: z.enum(['cohen-h', 'sd-units']) })
    .nullable()
    .default(null),
  /**
   * The intra-cluster correlation observed at baseline (one-way ANOVA, with its 95 % F interval) beside the
   * one the plan assumed, as the CONSORT extension for cluster trials asks; null without clusters.
   */
  icc: z
    .object({
      observed: z.number(),
      lower: z.number().nullable(),
      upper: z.number().nullable(),
      planned: z.number(),
      /** True when the plan gave no ICC and the 0.05 default was assumed. */
      assumed: z.boolean(),
      clusters: z.number(),
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
      /** `assignment` as a message in the reader's language (null in older reports). */
      assignmentMessage: MessageSchema.nullable().default(null),
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
  /**
   * Sum of platform reach, event attendance, listeners and, where shown, site visitors: combined, not
   * de-duplicated (the upper end of `reach` before it is capped at the audience's size).
   */
  reachCombined: z.number(),
  /**
   * People reached, as a range: at least the largest single channel's reach (its largest day), at most
   * the combined sum, capped at the audience's estimated size.
   */
  reach: RangeSchema,
  /** `reach` with an estimate inside it: the channels combined by the independence formula; null without a size. */
  reachEstimate: ReachEstimateSchema.nullable().default(null),
  impressions: z.number(),
  /** `reach` against the target, as a range (0.5 = 50 %). */
  shareOfTarget: RangeSchema.nullable(),
  /** `reach` against the audience's estimated size, as a range. */
  shareOfSize: RangeSchema.nullable(),
  /** Reach per channel from platform exports and field sheets, site visitors apart. */
  channels: z.array(ChannelReachSchema).default([]),
  /** First-party unique visitors of the landing page (withheld in filtered views and when small). */
  siteVisitors: CountSchema,
  /** Engagements on the platforms plus, where shown, on the landing page (`siteEngagements`). */
  engagements: z.number(),
  /** Link clicks and video completions on the platforms. */
  platformEngagements: z.number().default(0),
  /** Page views, contact taps, shares and prints on the landing page (first-party). */
  siteEngagements: CountSchema,
  engagementTarget: z.number().nullable(),
});

/** One theme of the campaign's redirect keywords (Redirect Method), from the imported Google Ads keyword report. */
export const SearchThemeSchema = z.object({
  /** The theme of the keyword lists; null for keywords of the report that no list of the campaign holds. */
  theme: z.string().nullable(),
  /** Keywords of the theme that the report has numbers for. */
  keywords: z.number(),
  impressions: CountSchema,
  clicks: CountSchema,
  /** In the budget currency; null where the clicks are withheld (cost would give them away with the usual cost per click). */
  cost: z.number().nullable(),
});

/** One arm's count of a covariate level and its share of the arm's respondents (null where withheld). */
export const BalanceCellSchema = z.object({ count: CountSchema, share: z.number().nullable() });

/** An effect re-estimated for a sensitivity analysis: CR2 like the primary; no interval where it has none. */
export const SensitivityEstimateSchema = z.object({
  estimate: z.number(),
  lower: z.number().nullable(),
  upper: z.number().nullable(),
  se: z.number().nullable(),
  df: z.number().nullable(),
  p: z.number().nullable(),
  /** Dummy columns of the covariates' levels in the model (0 without covariates). */
  dummies: z.number(),
  respondents: z.number(),
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
  /**
   * Why the effect or one of its figures is withheld or refused (a withheld share it would give away, no
   * variation to test, one cluster in an arm…), as message keys with values; empty when all is shown.
   */
  notes: z.array(MessageSchema).default([]),
  /**
   * Internal consistency of a multi-item index (knowledge): Cronbach's alpha (KR-20 for 0/1 items) over the
   * respondents who answered every item; null for one item, and withheld when an item's share is.
   */
  reliability: z
    .object({ alpha: z.number(), items: z.number(), respondents: CountSchema })
    .nullable()
    .default(null),
  /**
   * Sensitivity analyses beside a shown clustered effect (src/core/report/sensitivity.ts): adjusted for the
   * respondents' covariates, and with "don't know" answers left out (a range with the main estimate);
   * `messages` say how far each moves the effect. Null where there is none.
   */
  sensitivity: z
    .object({
      /** Covariates adjusted for, each with its levels as dummies. */
      covariates: z.array(z.enum(['age', 'gender', 'language'])),
      adjusted: SensitivityEstimateSchema.nullable(),
      dontKnow: z
        .object({
          /** Respondents with a "don't know" answer to the indicator (withheld with the figures below). */
          answers: CountSchema,
          /** The effect with "don't know" answers left out; null where withheld or not estimable. */
          excluded: SensitivityEstimateSchema.nullable(),
          /** From the lower to the higher of the main and the "left out" estimate. */
          range: RangeSchema.nullable(),
        })
        .nullable(),
      messages: z.array(MessageSchema),
    })
    .nullable()
    .default(null),
});

/**
 * The claims log and how fast each claim was answered (rule 5). Recorded by the team, not counted from
 * readers: these are counts of claims, not of people, so the disclosure pass leaves them alone. Not
 * filtered by date, audience, channel or language: the whole log, on the report's day.
 */
/** A count as shown: its display only ("<10", "withheld" or the number), never the raw small count. */
const ShownCountSchema = z.object({ key: z.string(), display: z.string() });

/** Offer checks and reports as the report may show them (every count already through disclosure control). */
export const OfferSummarySchema = z.object({
  checks: z.string(),
  checksWarned: z.string(),
  reports: z.string(),
  byPlatform: z.array(ShownCountSchema),
  byKind: z.array(ShownCountSchema),
});

export const ClaimsSectionSchema = z.object({
  /** Median days from a claim seen to its answer published; null without answered claims. */
  medianDays: z.number().nullable(),
  answered: z.number(),
  unanswered: z.number(),
  /** Claims unanswered for more than `withinDays` days. */
  overdue: z.number(),
  withinDays: z.number(),
  items: z.array(
    z.object({
      id: z.string(),
      seen: z.string(),
      where: z.string(),
      language: z.string(),
      audience: z.string(),
      claim: z.string(),
      answeredBy: z
        .object({
          section: z.string().nullable(),
          language: z.string().nullable(),
          message: z.string().nullable(),
        })
        .nullable(),
      answeredOn: z.string().nullable(),
      daysToAnswer: z.number().nullable(),
      /** Unanswered: days waited so far on the report's day. */
      waiting: z.number().nullable(),
      overdue: z.boolean(),
    }),
  ),
});

export const ReportSchema = z.object({
  version: z.literal(2),
  generatedAt: z.string(),
  campaign: z.object({
    id: z.string(),
    title: z.string(),
    owner: z.string(),
    start: z.string(),
    end: z.string(),
    design: z.string(),
    currency: z.string().nullable(),
    budget: z.number().nullable(),
  }),
  period: z.object({ first: z.string().nullable(), last: z.string().nullable() }),
  /** The filter the report was built with (dates, audience, channel, language); empty for the whole campaign. */
  filter: z.record(z.string(), z.string()),
  reach: z.object({
    label: z.string(),
    audiences: z.array(AudienceReachSchema),
    /** Reach not attributed to an audience, combined (site visitors only where shown). */
    unattributed: z.number(),
    unattributedChannels: z.array(ChannelReachSchema).default([]),
    unattributedSiteVisitors: CountSchema.default({ value: null, display: 'withheld', suppressed: true }),
    total: z.object({
      /** Combined, not de-duplicated: the sum of the audiences' and the unattributed combined reach. */
      reachCombined: z.number(),
      /** At least the largest audience's lower end, at most the sum of the audiences' (capped) upper ends and the unattributed. */
      reach: RangeSchema,
      /**
       * `reach` with an estimate inside it: the audiences' estimates added up (audiences are different
       * people), an audience without one counted at its lower end, the unattributed at theirs.
       */
      reachEstimate: ReachEstimateSchema.nullable().default(null),
      /** The audiences' targets added up (people the campaign means to reach); 0 when none has one. */
      target: z.number().default(0),
      impressions: z.number(),
      eventAttendees: z.number(),
      estimatedListeners: z.number(),
      siteVisitors: CountSchema,
    }),
    /**
     * People reached as the survey measures it: the endline treatment share recalling the campaign
     * times the size of the audiences its communities belong to (`share`, `population`), with the
     * share's 95 % interval; null without one (src/core/report/reach.ts, `recallReach`).
     */
    surveyRecall: ReachEstimateSchema.extend({ share: z.number(), population: z.number() })
      .nullable()
      .default(null),
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
  inquiries: z.object({
    total: CountSchema,
    byTopic: z.array(z.object({ key: z.string(), count: CountSchema })),
    byChannel: z.array(z.object({ key: z.string(), count: CountSchema })),
  }),
  /**
   * Partner sites that embed the banner (campaign.yaml `placements`): impressions of the banner, the
   * readers it was shown to (distinct per day, added up over the days) and clicks on it, per partner,
   * through the disclosure pass like every first-party count.
   */
  placements: z
    .array(
      z.object({
        partner: z.string(),
        name: z.string(),
        impressions: CountSchema,
        readers: CountSchema,
        clicks: CountSchema,
      }),
    )
    .default([]),
  outcomes: z.array(OutcomeSchema),
  /**
   * CONSORT-style flow of the survey per arm, cluster and wave: consenting respondents, how many answered
   * each indicator and whether its effect analysed them (src/core/report/flow.ts), counts under disclosure
   * control. Empty without survey data.
   */
  flow: z
    .array(
      z.object({
        arm: z.string(),
        cluster: z.string(),
        wave: z.string(),
        respondents: CountSchema,
        answered: z.array(z.object({ indicator: z.string(), count: CountSchema })),
        analysed: z.array(z.object({ indicator: z.string(), analysed: z.boolean() })),
      }),
    )
    .default([]),
  /**
   * Balance of the survey's arms on the respondents' covariates (age band, gender, language), per wave:
   * each level's count and share per arm and their standardised difference (src/core/report/balance.ts),
   * counts under disclosure control. Empty when the campaign maps no covariates.
   */
  balance: z
    .array(
      z.object({
        covariate: z.enum(['age', 'gender', 'language']),
        /** The age band ("18-24", "35+") or the form's choice name; '' for respondents who did not answer. */
        level: z.string(),
        wave: z.string(),
        treatment: BalanceCellSchema,
        control: BalanceCellSchema,
        /** Standardised difference of the shares, treatment minus control (Austin 2009); null where withheld or without spread. */
        standardised: z.number().nullable(),
        /** |standardised| > 0.1. */
        imbalanced: z.boolean().nullable(),
      }),
    )
    .default([]),
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
      .array(
        z.object({
          currency: z.string(),
          original: z.number(),
          spend: z.number(),
          rates: z.array(z.object({ from: z.string().nullable(), rate: z.number() })),
        }),
      )
      .default([]),
    /** Media spend per 1,000 people reached, as a range from the reach range (upper reach gives the lower cost). */
    per1000Reached: RangeSchema.nullable(),
    /**
     * The whole budget (media spend where there is no budget: `perPersonReachedOn`) per person reached,
     * from the reach estimate and its range (the upper end of reach gives the lower cost).
     */
    perPersonReached: ReachEstimateSchema.nullable().default(null),
    perPersonReachedOn: z.enum(['budget', 'spend']).nullable().default(null),
    /** Media spend per engagement shown (withheld first-party engagements are left out). */
    perEngagement: z.number().nullable(),
    /** Media spend per inquiry; null when the inquiries are withheld. */
    perInquiry: z.number().nullable(),
    /** The whole budget (`campaign.budget`), in `currency`; what an outcome point is priced on. */
    budget: z.number().nullable().default(null),
    /**
     * Cost per outcome point, for effects whose 95 % interval excludes zero only. `points` is the
     * effect in percentage points (shares) or scale points (means), signed; `direction` says whether
     * the change is the one the campaign wants (intention to migrate irregularly falling, the others
     * rising). A harmful change has no price (`budget`, `media` and `perPersonChanged` null): it is
     * not a gain bought. Intervals come from the effect's interval (cost = money / points).
     */
    perOutcomePoint: z
      .array(
        z.object({
          indicator: z.string(),
          unit: z.enum(['percentage point', 'scale point']),
          points: z.number(),
          pointsLower: z.number(),
          pointsUpper: z.number(),
          direction: z.enum(['improvement', 'harm']),
          /** The effect is marked unreliable (its reasons are on the outcome): the price is as doubtful. */
          unreliable: z.boolean().default(false),
          /** Whole budget per point, with its interval. */
          budget: z.object({ value: z.number(), lower: z.number(), upper: z.number() }).nullable(),
          /** Media spend per point, with its interval (shown beside the budget figure). */
          media: z.object({ value: z.number(), lower: z.number(), upper: z.number() }).nullable(),
          /**
           * Budget per person whose answer changed: effect × the size of the audiences the treated
           * clusters belong to; null when that size is not known.
           */
          perPersonChanged: z
            .object({ people: z.number(), value: z.number(), lower: z.number(), upper: z.number() })
            .nullable(),
          /** Which audiences' estimated size `perPersonChanged` uses, or why there is none. */
          population: z.string(),
        }),
      )
      .default([]),
    /**
     * Effects not priced, and why: `message` is the reason as a message key with values (withheld,
     * no interval, interval includes zero, unreliable, bootstrap and randomisation tests do not reject);
     * `reason` is the English sentence of the first two, kept for version-2 readers (the key otherwise).
     */
    notPriced: z
      .array(
        z.object({
          indicator: z.string(),
          reason: z.string(),
          message: MessageSchema.nullable().default(null),
        }),
      )
      .default([]),
  }),
  /** Per day and metric; first-party days withheld where a window or a total could single them out. */
  series: z.array(
    z.object({ day: z.string(), metric: z.string(), value: z.number().nullable(), display: z.string() }),
  ),
  byChannel: z.array(
    z.object({ key: z.string(), metric: z.string(), value: z.number().nullable(), display: z.string() }),
  ),
  byLanguage: z.array(
    z.object({ key: z.string(), metric: z.string(), value: z.number().nullable(), display: z.string() }),
  ),
  scorecard: z.array(
    z.object({
      rule: z.number(),
      name: z.string(),
      verdict: z.enum(['pass', 'warn', 'fail']),
      reason: z.string(),
      /** `reason` as messages in the reader's language, one after another (empty in older reports). */
      messages: z.array(MessageSchema).default([]),
    }),
  ),
  caveats: z.array(z.string()),
  /** `caveats` as messages, same order and length (empty in older reports: then the English ones are shown). */
  caveatMessages: z.array(MessageSchema).default([]),
  /** Impressions, clicks and cost per keyword theme of the search redirection (src/core/report/keywords.ts). */
  searchThemes: z.array(SearchThemeSchema).default([]),
  /**
   * Offer checks and offer reports of the whole campaign (not narrowed by the report's filter), as
   * counts through disclosure control (src/core/offers/summary.ts); absent when the campaign has neither.
   */
  offers: OfferSummarySchema.optional(),
  /**
   * Site events sent while their address was flagged by the collector (a burst implausible for that
   * address's history; README, Security), for the whole campaign, through disclosure control.
   * `excluded`: the report's site counts leave them out (filter `exclude=flagged`).
   */
  flagged: z
    .object({ excluded: z.boolean(), views: CountSchema })
    .default({ excluded: false, views: { value: 0, display: '0', suppressed: false } }),
  /**
   * The tipline's reach of the whole campaign, per platform and metric, each total and language through
   * disclosure control (src/core/tipline/summary.ts); absent when the campaign has no tipline.
   */
  tipline: z
    .array(
      z.object({
        platform: z.string(),
        metric: z.string(),
        total: z.string(),
        byLanguage: z.array(z.object({ key: z.string(), display: z.string() })),
      }),
    )
    .optional(),
  claims: ClaimsSectionSchema.default({
    medianDays: null,
    answered: 0,
    unanswered: 0,
    overdue: 0,
    withinDays: 14,
    items: [],
  }),
});

export type Report = z.output<typeof ReportSchema>;
export type Count = z.output<typeof CountSchema>;
export type Message = z.output<typeof MessageSchema>;
export type SearchTheme = z.output<typeof SearchThemeSchema>;
export type ClaimsSection = z.output<typeof ClaimsSectionSchema>;
