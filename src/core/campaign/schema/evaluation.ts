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

const AnswersSchema = z.array(z.string().min(1)).min(1);

export const SurveyItemSchema = z.strictObject({
  /**
   * The question's name in the XLSForm (its `name` column), without the group it sits in: KoboToolbox
   * exports it as "group/name" and ODK Central as "group-name", and both are found by the name alone.
   * Write "group/name" only when two groups hold a question of the same name.
   * @example "k1_desert_deaths"
   */
  column: z.string().min(1),
  /** @example "knowledge" */
  indicator: z.enum(INDICATORS),
  /**
   * Scores for the answers of a categorical question (correct = 1, wrong = 0). Empty answers are
   * missing; an answer not listed is an error.
   * @example { "true": 1, "false": 0 }
   */
  values: z.record(z.string(), z.number()).optional(),
  /**
   * Range of a numeric scale question, such as risk perception from 1 to 5.
   * @example { min: 1, max: 5 }
   */
  scale: z.strictObject({ min: z.number(), max: z.number() }).optional(),
});

/**
 * How a survey export maps onto respondents, waves, arms and indicators. Every column is named by its
 * XLSForm name, so one mapping reads the form from KoboToolbox and ODK Central alike; what each tool
 * adds itself (submission id and time, group separators) the importer knows.
 */
export const SurveyMappingSchema = z.strictObject({
  /**
   * Form field with a unique id per respondent; replaced by a keyed hash on import. Leave it out to use
   * the submission id the tool adds (KoboToolbox `_uuid`, ODK Central `KEY` / `meta-instanceID`, the
   * same id in both); `_uuid` or `KEY` written here also mean that.
   * @example "respondent_code"
   */
  respondent: z.string().min(1).optional(),
  /**
   * Form field with the interview date, such as a `today` question. Leave it out to use the day the
   * server received the submission (KoboToolbox `_submission_time`, ODK Central `SubmissionDate`).
   * @example "today"
   */
  date: z.string().min(1).optional(),
  /**
   * Consent question: rows whose answer is not in `yes` are not respondents and are not stored.
   * @example { column: "consent", yes: ["yes"] }
   */
  consent: z.strictObject({ column: z.string().min(1), yes: AnswersSchema }).optional(),
  /**
   * Which survey round a row belongs to (a form field, by its XLSForm name).
   * @example { column: "survey_round", baseline: ["baseline"], endline: ["endline"] }
   */
  wave: z.strictObject({ column: z.string().min(1), baseline: AnswersSchema, endline: AnswersSchema }),
  /**
   * Treatment (exposed) and control groups, for difference-in-differences.
   * @example { column: "community", treatment: ["pikine", "guediawaye"], control: ["rufisque", "mbour"] }
   */
  arm: z.strictObject({ column: z.string().min(1), treatment: AnswersSchema, control: AnswersSchema }).optional(),
  /**
   * Form field that names the sampling cluster (community), for cluster-robust standard errors.
   * @example "community"
   */
  cluster: z.string().min(1).optional(),
  /** Questions and the indicator each measures. */
  items: z.array(SurveyItemSchema).min(1),
});

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
  /** How survey exports map to respondents, waves, arms and indicators. */
  survey: SurveyMappingSchema.optional(),
});
