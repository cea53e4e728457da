import { sql } from 'kysely';
import type { Store } from '../store.ts';

/** A campaign's offer checks and the warned ones, summed over its site facts. */
export async function sumOfferChecks(
  store: Store,
  campaign: string,
): Promise<{ checks: number; warned: number }> {
  const rows = await store.db
    .selectFrom('facts_summary')
    .select(['metric', sql<number>`sum(value)`.as('value')])
    .where('campaign', '=', campaign)
    .where('source', '=', 'site')
    .where('metric', 'in', ['offer-checks', 'offer-checks-warned'])
    .groupBy('metric')
    .execute();
  const sum = (m: string) => Number(rows.find((c) => c.metric === m)?.value ?? 0);
  return { checks: sum('offer-checks'), warned: sum('offer-checks-warned') };
}
