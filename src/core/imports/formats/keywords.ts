import { MATCH_TYPES, type MatchType } from '../../campaign/schema/index.ts';
import { UNATTRIBUTED } from '../../metrics/model.ts';
import { parseAdGroupName } from '../../redirect/editor-file.ts';
import { audienceForAd, type FactFormat, type Row, RowError } from '../format.ts';

/** How a keyword and its match type are written in a fact's detail: broad as is, "phrase", [exact] (Google's own notation). */
export function keywordDetail(keyword: string, match: MatchType): string {
  return match === 'phrase' ? `"${keyword}"` : match === 'exact' ? `[${keyword}]` : keyword;
}

/** The keyword and match type of a fact's detail written by `keywordDetail`. */
export function parseKeywordDetail(detail: string): { keyword: string; match: MatchType } {
  if (/^".*"$/u.test(detail)) return { keyword: detail.slice(1, -1), match: 'phrase' };
  if (/^\[.*\]$/u.test(detail)) return { keyword: detail.slice(1, -1), match: 'exact' };
  return { keyword: detail, match: 'broad' };
}

/**
 * The keyword and its match type from a report row: the "Match type" column says "Phrase match",
 * "Exact match (close variant)", "Broad"…; without it (or when it is blank), the keyword's own
 * notation, which some report views keep ("boza", [boza]).
 */
function keywordOf(row: Row): { keyword: string; match: MatchType } {
  const raw = row.text('keyword');
  if (!raw) throw new RowError(row.header('keyword'), '(empty)', 'expected the keyword text');
  const noted = parseKeywordDetail(raw);
  const said = row.text('matchType').toLowerCase();
  const match = said ? MATCH_TYPES.find((m) => said.startsWith(m)) : noted.match;
  if (!match)
    throw new RowError(
      row.header('matchType'),
      row.text('matchType'),
      'expected Broad, Phrase or Exact match',
    );
  const keyword = noted.keyword.trim();
  if (keywordDetail(keyword, match).length > 80)
    throw new RowError(row.header('keyword'), raw, 'expected a keyword of at most 78 characters');
  return { keyword, match };
}

/**
 * Google Ads keyword report (Keywords › Search keywords, segmented by day, downloaded as CSV): a title
 * and date-range preamble, a row per day × keyword, then "Total: …" rows. Each keyword's impressions,
 * clicks and cost are stored with the keyword and its match type as the fact's detail, the audience and
 * language from the ad group that `counterpoint redirect` named (else the audience's google ad mapping).
 * The report finds each keyword's theme in the campaign's redirect lists.
 */
export const googleAdsKeywords: FactFormat = {
  source: 'google-ads-keywords',
  label: 'Google Ads keyword report',
  columns: {
    day: ['day', 'date'],
    keyword: ['keyword', 'search keyword', 'keyword text'],
    matchType: ['match type', 'search keyword match type', 'keyword match type'],
    adGroup: ['ad group', 'ad group name'],
    impressions: ['impr.', 'impressions'],
    clicks: ['clicks'],
    spend: ['cost'],
    currency: ['currency code', 'currency'],
  },
  required: ['day', 'keyword', 'adGroup'],
  anyOf: ['impressions', 'clicks', 'spend'],
  currency: 'currency',
  // "Total: Keywords", "Total: Search", "Total: Account"; a keyword cannot hold ":" followed by a space there.
  skip: (cells) => cells.some((c) => /^total: /i.test(c.trim())),
  toFacts(row, ctx) {
    const { keyword, match } = keywordOf(row);
    const group = row.text('adGroup');
    const named = parseAdGroupName(group);
    const ours = named && ctx.campaign.audiences.some((a) => a.id === named.audience) ? named : undefined;
    const base = {
      day: row.day('day'),
      channel: 'search',
      audience: ours?.audience ?? audienceForAd(ctx.campaign, 'google', { name: group }) ?? UNATTRIBUTED,
      language: ours?.language ?? '',
      detail: keywordDetail(keyword, match),
    };
    const out = [];
    if (row.has('impressions'))
      out.push({ ...base, metric: 'impressions' as const, value: row.number('impressions') });
    if (row.has('clicks')) out.push({ ...base, metric: 'link-clicks' as const, value: row.number('clicks') });
    if (row.has('spend')) out.push({ ...base, metric: 'spend' as const, value: row.number('spend') });
    return out;
  },
};
