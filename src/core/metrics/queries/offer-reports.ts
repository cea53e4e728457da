import { sql } from 'kysely';
import type { Store } from '../store.ts';

/** One stored offer report as the dashboard lists it. */
export interface OfferReportRow {
  id: number;
  campaign: string;
  language: string;
  kind: string;
  platform: string;
  link: string;
  text: string;
  day: string;
  /** The burst it came in, or null. */
  burst: string | null;
  setAside: boolean;
}

/** Which reports a list shows: the current ones (the default) or those a reviewer set aside. */
export type OfferReportShelf = 'current' | 'set-aside';

const asRow = (r: {
  id: number | bigint;
  campaign: string;
  language: string;
  kind: string;
  platform: string;
  link: string;
  text: string;
  day: string;
  burst: string | null;
  set_aside: number | bigint;
}): OfferReportRow => ({
  id: Number(r.id),
  campaign: r.campaign,
  language: r.language,
  kind: r.kind,
  platform: r.platform,
  link: r.link,
  text: r.text,
  day: r.day,
  burst: r.burst,
  setAside: Number(r.set_aside) === 1,
});

/** One page of a campaign's reports on one shelf, newest first (day, then arrival). */
export async function listOfferReportPage(
  store: Store,
  campaign: string,
  opts: { shelf: OfferReportShelf; offset: number; limit: number },
): Promise<OfferReportRow[]> {
  const rows = await store.db
    .selectFrom('offer_reports')
    .selectAll()
    .where('campaign', '=', campaign)
    .where('set_aside', '=', opts.shelf === 'set-aside' ? 1 : 0)
    .orderBy('day', 'desc')
    .orderBy('id', 'desc')
    .limit(opts.limit)
    .offset(opts.offset)
    .execute();
  return rows.map(asRow);
}

/** How many reports each shelf of a campaign holds. */
export async function countOfferReportShelves(
  store: Store,
  campaign: string,
): Promise<Record<OfferReportShelf, number>> {
  const rows = await store.db
    .selectFrom('offer_reports')
    .select(['set_aside', sql<number>`count(*)`.as('n')])
    .where('campaign', '=', campaign)
    .groupBy('set_aside')
    .execute();
  const n = (aside: number) => Number(rows.find((r) => Number(r.set_aside) === aside)?.n ?? 0);
  return { current: n(0), 'set-aside': n(1) };
}

export interface OfferBurstRow {
  burst: string;
  reports: number;
  setAside: number;
  firstDay: string;
  lastDay: string;
  /** One report's text (the lowest id), for the reviewer to see what the burst says. */
  sample: string;
}

/** A campaign's bursts, most recent first. */
export async function listOfferBursts(store: Store, campaign: string): Promise<OfferBurstRow[]> {
  const rows = await store.db
    .selectFrom('offer_reports')
    .select([
      'burst',
      sql<number>`count(*)`.as('reports'),
      sql<number>`sum(set_aside)`.as('set_aside'),
      sql<string>`min(day)`.as('first_day'),
      sql<string>`max(day)`.as('last_day'),
      sql<number>`min(id)`.as('first_id'),
    ])
    .where('campaign', '=', campaign)
    .where('burst', 'is not', null)
    .groupBy('burst')
    .orderBy('last_day', 'desc')
    .orderBy('first_id', 'desc')
    .execute();
  const samples = rows.length
    ? await store.db
        .selectFrom('offer_reports')
        .select(['id', 'text'])
        .where(
          'id',
          'in',
          rows.map((r) => Number(r.first_id)),
        )
        .execute()
    : [];
  const text = new Map(samples.map((s) => [Number(s.id), s.text]));
  return rows.map((r) => ({
    burst: r.burst!,
    reports: Number(r.reports),
    setAside: Number(r.set_aside),
    firstDay: r.first_day,
    lastDay: r.last_day,
    sample: text.get(Number(r.first_id)) ?? '',
  }));
}

/** Puts reports (already stored) into a burst; those in another burst stay in theirs. */
export async function markOfferBurst(
  store: Store,
  campaign: string,
  ids: readonly number[],
  burst: string,
): Promise<void> {
  if (!ids.length) return;
  await store.db
    .updateTable('offer_reports')
    .set({ burst })
    .where('campaign', '=', campaign)
    .where('id', 'in', [...ids])
    .where('burst', 'is', null)
    .execute();
}

/**
 * Sets every report of a burst, or one report, aside (hidden from the default list) or back. Returns
 * how many reports changed shelf.
 */
export async function setOfferReportsAside(
  store: Store,
  campaign: string,
  which: { burst: string } | { report: number },
  aside: boolean,
): Promise<number> {
  let q = store.db
    .updateTable('offer_reports')
    .set({ set_aside: aside ? 1 : 0 })
    .where('campaign', '=', campaign)
    .where('set_aside', '=', aside ? 0 : 1);
  q = 'burst' in which ? q.where('burst', '=', which.burst) : q.where('id', '=', which.report);
  return Number((await q.executeTakeFirst()).numUpdatedRows);
}
