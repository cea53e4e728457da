import { sql } from 'kysely';
import type { Dimension } from '../model.ts';
import type { Store } from '../store.ts';

export type TotalsRow = Partial<Record<Dimension, string>> & { value: number };

/** Narrows facts to a date range and to one audience, channel or language. */
export interface FactFilter {
  from?: string;
  to?: string;
  audience?: string;
  channel?: string;
  language?: string;
  /** `flagged`: leave out site events the collector flagged (source `site-flagged`). */
  exclude?: 'flagged';
}

/**
 * Summed facts of one campaign grouped by the given dimensions (none: one grand total per metric).
 * Reads the detail-free summary unless `detail` is asked for; `source` narrows to one source.
 */
export async function queryTotals(
  store: Store,
  campaign: string,
  by: readonly Dimension[],
  source?: string,
  filter: FactFilter = {},
): Promise<TotalsRow[]> {
  const dims = by.length ? [...by] : (['metric'] as Dimension[]);
  const table = dims.includes('detail') ? 'facts' : 'facts_summary';
  let q = store.db
    .selectFrom(table as 'facts')
    .select(dims)
    .select(sql<number>`sum(value)`.as('value'))
    .where('campaign', '=', campaign);
  if (source) q = q.where('source', '=', source);
  if (filter.from) q = q.where('day', '>=', filter.from);
  if (filter.to) q = q.where('day', '<=', filter.to);
  if (filter.audience) q = q.where('audience', '=', filter.audience);
  if (filter.channel) q = q.where('channel', '=', filter.channel);
  if (filter.language) q = q.where('language', '=', filter.language);
  if (filter.exclude === 'flagged') q = q.where('source', '!=', 'site-flagged');
  for (const d of dims) q = q.groupBy(d).orderBy(d);
  const rows = await q.execute();
  return rows.map((r) => ({ ...r, value: Number(r.value) })) as TotalsRow[];
}
