import { formatProblem, type Problem } from '../campaign/errors.ts';
import type { RuleResult } from '../workspace/index.ts';
import type { SiteCheck } from '../workspace/index.ts';

/** What the editor's preview shows for one campaign: its problems, its scorecard, its pages. */
export interface CampaignPreview {
  id: string;
  /** `file:line:column field: message`, as `counterpoint validate` prints them. */
  errors: string[];
  warnings: string[];
  /** Undefined while the campaign has errors: the seven rules are judged on a valid campaign. */
  rules: RuleResult[] | undefined;
  /** Published languages, for links to the landing pages. */
  languages: string[];
  title: string | undefined;
}

const concerns = (p: Problem, id: string) => p.file.split(/[\\/]/).includes(id);

/** The preview of campaign `id` from a whole-site check (the same check `validate` runs). */
export function previewCampaign(check: SiteCheck, id: string): CampaignPreview {
  const mine = check.problems.filter((p) => concerns(p, id));
  const loaded = check.result.campaigns.find((c) => c.campaign.id === id);
  return {
    id,
    errors: mine.filter((p) => p.severity === 'error').map(formatProblem),
    warnings: mine.filter((p) => p.severity === 'warning').map(formatProblem),
    rules: check.scorecards.find((s) => s.id === id)?.rules,
    languages: loaded?.campaign.languages.published ?? [],
    title: loaded?.campaign.title,
  };
}
