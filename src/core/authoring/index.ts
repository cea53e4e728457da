export type { Account } from './git.ts';
export {
  CAMPAIGN_FILE,
  campaignHistory,
  currentFiles,
  HISTORY_DIR,
  versionFiles,
  type Version,
  type VersionAction,
} from './history.ts';
export {
  AuthoringError,
  checkCampaign,
  checkedId,
  restoreVersion,
  SAVE_LIMITS,
  saveCampaignFiles,
  type SaveResult,
} from './save.ts';
export {
  liveBuild,
  liveCampaigns,
  ownerInYaml,
  ownerOf,
  publish,
  publishDir,
  publishHistory,
  type PublishOptions,
  type PublishRecord,
  type PublishResult,
  type ReviewWarning,
} from './publish.ts';
