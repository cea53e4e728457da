import { z } from 'zod';
import { HttpsUrlSchema, LocalizedTextSchema, SlugSchema } from './common.ts';

/** Broader measures a campaign is attached to (rule 6 of the 2016 conference). */
export const MEASURE_KINDS = [
  'legal-pathway',
  'resettlement',
  'labour-migration',
  'development',
  'reintegration',
  'voluntary-return',
  'other',
] as const;

export const MeasureSchema = z.strictObject({
  /** @example "seasonal-work-spain" */
  id: SlugSchema,
  /** @example "labour-migration" */
  kind: z.enum(MEASURE_KINDS),
  /**
   * What the reader can do, in their language.
   * @example { fr: "Travail saisonnier légal en Espagne", en: "Legal seasonal work in Spain" }
   */
  title: LocalizedTextSchema,
  /**
   * One sentence on who can apply and how.
   * @example "Apply through the national employment agency; no fee is ever charged."
   */
  description: LocalizedTextSchema.optional(),
  /** @example "https://example.org/seasonal-work" */
  link: HttpsUrlSchema.optional(),
});
