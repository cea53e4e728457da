import type { Campaign } from '../campaign/schema/index.ts';
import { parseKeywordDetail } from '../imports/formats/keywords.ts';
import { queryTotals, type FactFilter } from '../metrics/queries/totals.ts';
import type { Store } from '../metrics/store.ts';
import { keywordThemes, themeKey } from '../redirect/editor-file.ts';
import { suppressSmallCounts, WITHHELD } from '../stats/index.ts';
import { round2 } from './format.ts';
import type { Count, SearchTheme } from './schema.ts';

const SOURCE = 'google-ads-keywords';
const exact = (v: number): Count => ({
  value: Math.round(v),
  display: Math.round(v).toLocaleString('en'),
  suppressed: false,
});

/**
 * Impressions, clicks and cost per keyword theme: each keyword of the report is given the theme of the
 * list that holds it (same audience, language, text and match type), as the campaign declares it now.
 * Counts are still exact: `discloseSearchThemes` decides what is shown.
 */
export async function buildSearchThemes(
  store: Store,
  campaign: Campaign,
  filter: FactFilter,
): Promise<SearchTheme[]> {
  const rows = await queryTotals(
    store,
    campaign.id,
    ['audience', 'language', 'detail', 'metric'],
    SOURCE,
    filter,
  );
  if (!rows.length) return [];
  const themes = keywordThemes(campaign);
  const order = [...new Set(themes.values())];
  const acc = new Map<
    string | null,
    { keywords: Set<string>; impressions: number; clicks: number; cost: number }
  >();
  for (const r of rows) {
    const { keyword, match } = parseKeywordDetail(r.detail ?? '');
    const theme = themes.get(themeKey(r.audience ?? '', r.language ?? '', keyword, match)) ?? null;
    const a = acc.get(theme) ?? { keywords: new Set(), impressions: 0, clicks: 0, cost: 0 };
    a.keywords.add(`${r.audience}\u0000${r.language}\u0000${r.detail}`);
    if (r.metric === 'impressions') a.impressions += r.value;
    else if (r.metric === 'link-clicks') a.clicks += r.value;
    else if (r.metric === 'spend') a.cost += r.value;
    acc.set(theme, a);
  }
  const rank = (t: string | null) => (t === null ? order.length : order.indexOf(t));
  return [...acc]
    .sort(([x], [y]) => rank(x) - rank(y))
    .map(([theme, a]) => ({
      theme,
      keywords: a.keywords.size,
      impressions: exact(a.impressions),
      clicks: exact(a.clicks),
      cost: round2(a.cost),
    }));
}

/**
 * Disclosure control for the themes: a search for a smuggler's number in a small language community can
 * come from few people, so impressions and clicks per theme under 10 are "<10", and the next smallest are
 * "withheld" until the hidden ones are two or more and add up to 10 (the sum of the themes is the search
 * channel's total, which the report shows elsewhere). Cost is withheld with the clicks it would reveal.
 */
export function discloseSearchThemes(themes: readonly SearchTheme[]): SearchTheme[] {
  const protect = (pick: (t: SearchTheme) => Count): Count[] =>
    suppressSmallCounts(themes.map((t, i) => ({ key: String(i), count: pick(t).value ?? 0 }))).map((c) =>
      c.suppressed
        ? { value: null, display: c.secondary ? WITHHELD : c.display, suppressed: true }
        : exact(c.count),
    );
  const impressions = protect((t) => t.impressions);
  const clicks = protect((t) => t.clicks);
  return themes.map((t, i) => ({
    ...t,
    impressions: impressions[i]!,
    clicks: clicks[i]!,
    cost: clicks[i]!.suppressed ? null : t.cost,
  }));
}
