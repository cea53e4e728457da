export { FACT_FORMATS } from './fact-formats.ts';
export {
  importFacts,
  mapColumns,
  type Conversion,
  type ImportOptions,
  type ImportOutcome,
  type RowProblem,
} from './run-import.ts';
export { describeRates, rateOn, type AppliedRate } from './currency.ts';
export { parseDay, parseNumber } from './numbers.ts';
export { RowError, type FactFormat } from './format.ts';
export { importSurvey, SURVEY_SOURCES, type SurveySource } from './survey.ts';
export { hashRespondent, respondentKey } from './respondent-key.ts';
