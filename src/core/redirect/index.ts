export {
  adGroupName,
  EDITOR_COLUMNS,
  type EditorFileOptions,
  type EditorRow,
  keywordThemes,
  parseAdGroupName,
  type RedirectAdGroup,
  redirectAdGroups,
  redirectCampaignName,
  redirectEditorRows,
  searchLandingUrl,
  themeKey,
} from './editor-file.ts';
