import { sql } from 'kysely';
import type { OfferKind } from '../campaign/schema/offer.ts';
import type { Store } from '../metrics/store.ts';
import type { OfferOutcome } from './signs.ts';

/** One anonymous report as the server hands it to the store: nothing of who sent it. */
export interface OfferReportInput {
  campaign: string;
  language: string;
  kind: OfferKind;
  platform: string;
  /** '' when none was given. */
  link: string;
  text: string;
  /** UTC day received, `YYYY-MM-DD`. */
  day: string;
}

export interface OfferReport extends OfferReportInput {
  id: number;
}

export async function insertOfferReport(store: Store, report: OfferReportInput): Promise<number> {
  const row = await store.db
    .insertInto('offer_reports')
    .values(report)
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

/** A campaign's reports, newest first. */
export async function listOfferReports(store: Store, campaign: string, limit = 200): Promise<OfferReport[]> {
  const rows = await store.db
    .selectFrom('offer_reports')
    .selectAll()
    .where('campaign', '=', campaign)
    .orderBy('day', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ ...r, id: Number(r.id), kind: r.kind as OfferKind }));
}

/** One report of one campaign; undefined when it is not that campaign's (or gone). */
export async function getOfferReport(
  store: Store,
  campaign: string,
  id: number,
): Promise<OfferReport | undefined> {
  const r = await store.db
    .selectFrom('offer_reports')
    .selectAll()
    .where('campaign', '=', campaign)
    .where('id', '=', id)
    .executeTakeFirst();
  return r && { ...r, id: Number(r.id), kind: r.kind as OfferKind };
}

export interface OfferReportCount {
  platform: string;
  kind: string;
  count: number;
}

/** Reports per platform × kind, for the report's breakdowns (one grouped scan of the campaign's index). */
export async function countOfferReports(store: Store, campaign: string): Promise<OfferReportCount[]> {
  const rows = await store.db
    .selectFrom('offer_reports')
    .select(['platform', 'kind', sql<number>`count(*)`.as('count')])
    .where('campaign', '=', campaign)
    .groupBy(['platform', 'kind'])
    .execute();
  return rows.map((r) => ({ platform: r.platform, kind: r.kind, count: Number(r.count) }));
}

/**
 * Deletes a campaign's reports received before `before` (a UTC day), then asks the store to make them
 * unreadable from its files (secure_delete and a truncated write-ahead log on SQLite). Returns how many.
 */
export async function deleteOfferReportsBefore(
  store: Store,
  campaign: string,
  before: string,
): Promise<number> {
  const r = await store.db
    .deleteFrom('offer_reports')
    .where('campaign', '=', campaign)
    .where('day', '<', before)
    .executeTakeFirst();
  const n = Number(r.numDeletedRows);
  if (n > 0) await store.forget();
  return n;
}

/**
 * Counts one offer check: +1 `offer-checks`, and +1 `offer-checks-warned` when two or more signs were
 * ticked, in the day's site facts of that campaign, language and kind (detail). Which signs were ticked
 * is never written anywhere: the count is all there is.
 */
export async function recordOfferCheck(
  store: Store,
  check: { campaign: string; language: string; kind: OfferKind; outcome: OfferOutcome; day: string },
): Promise<void> {
  const metrics = check.outcome === 'many' ? ['offer-checks', 'offer-checks-warned'] : ['offer-checks'];
  const base = { campaign: check.campaign, source: 'site', day: check.day, channel: '', audience: '' };
  await store.db.transaction().execute(async (trx) => {
    for (const metric of metrics) {
      await trx
        .insertInto('facts')
        .values({ ...base, language: check.language, detail: check.kind, metric, value: 1, import_id: null })
        .onConflict((oc) =>
          oc
            .columns(['campaign', 'source', 'day', 'channel', 'audience', 'language', 'detail', 'metric'])
            .doUpdateSet({ value: sql`facts.value + 1` }),
        )
        .execute();
      await trx
        .insertInto('facts_summary')
        .values({ ...base, language: check.language, metric, value: 1 })
        .onConflict((oc) =>
          oc
            .columns(['campaign', 'source', 'day', 'channel', 'audience', 'language', 'metric'])
            .doUpdateSet({ value: sql`facts_summary.value + 1` }),
        )
        .execute();
    }
  });
}
