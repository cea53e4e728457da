import type { Campaign, KeywordList, MatchType } from '../campaign/schema/index.ts';
import { normaliseKeyword } from '../campaign/schema/index.ts';
import { absolute, paths } from '../site/links.ts';
import { audienceLanguage, trackedLinks } from '../site/tracked-links.ts';

/**
 * The columns of a Google Ads Editor CSV import ("Account > Import > From file"), as its help page
 * names them; Editor matches headers in English, ignoring case and spaces. A blank cell means "leave as
 * it is", so each row fills only the columns of what it creates: the campaign, an ad group, a keyword.
 */
export const EDITOR_COLUMNS = [
  'Campaign',
  'Campaign Type',
  'Networks',
  'Budget',
  'Budget type',
  'Campaign Status',
  'Start Date',
  'End Date',
  'Ad Group',
  'Ad Group Status',
  'Keyword',
  'Criterion Type',
  'Final URL',
  'Status',
] as const;
export type EditorRow = Record<(typeof EDITOR_COLUMNS)[number], string>;

const CRITERION: Record<MatchType, string> = { broad: 'Broad', phrase: 'Phrase', exact: 'Exact' };

/** The Google Ads campaign that carries a Counterpoint campaign's redirect keywords. */
export const redirectCampaignName = (campaignId: string) => `${campaignId} - redirect`;

/** One ad group per audience × keyword language; its name is how the keyword report finds its way back. */
export const adGroupName = (audience: string, language: string) => `${audience} - ${language}`;

/** Audience and language of an ad group named by `adGroupName` (audience ids have no spaces). */
export function parseAdGroupName(name: string): { audience: string; language: string } | undefined {
  const m = /^(\S+) - (\S+)$/u.exec(name.trim());
  return m ? { audience: m[1]!, language: m[2]! } : undefined;
}

/**
 * Where a search for this audience leads, in that page language: the campaign's tracked link of channel
 * `search`. A declared link for the audience and language wins; the generated one lands in the
 * audience's first language, so for another page language the landing page is addressed directly with
 * the link's code (`?k=`), which the page's beacon attributes to search and the audience, as a static
 * host's /go/ page does.
 */
export function searchLandingUrl(
  campaign: Campaign,
  audience: string,
  language: string,
  site: string,
): string {
  const links = trackedLinks(campaign).filter((l) => l.channel === 'search' && l.audience === audience);
  const declared = links.find((l) => l.declared && l.language === language);
  if (declared) return absolute(site, `/go/${declared.code}`);
  const generated = links.find((l) => !l.declared);
  if (!generated) throw new Error(`campaign ${campaign.id} has no search channel (validate checks it)`);
  if (language === audienceLanguage(campaign, audience)) return absolute(site, `/go/${generated.code}`);
  return absolute(site, `${paths.landing(language, campaign.id)}?k=${encodeURIComponent(generated.code)}`);
}

export interface RedirectAdGroup {
  audience: string;
  language: string;
  name: string;
  lists: KeywordList[];
}

/** The campaign's keyword lists grouped into ad groups (audience × keyword language), in campaign order. */
export function redirectAdGroups(campaign: Campaign): RedirectAdGroup[] {
  const groups = new Map<string, RedirectAdGroup>();
  for (const a of campaign.audiences) {
    for (const list of a.redirect?.lists ?? []) {
      const name = adGroupName(a.id, list.language);
      const g = groups.get(name) ?? { audience: a.id, language: list.language, name, lists: [] };
      g.lists.push(list);
      groups.set(name, g);
    }
  }
  return [...groups.values()];
}

export interface EditorFileOptions {
  /** Public address of the site the final URLs point to. */
  site: string;
  /** Daily budget of the Google Ads campaign, in the account's currency. */
  dailyBudget: number;
}

/**
 * The rows of a Google Ads Editor import for a campaign's redirect keywords: one paused Search campaign
 * (nothing is spent until someone enables it in Editor, after adding the ads), one ad group per audience
 * × language, each keyword with its match type and final URL, each negative as negative phrase match.
 * Ads themselves (headlines, descriptions) are written in Editor: they need the team's own words.
 */
export function redirectEditorRows(campaign: Campaign, opts: EditorFileOptions): EditorRow[] {
  const blank = Object.fromEntries(EDITOR_COLUMNS.map((c) => [c, ''])) as EditorRow;
  const name = redirectCampaignName(campaign.id);
  const rows: EditorRow[] = [
    {
      ...blank,
      Campaign: name,
      'Campaign Type': 'Search',
      Networks: 'Google search',
      Budget: opts.dailyBudget.toFixed(2),
      'Budget type': 'Daily',
      'Campaign Status': 'Paused',
      'Start Date': campaign.window.start,
      'End Date': campaign.window.end,
    },
  ];
  for (const g of redirectAdGroups(campaign)) {
    rows.push({ ...blank, Campaign: name, 'Ad Group': g.name, 'Ad Group Status': 'Enabled' });
    const negatives = new Map<string, string>();
    for (const list of g.lists) {
      const url = searchLandingUrl(campaign, g.audience, list.page ?? list.language, opts.site);
      for (const k of list.keywords) {
        rows.push({
          ...blank,
          Campaign: name,
          'Ad Group': g.name,
          Keyword: k,
          'Criterion Type': CRITERION[list.match],
          'Final URL': url,
          Status: 'Enabled',
        });
      }
      for (const n of list.negative) negatives.set(normaliseKeyword(n), n);
    }
    for (const n of negatives.values()) {
      rows.push({
        ...blank,
        Campaign: name,
        'Ad Group': g.name,
        Keyword: n,
        'Criterion Type': 'Negative Phrase',
      });
    }
  }
  return rows;
}

/** The keyword's theme, by ad group (audience × language), text and match type as the campaign declares them. */
export function keywordThemes(campaign: Campaign): Map<string, string> {
  const themes = new Map<string, string>();
  for (const g of redirectAdGroups(campaign))
    for (const list of g.lists)
      for (const k of list.keywords) themes.set(themeKey(g.audience, g.language, k, list.match), list.theme);
  return themes;
}

/** The lookup key of `keywordThemes`. */
export const themeKey = (audience: string, language: string, keyword: string, match: string) =>
  `${audience}\u0000${language}\u0000${match}\u0000${normaliseKeyword(keyword)}`;
