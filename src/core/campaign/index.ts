export {
  CampaignValidationError,
  ERRORS,
  formatFieldPath,
  formatProblem,
  type ErrorCode,
  type Problem,
} from './errors.ts';
export {
  campaignFolders,
  messageFolders,
  readCampaignFiles,
  topLevelFiles,
  type CampaignFiles,
  type LoadResult,
  type LoadedCampaign,
  type LoadedMessage,
  type MessageText,
  type PageContent,
  type PageSection,
} from './loader.ts';
export { localize, type LocalizedString } from './localize.ts';
export { renderMarkdown } from './markdown.ts';
export * from './schema/index.ts';
