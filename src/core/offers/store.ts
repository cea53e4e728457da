import type { Transaction } from 'kysely';
import type { Database } from '../metrics/schema.ts';
import type { OfferKind } from '../campaign/schema/offer.ts';
import type { Store } from '../metrics/store.ts';
import {
  countOfferReportShelves,
  listOfferReportPage,
  type OfferReportShelf,
} from '../metrics/queries/offer-reports.ts';
import { addOneSiteFact } from '../metrics/queries/add-one-site-fact.ts';
import { countOfferReports, type OfferReportCount } from '../metrics/queries/count-offer-reports.ts';
import { deleteOfferReportsBefore as deleteOfferReportRows } from '../metrics/queries/delete-offer-reports.ts';
import { getOfferReportRow } from '../metrics/queries/get-offer-report.ts';
import { insertOfferReportRow } from '../metrics/queries/insert-offer-report.ts';
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
export const insertOfferReport = (
  store: Store,
  report: OfferReportInput,
  trx?: Transaction<Database>,
): Promise<number> => insertOfferReportRow(store, { ...report, burst: report.burst ?? null }, trx);

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
  const r = await getOfferReportRow(store, campaign, id);
  return r && { ...r, kind: r.kind as OfferKind };
}

export { countOfferReports, type OfferReportCount };

/**
 * Deletes a campaign's reports received before `before` (a UTC day), then asks the store to make them
 * unreadable from its files (secure_delete and a truncated write-ahead log on SQLite). Returns how many.
 */
export async function deleteOfferReportsBefore(
  store: Store,
  campaign: string,
  before: string,
): Promise<number> {
  const n = await deleteOfferReportRows(store, campaign, before);
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
  const write = async (trx: Transaction<Database>) => {
    for (const metric of metrics)
      await addOneSiteFact(trx, {
        campaign: check.campaign,
        day: check.day,
        channel: check.channel ?? '',
        language: check.language,
        detail: check.kind,
        metric,
      });
  };
  await (trx ? write(trx) : store.db.transaction().execute(write));
}
