import { sql, type Transaction } from 'kysely';
import type { Database } from '../schema.ts';

/** One count (+1) added to a day's site facts and to their summary (without the detail), in `trx`. */
export async function addOneSiteFact(
  trx: Transaction<Database>,
  fact: {
    campaign: string;
    day: string;
    channel: string;
    language: string;
    detail: string;
    metric: string;
  },
): Promise<void> {
  const base = {
    campaign: fact.campaign,
    source: 'site',
    day: fact.day,
    channel: fact.channel,
    audience: '',
    language: fact.language,
    metric: fact.metric,
    value: 1,
  };
  await trx
    .insertInto('facts')
    .values({ ...base, detail: fact.detail, import_id: null })
    .onConflict((oc) =>
      oc
        .columns(['campaign', 'source', 'day', 'channel', 'audience', 'language', 'detail', 'metric'])
        .doUpdateSet({ value: sql`facts.value + 1` }),
    )
    .execute();
  await trx
    .insertInto('facts_summary')
    .values(base)
    .onConflict((oc) =>
      oc
        .columns(['campaign', 'source', 'day', 'channel', 'audience', 'language', 'metric'])
        .doUpdateSet({ value: sql`facts_summary.value + 1` }),
    )
    .execute();
}
