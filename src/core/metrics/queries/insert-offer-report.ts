import type { Transaction } from 'kysely';
import type { Database } from '../schema.ts';
import type { Store } from '../store.ts';
import type { OfferReportRow } from './offer-reports.ts';

/** Stores one anonymous offer report; `trx`: a transaction of the caller's to write in. Returns its id. */
export async function insertOfferReportRow(
  store: Store,
  report: Omit<OfferReportRow, 'id' | 'setAside'>,
  trx?: Transaction<Database>,
): Promise<number> {
  const row = await (trx ?? store.db)
    .insertInto('offer_reports')
    .values(report)
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}
