import { queryConvertedSpendDays } from '../metrics/queries/converted-spend-days.ts';
import type { FactFilter } from '../metrics/queries/totals.ts';
import type { Store } from '../metrics/store.ts';
import { rateOn, type AppliedRate } from './currency.ts';

/** Spend that was exported in another currency: its original amount and what it is in the budget currency. */
export interface ConvertedSpend {
  currency: string;
  /** In `currency`, as the exports said. */
  original: number;
  /** In the budget currency, as stored and as the report's spend counts it. */
  converted: number;
  /** The rates applied, earliest first. */
  rates: AppliedRate[];
}

/**
 * The spend facts that imports converted, per original currency, under the report's filter. Facts hold
 * spend in the budget currency; the ledger row of the import that wrote each fact says the currency and
 * rates, so the original is value / rate of the fact's day, and stays right when a newer export has
 * replaced some of an older one's days.
 */
export async function queryConvertedSpend(
  store: Store,
  campaign: string,
  budgetCurrency: string,
  filter: FactFilter = {},
): Promise<ConvertedSpend[]> {
  const rows = await queryConvertedSpendDays(store, campaign, budgetCurrency, filter);
  if (!rows.length) return [];

  const out = new Map<string, ConvertedSpend & { seen: Set<string> }>();
  for (const r of rows) {
    const rates = JSON.parse(r.rates!) as AppliedRate[];
    const rate = rateOn(rates, r.day);
    if (!rate) continue;
    const entry = out.get(r.currency!) ?? {
      currency: r.currency!,
      original: 0,
      converted: 0,
      rates: [],
      seen: new Set<string>(),
    };
    entry.original += Number(r.value) / rate;
    entry.converted += Number(r.value);
    for (const applied of rates) {
      const key = `${applied.from}\u0000${applied.rate}`;
      if (!entry.seen.has(key)) entry.rates.push(applied);
      entry.seen.add(key);
    }
    out.set(r.currency!, entry);
  }
  return [...out.values()]
    .map(({ seen: _, ...c }) => ({
      ...c,
      rates: c.rates.sort((a, b) => (a.from ?? '').localeCompare(b.from ?? '')),
    }))
    .sort((a, b) => a.currency.localeCompare(b.currency));
}
