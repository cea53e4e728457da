import { z } from 'zod';
import { MarkSchema } from './mark.ts';
import { AudienceSchema } from './audience.ts';
import { BudgetSchema } from './budget.ts';
import { ChannelSchema } from './channel.ts';
import { DateSchema, LanguageCodeSchema, SlugSchema } from './common.ts';
import { ContactPointSchema } from './contact-point.ts';
import { EvaluationSchema } from './evaluation.ts';
import { MeasureSchema } from './measure.ts';
import { OfferCheckSchema, OfferReportsSchema } from './offer.ts';
import { DiasporaPartnerSchema } from './partner.ts';
import { checkRedirect } from './redirect.ts';
import { checkPlacements, PlacementSchema } from './placement.ts';
import { ReviewSchema } from './review.ts';
import { TiplineSchema } from './tipline.ts';

export const TrackedLinkSchema = z.strictObject({
  /**
   * Short code in the address /go/<code>: letters, digits and hyphens.
   * @example "dkr-radio"
   */
  code: z.string().regex(/^[a-z0-9][a-z0-9-]{1,23}$/, {
    error: 'expected 2 to 24 lower-case letters, digits or hyphens, like "dkr-radio"',
  }),
  /** @example "radio" */
  channel: ChannelSchema,
  /** Audience id the link is meant for. @example "youth-dakar" */
  audience: SlugSchema,
  /** Landing language; by default the audience's first published language. @example "wo" */
  language: LanguageCodeSchema.optional(),
});

export const OwnerSchema = z.strictObject({
  /**
   * Organisation id; evaluator accounts see the campaigns of their organisation.
   * @example "example-ngo-dakar"
   */
  id: SlugSchema,
  /** @example "Example NGO Dakar (fictional)" */
  name: z.string().min(1),
  mark: MarkSchema.optional(),
});

export const WindowSchema = z.strictObject({
  /** First day of the campaign. @example "2027-02-01" */
  start: DateSchema,
  /** Last day of the campaign (inclusive). @example "2027-02-28" */
  end: DateSchema,
});

export const LanguagesSchema = z.strictObject({
  /**
   * Language of the campaign's own texts; also the x-default page.
   * @example "fr"
   */
  default: LanguageCodeSchema,
  /**
   * Languages with a landing page; each needs campaigns/<id>/<lang>.md.
   * @example ["fr", "wo", "en"]
   */
  published: z.array(LanguageCodeSchema).min(1),
  /**
   * The language the texts are written in first and translated from; translations record which
   * version of it they follow. Default: the default language.
   * @example "fr"
   */
  source: LanguageCodeSchema.optional(),
});

export const CampaignObjectSchema = z.strictObject({
  /**
   * JSON Schema reference for editors; ignored by Counterpoint.
   * @example "../../schema/campaign.schema.json"
   */
  $schema: z.string().optional(),
  /**
   * Campaign id, the same as its folder name; used in every URL.
   * @example "safe-journeys-senegal-2027"
   */
  id: SlugSchema,
  /**
   * Internal title for the team and the dashboards (readers see the headline of each language).
   * @example "Safe Journeys Senegal 2027"
   */
  title: z.string().min(1),
  /**
   * Marks a demonstration campaign: its pages carry a visible "example" notice.
   * @example true
   */
  example: z.boolean().default(false),
  /** Organisation that owns the campaign. */
  owner: OwnerSchema,
  /**
   * draft: validated but not published; active: published; ended: published with a notice.
   * @example "active"
   */
  status: z.enum(['draft', 'active', 'ended']),
  /** When the campaign runs. The 2016 conference asks for short campaigns: over 12 weeks is warned. */
  window: WindowSchema,
  /** Default and published languages. */
  languages: LanguagesSchema,
  /**
   * Joint core messages (folders under campaigns/_messages/) this campaign carries.
   * @example ["no-one-should-die-for-a-journey"]
   */
  messages: z.array(SlugSchema).default([]),
  /** Target groups. At least one. */
  audiences: z.array(AudienceSchema).min(1),
  /**
   * Channels the campaign uses.
   * @example ["facebook", "tiktok", "radio", "community-event", "diaspora-ambassador"]
   */
  channels: z.array(ChannelSchema).min(1),
  /** Organisations in the target countries that readers can reach. */
  contactPoints: z.array(ContactPointSchema).min(1),
  /** Broader measures the campaign is attached to: legal pathways, reintegration, development. */
  measures: z.array(MeasureSchema).default([]),
  /** Diaspora organisations and ambassadors that carry the campaign. */
  partners: z.array(DiasporaPartnerSchema).default([]),
  /** Partner sites that embed the campaign's banner (`counterpoint embed`). */
  placements: z.array(PlacementSchema).default([]),
  /** How effectiveness is measured. */
  evaluation: EvaluationSchema,
  /**
   * Tracked links with a chosen code (for printed posters or radio spots, where a short code matters).
   * Every audience × channel also gets a generated code; see `counterpoint links`.
   * @example [{ code: "dkr-radio", channel: "radio", audience: "youth-dakar" }]
   */
  links: z.array(TrackedLinkSchema).default([]),
  /** Campaign budget. */
  budget: BudgetSchema.optional(),
  /**
   * Review of the campaign as a whole (its texts and facts in the source language), before it is
   * published. Each language's own review is in its content file.
   * @example { status: "reviewed", by: "Programme lead, Dakar", on: "2027-01-15" }
   */
  review: ReviewSchema.optional(),
  /** A checklist of warning signs of fake offers on the landing page. @example { kinds: ["job", "marriage"] } */
  offerCheck: OfferCheckSchema.optional(),
  /** A form to report a suspicious offer anonymously. @example { retentionDays: 90 } */
  offerReports: OfferReportsSchema.optional(),
  /**
   * A tipline on Telegram and WhatsApp (server mode); tokens and secrets come from the environment.
   * @example { telegram: { bot: "SafeJourneysSnBot" }, whatsapp: { number: "+221 00 000 00 03" } }
   */
  tipline: TiplineSchema.optional(),
});

type CampaignObject = z.output<typeof CampaignObjectSchema>;

function duplicates<T>(items: readonly T[], key: (item: T) => string): number[] {
  const seen = new Set<string>();
  const dupes: number[] = [];
  items.forEach((item, i) => {
    const k = key(item);
    if (seen.has(k)) dupes.push(i);
    seen.add(k);
  });
  return dupes;
}

/** Rules that involve more than one field. Each message says what is wrong, why it matters and how to fix it. */
function checkCrossFieldRules(c: CampaignObject, ctx: z.RefinementCtx): void {
  const issue = (path: (string | number)[], message: string) =>
    ctx.addIssue({ code: 'custom', path, message });

  if (c.window.end < c.window.start) {
    issue(
      ['window', 'end'],
      `the campaign ends (${c.window.end}) before it starts (${c.window.start}); set window.end to a date on or after window.start`,
    );
  }
  if (!c.languages.published.includes(c.languages.default)) {
    issue(
      ['languages', 'default'],
      `the default language "${c.languages.default}" is not published; readers who match no language land on it, so add it to languages.published`,
    );
  }
  if (c.languages.source && !c.languages.published.includes(c.languages.source)) {
    issue(
      ['languages', 'source'],
      `the source language "${c.languages.source}" is not published; translations are compared with its page, so add it to languages.published`,
    );
  }
  for (const i of duplicates(c.languages.published, (l) => l)) {
    issue(
      ['languages', 'published', i],
      `language "${c.languages.published[i]}" is listed twice; remove the repeat`,
    );
  }
  for (const i of duplicates(c.audiences, (a) => a.id)) {
    issue(
      ['audiences', i, 'id'],
      `audience id "${c.audiences[i]!.id}" is used twice; imports and reports attribute numbers by audience id, so give each audience its own id`,
    );
  }
  for (const i of duplicates(c.contactPoints, (p) => p.id)) {
    issue(
      ['contactPoints', i, 'id'],
      `contact point id "${c.contactPoints[i]!.id}" is used twice; give each contact point its own id`,
    );
  }
  for (const i of duplicates(c.measures, (m) => m.id)) {
    issue(
      ['measures', i, 'id'],
      `measure id "${c.measures[i]!.id}" is used twice; give each measure its own id`,
    );
  }
  const served = new Set(c.contactPoints.map((p) => p.country));
  c.audiences.forEach((a, ai) => {
    a.countries.forEach((country, ci) => {
      if (!served.has(country)) {
        issue(
          ['audiences', ai, 'countries', ci],
          `no contact point in ${country}; every country of the campaign needs one that readers can call (rule 7), so add a contact point with country: ${country}`,
        );
      }
    });
    if (a.age && a.age.max < a.age.min) {
      issue(
        ['audiences', ai, 'age', 'max'],
        `the age band ends (${a.age.max}) below where it starts (${a.age.min}); swap min and max`,
      );
    }
  });
  const adOwners = new Map<string, string>();
  c.audiences.forEach((a, ai) => {
    a.ads.forEach((ad, di) => {
      const key = `${ad.platform}\u0000${ad.name}\u0000${ad.age ?? ''}`;
      const owner = adOwners.get(key);
      if (owner) {
        issue(
          ['audiences', ai, 'ads', di, 'name'],
          `${ad.platform} ad set "${ad.name}" is already mapped to audience "${owner}"; one ad set can count for only one audience, so remove one of the mappings`,
        );
      } else adOwners.set(key, a.id);
    });
  });
  const audienceIds = new Set(c.audiences.map((a) => a.id));
  c.partners.forEach((p, pi) => {
    p.audiences.forEach((id, i) => {
      if (!audienceIds.has(id)) {
        issue(
          ['partners', pi, 'audiences', i],
          `no audience "${id}" in this campaign; use one of: ${[...audienceIds].join(', ')}`,
        );
      }
    });
  });
  c.links.forEach((l, i) => {
    if (!audienceIds.has(l.audience))
      issue(
        ['links', i, 'audience'],
        `no audience "${l.audience}" in this campaign; use one of: ${[...audienceIds].join(', ')}`,
      );
    if (l.language && !c.languages.published.includes(l.language))
      issue(
        ['links', i, 'language'],
        `"${l.language}" is not published by this campaign; use one of: ${c.languages.published.join(', ')}`,
      );
  });
  for (const i of duplicates(c.links, (l) => l.code)) {
    issue(
      ['links', i, 'code'],
      `link code "${c.links[i]!.code}" is used twice; each printed code must lead to one place`,
    );
  }
  checkPlacements(c, issue);
  for (const i of duplicates(c.messages, (m) => m)) {
    issue(['messages', i], `core message "${c.messages[i]}" is listed twice; remove the repeat`);
  }
  checkRedirect(c, issue);
}

/**
 * A campaign definition as written in campaigns/<id>/campaign.yaml.
 * Cross-field rules run after every field is valid, so each error points at one field.
 */
export const CampaignSchema = CampaignObjectSchema.superRefine(checkCrossFieldRules);

/** What an author writes. */
export type CampaignInput = z.input<typeof CampaignSchema>;
/** A campaign with defaults applied. */
export type Campaign = z.output<typeof CampaignSchema>;
