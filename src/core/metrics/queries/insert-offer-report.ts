import type { Transaction } from 'kysely';
import type { Database } from '../schema.ts';
import type { Store } from '../store.ts';

/** Stores one anonymous offer report; `trx`: a transaction of the caller's to write in. Returns its id. */
export async function insertOfferReportRow(
  store: Store,
  report: {
    campaign: string;
    language: string;
    kind: string;
    platform: string;
    link: string;
    text: string;
    day: string;
    burst: string | null;
  },
  trx?: Transaction<Database>,
): Promise<number> {
  const row = await (trx ?? store.db)
    .insertInto('offer_reports')
    .values(report)
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}
