// The workspace: the campaigns folder read (src/core/campaign/loader.ts), then composed with what other
// parts of core compute from it (claims, translation status, locale checks, the seven-rule scorecard).
export { checkSite, type SiteCheck } from './check.ts';
export { loadCampaigns } from './load.ts';
export { RULES, scoreCampaign, type RuleResult, type Verdict } from './scorecard.ts';
