import type { Fact, ImportRecord } from '../model.ts';
import type { Store } from '../store.ts';
import { refreshSummary } from './summary.ts';

export interface ReplaceResult {
  /** True when this exact file was imported before: nothing changed. */
  unchanged: boolean;
  importId: number | null;
  /** Fact rows removed because the new export covers their days again (platforms revise numbers). */
  replaced: number;
  inserted: number;
}

const CHUNK = 500;

/**
 * Stores an import as one transaction: the ledger row, then for every day the file covers, this
 * source's facts for that day are replaced by the file's. Re-importing the same file (same hash)
 * changes nothing; a newer export overlapping older dates replaces those dates.
 */
export async function replaceFacts(
  store: Store,
  record: ImportRecord,
  facts: readonly Fact[],
  days: readonly string[],
): Promise<ReplaceResult> {
  return store.db.transaction().execute(async (trx) => {
    const seen = await trx
      .selectFrom('imports')
      .select('id')
      .where('campaign', '=', record.campaign)
      .where('source', '=', record.source)
      .where('file_hash', '=', record.fileHash)
      .executeTakeFirst();
    if (seen) return { unchanged: true, importId: seen.id, replaced: 0, inserted: 0 };

    const inserted = await trx
      .insertInto('imports')
      .values({
        campaign: record.campaign,
        source: record.source,
        file_name: record.fileName,
        file_hash: record.fileHash,
        rows_accepted: record.rowsAccepted,
        rows_rejected: record.rowsRejected,
        first_day: record.firstDay,
        last_day: record.lastDay,
        imported_at: new Date().toISOString(),
        currency: record.currency ?? null,
        rates: record.rates ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();

    let replaced = 0;
    for (let i = 0; i < days.length; i += CHUNK) {
      const r = await trx
        .deleteFrom('facts')
        .where('campaign', '=', record.campaign)
        .where('source', '=', record.source)
        .where('day', 'in', days.slice(i, i + CHUNK))
        .executeTakeFirst();
      replaced += Number(r.numDeletedRows);
    }
    for (let i = 0; i < facts.length; i += CHUNK) {
      await trx
        .insertInto('facts')
        .values(facts.slice(i, i + CHUNK).map((f) => ({ ...f, import_id: inserted.id })))
        .execute();
    }
    await refreshSummary(trx, record.campaign, record.source, days);
    return { unchanged: false, importId: inserted.id, replaced, inserted: facts.length };
  });
}
