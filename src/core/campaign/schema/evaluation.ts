import { z } from 'zod';

/** Evaluation designs, from weakest to strongest evidence of effect. */
export const DESIGNS = ['reach-only', 'pre-post', 'difference-in-differences', 'rct'] as const;

/** Outcome indicators a survey can measure. */
export const INDICATORS = [
  'exposure-recall',
  'knowledge',
  'risk-perception',
  'intention',
  'legal-awareness',
] as const;

export const EvaluationSchema = z.strictObject({
  /**
   * How effect is measured. "reach-only" measures no outcome.
   * @example "difference-in-differences"
   */
  design: z.enum(DESIGNS),
  /**
   * Outcome indicators the survey measures.
   * @example ["exposure-recall", "knowledge", "risk-perception", "intention"]
   */
  indicators: z.array(z.enum(INDICATORS)).default([]),
  /**
   * Whether respondents are sampled in clusters (communities), for cluster-robust errors.
   * @example "community"
   */
  clusterBy: z.string().min(1).optional(),
  /**
   * How survey export columns map to indicators, waves and arms (filled in by the survey import).
   * @example { wave: "group_admin/survey_round" }
   */
  survey: z.record(z.string(), z.unknown()).optional(),
});
