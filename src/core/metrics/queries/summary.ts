import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../schema.ts';

const DIMS = ['campaign', 'day', 'source', 'channel', 'audience', 'language', 'metric'] as const;

/**
 * Recomputes facts_summary for one campaign, source and set of days from facts, inside the caller's
 * transaction (imports call it right after they change those days; site events add to it as they are
 * written, see insertEvents).
 */
export async function refreshSummary(
  trx: Transaction<Database> | Kysely<Database>,
  campaign: string,
  source: string,
  days: readonly string[],
): Promise<void> {
  for (let i = 0; i < days.length; i += 200) {
    const chunk = days.slice(i, i + 200);
    await trx
      .deleteFrom('facts_summary')
      .where('campaign', '=', campaign)
      .where('source', '=', source)
      .where('day', 'in', chunk)
      .execute();
    await trx
      .insertInto('facts_summary')
      .columns([...DIMS, 'value'])
      .expression(
        trx
          .selectFrom('facts')
          .select(DIMS)
          .select(sql<number>`sum(value)`.as('value'))
          .where('campaign', '=', campaign)
          .where('source', '=', source)
          .where('day', 'in', chunk)
          .groupBy(DIMS),
      )
      .execute();
  }
}
