import { sql } from 'kysely';
import type { Store } from '../store.ts';
import type { FactFilter } from './totals.ts';

/** Spend of one day written by one converting import, with that import's currency and rates. */
export interface ConvertedSpendDay {
  importId: number;
  currency: string | null;
  rates: string | null;
  day: string;
  value: number;
}

/**
 * The spend facts written by imports that converted another currency into `budgetCurrency`, per import
 * and day, under the report's filter; [] at once when no import of the campaign converted anything.
 */
export async function queryConvertedSpendDays(
  store: Store,
  campaign: string,
  budgetCurrency: string,
  filter: FactFilter = {},
): Promise<ConvertedSpendDay[]> {
  // The ledger is small; the facts are not. Most campaigns have no converted import at all, and then
  // the facts are not read (a report on millions of facts stays as fast as without currencies).
  const converted = await store.db
    .selectFrom('imports')
    .select('id')
    .where('campaign', '=', campaign)
    .where('rates', 'is not', null)
    .where('currency', '<>', budgetCurrency)
    .execute();
  if (!converted.length) return [];
  let q = store.db
    .selectFrom('facts')
    .innerJoin('imports', 'imports.id', 'facts.import_id')
    .select([
      'imports.id as importId',
      'imports.currency as currency',
      'imports.rates as rates',
      'facts.day as day',
      sql<number>`sum(facts.value)`.as('value'),
    ])
    .where('facts.campaign', '=', campaign)
    .where('facts.metric', '=', 'spend')
    .where(
      'facts.import_id',
      'in',
      converted.map((c) => c.id),
    );
  if (filter.from) q = q.where('facts.day', '>=', filter.from);
  if (filter.to) q = q.where('facts.day', '<=', filter.to);
  if (filter.audience) q = q.where('facts.audience', '=', filter.audience);
  if (filter.channel) q = q.where('facts.channel', '=', filter.channel);
  if (filter.language) q = q.where('facts.language', '=', filter.language);
  const rows = await q.groupBy(['imports.id', 'imports.currency', 'imports.rates', 'facts.day']).execute();
  return rows.map((r) => ({ ...r, importId: Number(r.importId), value: Number(r.value) }));
}
