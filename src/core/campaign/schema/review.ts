import { z } from 'zod';
import { DateSchema } from './common.ts';

/**
 * How far a text has been checked: `draft` (written, not checked), `needs-native-review` (checked for
 * meaning, but no native speaker of the language has read it yet), `reviewed` (a native speaker has).
 */
export const REVIEW_STATUSES = ['draft', 'needs-native-review', 'reviewed'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

/** Who checked a text, and when; in a content file's front matter (per language) and in campaign.yaml. */
export const ReviewSchema = z
  .strictObject({
    /**
     * draft, needs-native-review, or reviewed (a native speaker read it and it is ready for readers).
     * @example "reviewed"
     */
    status: z.enum(REVIEW_STATUSES),
    /**
     * Who reviewed it: a name or a role, so the team knows whom to ask.
     * @example "Awa Ndiaye (Wolof, Dakar help desk)"
     */
    by: z.string().min(1).optional(),
    /**
     * The day of the review.
     * @example "2027-01-20"
     */
    on: DateSchema.optional(),
  })
  .superRefine((r, ctx) => {
    if (r.status === 'reviewed' && !r.by) {
      ctx.addIssue({
        code: 'custom',
        path: ['by'],
        message:
          'a reviewed text needs "by": the name or role of the native speaker who reviewed it, so readers of the log know whom to ask',
      });
    }
  });

export type Review = z.output<typeof ReviewSchema>;
