import { resolve } from 'node:path';
import type { Problem } from '../campaign/errors.ts';
import type { LoadResult } from '../campaign/loader.ts';
import { checkLocales, readLocales, SOURCE_LOCALE } from '../i18n/index.ts';
import { loadCampaigns } from './load.ts';
import { scoreCampaign, type RuleResult } from './scorecard.ts';

export interface SiteCheck {
  result: LoadResult;
  problems: Problem[];
  scorecards: { id: string; rules: RuleResult[] }[];
}

/**
 * Everything `validate` and the build check: campaigns, core messages, and the UI strings of every
 * published language (a page cannot be built in a language whose UI strings are incomplete). With
 * `only`, one campaign and the joint messages (a save in the editor).
 */
export function checkSite(root = 'campaigns', localesDir = 'locales', only?: string): SiteCheck {
  const result = loadCampaigns(resolve(root), only);
  const problems = [...result.problems];
  const locales = readLocales(resolve(localesDir));
  const reports = new Map(checkLocales(locales).map((r) => [r.code, r]));
  for (const { campaign, dir } of result.campaigns) {
    for (const lang of campaign.languages.published) {
      if (lang === SOURCE_LOCALE) continue;
      const file = `${localesDir}/${lang}.json`;
      const report = reports.get(lang);
      if (!report) {
        problems.push({
          code: 'E_LOCALE_KEYS',
          severity: 'error',
          file: `${dir}/campaign.yaml`,
          line: 0,
          column: 0,
          field: 'languages.published',
          message: `"${lang}" has no UI strings: create ${file} from ${localesDir}/en.json (npm run i18n:check lists what is missing)`,
        });
      } else if (report.missing.length) {
        problems.push({
          code: 'E_LOCALE_KEYS',
          severity: 'error',
          file,
          line: 0,
          column: 0,
          field: '',
          message: `missing ${report.missing.length} UI string(s) needed by ${campaign.id}: ${report.missing.join(', ')}`,
        });
      }
    }
  }
  const failed = new Set(
    problems.filter((p) => p.severity === 'error').map((p) => p.file.split('/').slice(0, 2).join('/')),
  );
  const scorecards = result.campaigns
    .filter((c) => !failed.has(c.dir))
    .map((c) => ({ id: c.campaign.id, rules: scoreCampaign(c) }));
  return { result, problems, scorecards };
}
