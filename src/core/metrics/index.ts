export * from './model.ts';
export { openStore, databaseUrl, DEFAULT_DATABASE_URL, type Store } from './store.ts';
export { replaceFacts, type ReplaceResult } from './queries/replace-facts.ts';
export { queryTotals, type FactFilter, type TotalsRow } from './queries/totals.ts';
export { closeEndedDays, insertEvents, rollupSiteEvents } from './queries/events.ts';
export { createVisitorDays, type VisitorDays } from './visitor-days.ts';
export type { Database } from './schema.ts';
export { countRespondents, querySurveyAnswers, type SurveyAnswerRow } from './queries/survey.ts';
