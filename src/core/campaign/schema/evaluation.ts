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
  /**
   * Answers that mean "don't know" (each also listed in `values`, which scores it for the main analysis).
   * They are stored marked as such, so the report can recompute the indicator with them left out and show
   * how far the coding moves the effect.
   * @example ["dont_know"]
   */
  dontKnow: AnswersSchema.optional(),
});

/** Age bands by their lower bounds in whole years; 15, 18, 25, 35 gives 15–17, 18–24, 25–34, 35+. */
export const DEFAULT_AGE_BANDS = [15, 18, 25, 35];

/**
 * Respondents' characteristics kept with each response, for the baseline balance table and the
 * covariate-adjusted effect. Age is stored as a band, never in years; gender and language as the
 * form's choice names.
 */
export const SurveyCovariatesSchema = z.strictObject({
  /**
   * The age question (whole years) and the lower bounds of the bands it is stored in.
   * @example { column: "age", bands: [15, 18, 25, 35] }
   */
  age: z
    .strictObject({
      column: z.string().min(1),
      bands: z.array(z.int().min(0).max(120)).min(1).default(DEFAULT_AGE_BANDS),
    })
    .optional(),
  /**
   * The gender question (a select_one: its choice names are stored).
   * @example "gender"
   */
  gender: z.string().min(1).optional(),
  /**
   * The question with the respondent's language (a select_one: its choice names are stored).
   * @example "language"
   */
  language: z.string().min(1).optional(),
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
  arm: z
    .strictObject({ column: z.string().min(1), treatment: AnswersSchema, control: AnswersSchema })
    .optional(),
  /**
   * Form field that names the sampling cluster (community), for cluster-robust standard errors.
   * @example "community"
   */
  cluster: z.string().min(1).optional(),
  /** Questions and the indicator each measures. */
  items: z.array(SurveyItemSchema).min(1),
  /**
   * Respondents' age, gender and language, for the balance table and the covariate-adjusted effect.
   * @example { age: { column: "age" }, gender: "gender", language: "language" }
   */
  covariates: SurveyCovariatesSchema.optional(),
});

/** A cluster's name as the survey records it (the value of the cluster column), e.g. a community. */
const ClusterNameSchema = z.string().trim().min(1);

/**
 * The clusters (communities, districts) the evaluation samples, each wholly reached by the campaign or
 * not. Either name them per arm (`treatment` and `control`), or list them under `assign` and let
 * `counterpoint plan` draw which are reached, at random from `seed`.
 */
export const ClusterPlanSchema = z.strictObject({
  /**
   * What one cluster is, in the words the plan and the report use.
   * @example "community"
   */
  unit: z.string().min(1).default('community'),
  /**
   * Clusters the campaign reaches, by the names the survey records in its cluster column.
   * @example ["pikine", "guediawaye"]
   */
  treatment: z.array(ClusterNameSchema).default([]),
  /**
   * Comparison clusters the campaign does not reach.
   * @example ["rufisque", "mbour"]
   */
  control: z.array(ClusterNameSchema).default([]),
  /**
   * Clusters not yet assigned to an arm: `counterpoint plan` draws half of them (rounded down) for the
   * campaign, at random from `seed`, and prints the assignment to record here as `treatment` and `control`.
   * @example ["thies-nord", "thies-sud", "tivaouane", "mbour", "joal", "kayar"]
   */
  assign: z.array(ClusterNameSchema).default([]),
  /**
   * Seed of the random assignment, recorded so anyone can draw it again. Leave it out before the draw:
   * `counterpoint plan` picks one and prints it to record here.
   * @example 20270108
   */
  seed: z
    .int()
    .min(0)
    .max(2 ** 32 - 1)
    .optional(),
});

/**
 * How effect is measured, planned before launch: the design, the indicators and the primary one, the
 * clusters and the sample, and the smallest effect worth detecting (`counterpoint plan` computes the
 * minimum detectable effect and writes the pre-analysis plan).
 */
export const EvaluationObjectSchema = z.strictObject({
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
   * The one indicator the evaluation is judged on, named before the endline; the report tests it
   * alone, and adjusts the p-values of the others (secondary) for multiple comparisons (Holm).
   * @example "intention"
   */
  primary: z.enum(INDICATORS).optional(),
  /** The clusters sampled (communities, districts), per arm or to be assigned. */
  clusters: ClusterPlanSchema.optional(),
  /**
   * Respondents interviewed per cluster in each wave (baseline and endline: new respondents each time).
   * @example 60
   */
  respondentsPerCluster: z.int().min(1).optional(),
  /**
   * Assumed intra-cluster correlation of the primary indicator: how alike respondents of one cluster
   * are (0: no more than strangers). Left out, 0.05 is assumed, a common planning value for attitudes
   * and knowledge across communities; the few clusters of a campaign cannot estimate it reliably.
   * @example 0.05
   */
  icc: z.number().min(0).max(1).optional(),
  /**
   * The primary indicator's value before the campaign: a share between 0 and 1 (0.39 = 39 % intend to
   * leave irregularly), or a mean on its scale when `sd` is given.
   * @example 0.39
   */
  baseline: z.number().optional(),
  /**
   * Standard deviation of a scale indicator (risk perception from 1 to 5), when the primary indicator
   * is a mean rather than a share.
   * @example 1.1
   */
  sd: z.number().positive().optional(),
  /**
   * The smallest change in the primary indicator worth detecting, in its units: for a share, 0.1 means
   * 10 percentage points. The scorecard passes rule 4 only when the design can detect it.
   * @example 0.1
   */
  smallestEffect: z.number().positive().optional(),
  /** How survey exports map to respondents, waves, arms and indicators. */
  survey: SurveyMappingSchema.optional(),
});

/** The evaluation plan with its cross-field rules (they run once every field is valid). */
export const EvaluationSchema = EvaluationObjectSchema.superRefine(checkEvaluationPlan);

type EvaluationObject = z.output<typeof EvaluationObjectSchema>;

/** Rules across the plan's fields; each message says what is wrong and what to write instead. */
function checkEvaluationPlan(e: EvaluationObject, ctx: z.RefinementCtx): void {
  const issue = (path: (string | number)[], message: string) =>
    ctx.addIssue({ code: 'custom', path, message });
  if (e.primary && e.indicators.length && !e.indicators.includes(e.primary)) {
    issue(
      ['primary'],
      `the primary indicator "${e.primary}" is not among evaluation.indicators (${e.indicators.join(', ')}); add it there or name one of those`,
    );
  }
  const k = e.clusters;
  if (k) {
    const assigned = k.treatment.length + k.control.length;
    if (k.assign.length && assigned) {
      issue(
        ['clusters', 'assign'],
        `clusters are listed both under assign and per arm; once the assignment is drawn, move every cluster to treatment or control and remove assign`,
      );
    } else if (assigned && (!k.treatment.length || !k.control.length)) {
      issue(
        ['clusters', k.treatment.length ? 'control' : 'treatment'],
        `every arm needs at least one ${k.unit}: without ${k.treatment.length ? 'a comparison' : 'a reached'} ${k.unit} there is no effect to estimate`,
      );
    } else if (!assigned && k.assign.length < 2) {
      issue(
        ['clusters', 'assign'],
        `name at least two clusters (each a ${k.unit}), one per arm under treatment and control, or under assign to have them drawn`,
      );
    }
    const seen = new Set<string>();
    for (const arm of ['treatment', 'control', 'assign'] as const) {
      k[arm].forEach((name, i) => {
        const key = name.toLowerCase();
        if (seen.has(key))
          issue(['clusters', arm, i], `"${name}" is listed twice; each ${k.unit} belongs to one arm`);
        seen.add(key);
      });
    }
    const arm = e.survey?.arm;
    if (arm && assigned && e.survey?.cluster && arm.column === e.survey.cluster) {
      const same = (a: string[], b: string[]) =>
        a.length === b.length && a.every((x) => b.map((y) => y.toLowerCase()).includes(x.toLowerCase()));
      if (!same(k.treatment, arm.treatment) || !same(k.control, arm.control)) {
        issue(
          ['clusters'],
          `the arms differ from survey.arm (treatment ${arm.treatment.join(', ')}; control ${arm.control.join(', ')}); the survey must read the arms the plan assigned, so make both lists the same`,
        );
      }
    }
  }
  e.survey?.items.forEach((item, i) => {
    const keys = Object.keys(item.values ?? {}).map((x) => x.toLowerCase());
    for (const dk of item.dontKnow ?? [])
      if (!keys.includes(dk.toLowerCase()))
        issue(
          ['survey', 'items', i, 'dontKnow'],
          `"${dk}" is not among this question's values; list it there too with the score the main analysis gives it (usually 0: not a stated answer)`,
        );
  });
  const bands = e.survey?.covariates?.age?.bands ?? [];
  if (bands.some((b, i) => i > 0 && b <= bands[i - 1]!))
    issue(
      ['survey', 'covariates', 'age', 'bands'],
      `age bands are the lower bounds of each band in increasing order, such as [15, 18, 25, 35]`,
    );
  if (e.baseline !== undefined && e.sd === undefined && !(e.baseline > 0 && e.baseline < 1)) {
    issue(
      ['baseline'],
      `a share is between 0 and 1 (39 % is 0.39); for a mean on a scale, give its standard deviation as sd`,
    );
  }
  if (e.smallestEffect !== undefined && e.sd === undefined && e.smallestEffect >= 1) {
    issue(
      ['smallestEffect'],
      `${e.smallestEffect} is more than the whole range of a share; write 10 percentage points as 0.1`,
    );
  }
}
