import { z } from 'zod';
import { DateSchema } from './common.ts';

/** ISO 4217 codes in use, as the runtime's ICU data knows them (XOF, CFA franc BCEAO, included). */
const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

/** True for an ISO 4217 code in use, in capitals. */
export const isCurrencyCode = (code: string) => /^[A-Z]{3}$/.test(code) && CURRENCIES.has(code);

/**
 * An ISO 4217 currency code.
 * @example "EUR"
 */
export const CurrencySchema = z
  .string()
  .regex(/^[A-Z]{3}$/, { error: 'expected an ISO 4217 currency code in capitals, like "EUR"' })
  .refine((code) => !/^[A-Z]{3}$/.test(code) || CURRENCIES.has(code), {
    error: (i) =>
      `"${String(i.input)}" is not an ISO 4217 currency code in use; write one like "EUR", "USD" or "XOF"`,
  });

/** An exchange rate for spend exported in another currency than the budget's. */
export const RateSchema = z.strictObject({
  /**
   * The currency an export's spend is in (ISO 4217).
   * @example "USD"
   */
  currency: CurrencySchema,
  /**
   * Units of the budget currency for one unit of `currency`: EUR per USD for a budget in EUR.
   * @example 0.92
   */
  rate: z.number().positive({
    error:
      'expected a rate above zero: units of the budget currency for one unit of this currency, like 0.92',
  }),
  /**
   * First day the rate applies; it holds until the next rate of the same currency. Without `from`, it
   * applies from the start (and to any day before the first dated rate).
   * @example "2027-02-01"
   */
  from: DateSchema.optional(),
});

export const BudgetSchema = z
  .strictObject({
    /**
     * Total campaign budget.
     * @example 85000
     */
    amount: z.number().nonnegative(),
    /**
     * ISO 4217 currency code. Reports give every cost in this currency.
     * @example "EUR"
     */
    currency: CurrencySchema,
    /**
     * Exchange rates for ad exports whose spend is in another currency (a Meta account billed in USD).
     * Imports convert spend with the rate of each day and record the currency and rate applied; reports
     * show spend in the budget currency and name the original amounts. `--rate USD=0.92` on the import
     * command overrides these for one file.
     * @example [{ currency: "USD", rate: 0.92, from: "2027-02-01" }, { currency: "USD", rate: 0.93, from: "2027-02-15" }]
     */
    rates: z.array(RateSchema).default([]),
  })
  .superRefine((b, ctx) => {
    const seen = new Set<string>();
    b.rates.forEach((r, i) => {
      if (r.currency === b.currency) {
        ctx.addIssue({
          code: 'custom',
          path: ['rates', i, 'currency'],
          message: `${r.currency} is the budget's own currency and needs no rate; remove this rate`,
        });
      }
      const key = `${r.currency} ${r.from ?? ''}`;
      if (seen.has(key)) {
        ctx.addIssue({
          code: 'custom',
          path: ['rates', i, 'from'],
          message: `a second ${r.currency} rate ${r.from ? `from ${r.from}` : 'without a date'}; keep one rate per currency and day`,
        });
      }
      seen.add(key);
    });
  });

export type Rate = z.output<typeof RateSchema>;
