import { isCurrencyCode } from '../campaign/schema/budget.ts';
import type { Campaign } from '../campaign/schema/index.ts';

export { isCurrencyCode };

/** A rate as applied: budget-currency units per unit of the export's currency, from a day on (null: from the start). */
export interface AppliedRate {
  from: string | null;
  rate: number;
}

/**
 * The rates that convert `currency` into the campaign's budget currency, earliest first: `--rate`
 * given for this import wins over the campaign's budget.rates. Empty when there are none.
 */
export function ratesFor(
  campaign: Campaign,
  currency: string,
  given: Record<string, number> = {},
): AppliedRate[] {
  const once = given[currency];
  if (once !== undefined) return [{ from: null, rate: once }];
  return (campaign.budget?.rates ?? [])
    .filter((r) => r.currency === currency)
    .map((r) => ({ from: r.from ?? null, rate: r.rate }))
    .sort((a, b) => (a.from ?? '').localeCompare(b.from ?? ''));
}

/** The rate for a day: the latest one starting on or before it; undefined when none has started yet. */
export function rateOn(rates: readonly AppliedRate[], day: string): number | undefined {
  let hit: number | undefined;
  for (const r of rates) {
    if (r.from === null || r.from <= day) hit = r.rate;
    else break;
  }
  return hit;
}

/** How to add the missing rate: the field to write and the command-line alternative, for one message. */
export function howToAddRate(
  campaign: Campaign,
  currency: string,
  campaignFile: string,
  day?: string,
): string {
  const budget = campaign.budget!.currency;
  const example = `rates: [{ currency: ${currency}, rate: <${budget} per ${currency}>${day ? `, from: ${day}` : ''} }]`;
  return `add budget.rates to ${campaignFile} (like "${example}"; "from" dates a rate) or pass --rate ${currency}=<${budget} per ${currency}>`;
}

/** "0.92 EUR per USD", or "0.92 EUR per USD from 2027-02-01, 0.93 from 2027-02-15" for dated rates. */
export function describeRates(rates: readonly AppliedRate[], currency: string, budget: string): string {
  return rates
    .map(
      (r, i) => `${r.rate}${i === 0 ? ` ${budget} per ${currency}` : ''}${r.from ? ` from ${r.from}` : ''}`,
    )
    .join(', ');
}
