import { z } from 'zod';

export const BudgetSchema = z.strictObject({
  /**
   * Total campaign budget.
   * @example 85000
   */
  amount: z.number().nonnegative(),
  /**
   * ISO 4217 currency code.
   * @example "EUR"
   */
  currency: z.string().regex(/^[A-Z]{3}$/, { error: 'expected an ISO 4217 currency code in capitals, like "EUR"' }),
});
