import { googleAds, metaAds, tiktokAds } from './formats/ads.ts';
import { activities, inquiries } from './formats/field.ts';
import type { FactFormat } from './format.ts';

/** Fact-producing import formats by the name used on the command line. */
export const FACT_FORMATS: Record<string, FactFormat> = {
  'meta-ads': metaAds,
  'tiktok-ads': tiktokAds,
  'google-ads': googleAds,
  activities,
  inquiries,
};

export { importFacts, mapColumns, type Conversion, type ImportOptions, type ImportOutcome, type RowProblem } from './run-import.ts';
export { describeRates, rateOn, type AppliedRate } from './currency.ts';
export { parseDay, parseNumber } from './numbers.ts';
export { RowError, type FactFormat } from './format.ts';
export { importSurvey, SURVEY_SOURCES, type SurveySource } from './survey.ts';
export { hashRespondent, respondentKey } from './respondent-key.ts';
