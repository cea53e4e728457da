import { sql, type Transaction } from 'kysely';
import type { Database } from '../metrics/schema.ts';
import type { OfferKind } from '../campaign/schema/offer.ts';
import type { Store } from '../metrics/store.ts';
import {
  countOfferReportShelves,
  listOfferReportPage,
  type OfferReportShelf,
} from '../metrics/queries/offer-reports.ts';
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
  /** The burst it arrived in (src/core/offers/bursts.ts), if any. */
  burst?: string | undefined;
}

export interface OfferReport extends Omit<OfferReportInput, 'burst'> {
  id: number;
  burst: string | null;
  setAside: boolean;
}

/** `trx`: a transaction of the caller's to write in (the tipline stores a turn's effects at once). */
export async function insertOfferReport(
  store: Store,
  report: OfferReportInput,
  trx?: Transaction<Database>,
): Promise<number> {
  const row = await (trx ?? store.db)
    .insertInto('offer_reports')
    .values({ ...report, burst: report.burst ?? null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

/** Reports listed per page on the dashboard. */
export const OFFER_REPORTS_PER_PAGE = 50;

/**
 * One page (from 1) of a campaign's reports on one shelf, newest first, with how many each shelf
 * holds: a flood of reports cannot push the others out of reach, only onto later pages.
 */
export async function listOfferReports(
  store: Store,
  campaign: string,
  opts: { shelf?: OfferReportShelf; page?: number; perPage?: number } = {},
): Promise<{ reports: OfferReport[]; shelves: Record<OfferReportShelf, number>; pages: number }> {
  const shelf = opts.shelf ?? 'current';
  const perPage = opts.perPage ?? OFFER_REPORTS_PER_PAGE;
  const page = opts.page ?? 1;
  const [rows, shelves] = await Promise.all([
    listOfferReportPage(store, campaign, { shelf, offset: (page - 1) * perPage, limit: perPage }),
    countOfferReportShelves(store, campaign),
  ]);
  return {
    reports: rows.map((r) => ({ ...r, kind: r.kind as OfferKind })),
    shelves,
    pages: Math.max(1, Math.ceil(shelves[shelf] / perPage)),
  };
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
  return (
    r && {
      ...r,
      id: Number(r.id),
      kind: r.kind as OfferKind,
      burst: r.burst,
      setAside: Number(r.set_aside) === 1,
    }
  );
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
  check: {
    campaign: string;
    language: string;
    kind: OfferKind;
    outcome: OfferOutcome;
    day: string;
    /** Where the check was made: '' for the landing page, the platform for the tipline. */
    channel?: string;
  },
  trx?: Transaction<Database>,
): Promise<void> {
  const metrics = check.outcome === 'many' ? ['offer-checks', 'offer-checks-warned'] : ['offer-checks'];
  const base = {
    campaign: check.campaign,
    source: 'site',
    day: check.day,
    channel: check.channel ?? '',
    audience: '',
  };
  const write = async (trx: Transaction<Database>) => {
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
  };
  await (trx ? write(trx) : store.db.transaction().execute(write));
}
