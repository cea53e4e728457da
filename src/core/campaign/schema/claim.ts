import { z } from 'zod';
import { ChannelSchema } from './channel.ts';
import { DateSchema, LanguageCodeSchema, SlugSchema } from './common.ts';
import { SECTIONS } from './content.ts';

/**
 * What answers a claim once it is live: a section of the campaign's page in one language, or a joint
 * core message the campaign carries. Give `section` with `language`, or `message` alone.
 * @example { section: "reality", language: "wo" }
 * @example { message: "no-one-should-die-for-a-journey" }
 */
export const ClaimAnswerSchema = z
  .strictObject({
    /**
     * The section of the page that answers the claim.
     * @example "reality"
     */
    section: z.enum(SECTIONS).optional(),
    /**
     * The published language whose page has that section.
     * @example "wo"
     */
    language: LanguageCodeSchema.optional(),
    /**
     * A joint core message the campaign carries (`messages:` in campaign.yaml) that answers the claim.
     * @example "no-one-should-die-for-a-journey"
     */
    message: SlugSchema.optional(),
  })
  .superRefine((a, ctx) => {
    if (a.message && (a.section || a.language))
      ctx.addIssue({
        code: 'custom',
        path: ['message'],
        message: 'give either a section with its language, or a joint message, not both',
      });
    else if (!a.message && !(a.section && a.language))
      ctx.addIssue({
        code: 'custom',
        path: a.section ? ['language'] : ['section'],
        message: a.section
          ? 'a section answers in one language: add language, like "fr"'
          : 'say what answers the claim: section and language (like reality and fr), or message',
      });
  });

/**
 * One claim a smuggler or recruiter was seen making, and (once it is live) what answers it.
 * @example { id: "free-boat-seats", seen: "2027-02-03", where: "tiktok", language: "fr", audience: "youth-dakar", claim: "Les places sur la prochaine pirogue sont gratuites pour les dix premiers qui appellent." }
 */
export const ClaimSchema = z
  .strictObject({
    /**
     * A short identifier for the claim, unique in the campaign.
     * @example "free-boat-seats"
     */
    id: SlugSchema,
    /**
     * The day the claim was first seen.
     * @example "2027-02-03"
     */
    seen: DateSchema,
    /**
     * Where it was seen: the platform or channel.
     * @example "tiktok"
     */
    where: ChannelSchema,
    /**
     * The language the claim was made in (and `claim` is written in).
     * @example "fr"
     */
    language: LanguageCodeSchema,
    /**
     * The audience it targets: an audience id of the campaign.
     * @example "youth-dakar"
     */
    audience: SlugSchema,
    /**
     * The claim in one sentence, in its own language, as close to its wording as is safe to keep.
     * @example "Les places sur la prochaine pirogue sont gratuites pour les dix premiers qui appellent."
     */
    claim: z.string().trim().min(1).max(300),
    /** What answers the claim, once the answer is live; leave out while it is unanswered. */
    answeredBy: ClaimAnswerSchema.optional(),
    /**
     * The day the answer went live (published); required with answeredBy.
     * @example "2027-02-06"
     */
    answeredOn: DateSchema.optional(),
  })
  .superRefine((c, ctx) => {
    if (c.answeredBy && !c.answeredOn)
      ctx.addIssue({
        code: 'custom',
        path: ['answeredOn'],
        message: 'answeredBy is set: add answeredOn, the day the answer went live, so rule 5 can time it',
      });
    if (c.answeredOn && !c.answeredBy)
      ctx.addIssue({
        code: 'custom',
        path: ['answeredBy'],
        message:
          'answeredOn is set: add answeredBy, the section (with its language) or the joint message that answers the claim',
      });
    if (c.answeredOn && c.answeredOn < c.seen)
      ctx.addIssue({
        code: 'custom',
        path: ['answeredOn'],
        message: `the answer (${c.answeredOn}) went live before the claim was seen (${c.seen}); set answeredOn to the day the answer was published`,
      });
  });

/**
 * A campaign's claims log, `campaigns/<id>/claims.yaml`: what smugglers and recruiters are claiming,
 * newest last. Rule 5 of the scorecard times the answers.
 * @example { claims: [] }
 */
export const ClaimsFileSchema = z.strictObject({
  /** Path to the JSON Schema, for editors; ignored by Counterpoint. */
  $schema: z.string().optional(),
  /** The claims, one per item. */
  claims: z.array(ClaimSchema).default([]),
});

export type Claim = z.output<typeof ClaimSchema>;
export type ClaimInput = z.input<typeof ClaimSchema>;
export type ClaimAnswer = z.output<typeof ClaimAnswerSchema>;
export type ClaimsFile = z.output<typeof ClaimsFileSchema>;
