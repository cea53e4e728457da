import type { CompiledQuery, Kysely } from 'kysely';
import type { RawEvent } from '../model.ts';
import type { Database } from '../schema.ts';
import type { Store } from '../store.ts';

/** One reader once per day and group: the primary key of day_visitors. */
const VISITOR_COLUMNS = ['campaign', 'day', 'channel', 'audience', 'language', 'visitor'] as const;

const EVENT_METRICS: Record<string, string> = {
  view: 'page-views',
  'contact-click': 'contact-clicks',
  'share-click': 'share-clicks',
  print: 'prints',
  'language-switch': 'language-switches',
  'link-click': 'tracked-link-clicks',
};

/**
 * How long after midnight UTC a day is closed: long enough for events the collector stamped just before
 * midnight to be written (its queue drains in milliseconds), so their readers are still de-duplicated.
 */
export const CLOSE_AFTER_MS = 60_000;

/** The UTC day of a time, `YYYY-MM-DD`. */
export const utcDay = (t: Date | number): string => new Date(t).toISOString().slice(0, 10);

/** Days before this one have ended (and the grace period after them has passed): they can be closed. */
export const closableBefore = (now: Date | number): string => utcDay(new Date(now).getTime() - CLOSE_AFTER_MS);

/** A statement compiled once, and the columns its parameters stand for, in order. */
interface Prepared {
  query: CompiledQuery;
  columns: readonly string[];
}
interface Statements {
  event: Prepared;
  visitor: Prepared;
  fact: Prepared;
  summary: Prepared;
}

const compiled = new WeakMap<Store, Statements>();
/** Per store: days before this one are closed, so no visitor hash of theirs may be written again. */
const closedBefore = new WeakMap<Store, string>();

/**
 * Each statement is compiled once by the query builder and run with new parameters, so the database
 * reuses one prepared statement instead of parsing a new multi-row statement for every batch size.
 */
function statementsOf(store: Store): Statements {
  let s = compiled.get(store);
  if (s) return s;
  const db: Kysely<Database> = store.db;
  const group = { campaign: '', day: '', channel: '', audience: '', language: '' };
  const event = { ...group, hour: 0, type: '', target: '' };
  const visitor = { ...group, visitor: '' };
  const fact = { ...group, source: '', detail: '', metric: '', value: 0 };
  const summary = { ...group, source: '', metric: '', value: 0 };
  s = {
    event: { columns: Object.keys(event), query: db.insertInto('events').values(event).compile() },
    visitor: {
      columns: Object.keys(visitor),
      query: db
        .insertInto('day_visitors')
        .values(visitor)
        .onConflict((oc) => oc.columns(VISITOR_COLUMNS).doNothing())
        .compile(),
    },
    // Counts are added to what the day already has: a batch touches only the rows its events fall in.
    fact: {
      columns: Object.keys(fact),
      query: db
        .insertInto('facts')
        .values(fact)
        .onConflict((oc) =>
          oc.columns(['campaign', 'source', 'day', 'channel', 'audience', 'language', 'detail', 'metric']).doUpdateSet((eb) => ({ value: eb('facts.value', '+', eb.ref('excluded.value')) })),
        )
        .compile(),
    },
    summary: {
      columns: Object.keys(summary),
      query: db
        .insertInto('facts_summary')
        .values(summary)
        .onConflict((oc) =>
          oc.columns(['campaign', 'source', 'day', 'channel', 'audience', 'language', 'metric']).doUpdateSet((eb) => ({ value: eb('facts_summary.value', '+', eb.ref('excluded.value')) })),
        )
        .compile(),
    },
  };
  compiled.set(store, s);
  return s;
}

const bind = (p: Prepared, row: object): CompiledQuery => ({ ...p.query, parameters: p.columns.map((c) => (row as Record<string, unknown>)[c]) });

type Group = Pick<RawEvent, 'campaign' | 'day' | 'channel' | 'audience' | 'language'>;
type Tally = Map<string, { group: Group; detail: string; metric: string; n: number }>;
const tally = (counts: Tally, group: Group, detail: string, metric: string) => {
  const key = JSON.stringify([group.campaign, group.day, group.channel, group.audience, group.language, detail, metric]);
  const cell = counts.get(key);
  if (cell) cell.n++;
  else counts.set(key, { group, detail, metric, n: 1 });
};

/**
 * Writes a batch of first-party events in one transaction (the collector batches for throughput) and
 * counts them in the same transaction: each event adds 1 to its daily site fact, and a view adds 1 to
 * the day's unique visitors only if its (campaign, day, channel, audience, language, visitor) pair is
 * new, which the unique key of day_visitors decides (INSERT … ON CONFLICT DO NOTHING). Reports read the
 * counts as they are; nothing is ever recounted, and no visitor hash is stored with the events.
 */
export async function insertEvents(store: Store, events: readonly RawEvent[]): Promise<void> {
  if (!events.length) return;
  const q = statementsOf(store);
  const closed = closedBefore.get(store) ?? '';
  await store.db.transaction().execute(async (trx) => {
    const counts: Tally = new Map();
    for (const e of events) {
      await trx.executeQuery(bind(q.event, e));
      tally(counts, e, e.target, EVENT_METRICS[e.type] ?? e.type);
      // A late view of a closed day counts as a view; whether its reader is new can no longer be known.
      if (e.type !== 'view' || e.day < closed) continue;
      const r = await trx.executeQuery(bind(q.visitor, e));
      if (Number(r.numAffectedRows ?? 0) > 0) tally(counts, e, '', 'unique-visitors');
    }
    const summary: Tally = new Map();
    for (const { group, detail, metric, n } of counts.values()) {
      await trx.executeQuery(bind(q.fact, { ...group, source: 'site', detail, metric, value: n }));
      const key = JSON.stringify([group.campaign, group.day, group.channel, group.audience, group.language, metric]);
      const cell = summary.get(key);
      if (cell) cell.n += n;
      else summary.set(key, { group, detail: '', metric, n });
    }
    for (const { group, metric, n } of summary.values()) await trx.executeQuery(bind(q.summary, { ...group, source: 'site', metric, value: n }));
  });
}

/**
 * Closes every day before `before` (of one campaign, or all): their unique-visitor counts are final in
 * facts already, so the visitor hashes that de-duplicated them are deleted, and the store is asked to
 * make the deleted rows unreadable from its files. From then on no hash of those days is written again
 * in this process. Returns how many hashes were deleted.
 */
export async function closeEndedDays(store: Store, before: string, campaign?: string): Promise<number> {
  if ((closedBefore.get(store) ?? '') < before) closedBefore.set(store, before);
  let del = store.db.deleteFrom('day_visitors').where('day', '<', before);
  if (campaign) del = del.where('campaign', '=', campaign);
  const deleted = Number((await del.executeTakeFirst()).numDeletedRows);
  if (deleted > 0) await store.forget();
  return deleted;
}

/**
 * Brings a campaign's site facts up to date before a report. Events are counted as they are written
 * (`insertEvents`), so all that is left is closing the days that have ended, by the real clock: no
 * visitor hash outlives the day it counts, even when no collector is running to close it.
 */
export async function rollupSiteEvents(store: Store, campaign: string): Promise<void> {
  await closeEndedDays(store, closableBefore(Date.now()), campaign);
}
