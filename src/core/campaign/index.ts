export {
  CampaignValidationError,
  ERRORS,
  formatFieldPath,
  formatProblem,
  type ErrorCode,
  type Problem,
} from './errors.ts';
export {
  loadCampaigns,
  type LoadResult,
  type LoadedCampaign,
  type LoadedMessage,
  type MessageText,
  type PageContent,
  type PageSection,
} from './loader.ts';
export { localize, type LocalizedString } from './localize.ts';
export { renderMarkdown } from './markdown.ts';
export { RULES, scoreCampaign, type RuleResult, type Verdict } from './scorecard.ts';
export * from './schema/index.ts';
