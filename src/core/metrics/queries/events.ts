import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { CompiledQuery, Kysely, Transaction } from 'kysely';
import { sql } from 'kysely';
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
  'embed-impression': 'embed-impressions',
};

/**
 * How long after midnight UTC a day is closed: long enough for events the collector stamped just before
 * midnight to be written (its queue drains in milliseconds), so their readers are still de-duplicated.
 */
export const CLOSE_AFTER_MS = 60_000;

/** The UTC day of a time, `YYYY-MM-DD`. */
export const utcDay = (t: Date | number): string => new Date(t).toISOString().slice(0, 10);

/** Days before this one have ended (and the grace period after them has passed): they can be closed. */
export const closableBefore = (now: Date | number): string =>
  utcDay(new Date(now).getTime() - CLOSE_AFTER_MS);

/** Per store: days before this one are closed, so no visitor hash of theirs may be written again. */
const closedBefore = new WeakMap<Store, string>();

type Row = Record<string, string | number>;
type Statement = 'event' | 'visitor' | 'fact' | 'summary';
const COLUMNS: Record<Statement, readonly string[]> = {
  event: ['campaign', 'day', 'hour', 'type', 'language', 'channel', 'audience', 'target'],
  visitor: VISITOR_COLUMNS,
  fact: ['campaign', 'source', 'day', 'channel', 'audience', 'language', 'detail', 'metric', 'value'],
  summary: ['campaign', 'source', 'day', 'channel', 'audience', 'language', 'metric', 'value'],
};

/** The multi-row statement for `size` rows, written once with the query builder. */
function build(db: Kysely<Database>, statement: Statement, size: number): CompiledQuery {
  const rows = Array.from({ length: size }, () =>
    Object.fromEntries(COLUMNS[statement].map((c) => [c, c === 'hour' || c === 'value' ? 0 : ''])),
  );
  switch (statement) {
    case 'event':
      return db
        .insertInto('events')
        .values(rows as never)
        .compile();
    case 'visitor':
      // Only the pairs not seen before come back: each is a new reader of that day and group.
      return db
        .insertInto('day_visitors')
        .values(rows as never)
        .onConflict((oc) => oc.columns(VISITOR_COLUMNS).doNothing())
        .returning([...VISITOR_COLUMNS])
        .compile();
    case 'fact':
    case 'summary': {
      // Counts are added to what the day already has: a batch touches only the rows its events fall in.
      // The conflict key is every column but the value (the tables' unique keys).
      const table = statement === 'fact' ? 'facts' : 'facts_summary';
      const key = COLUMNS[statement].filter((c) => c !== 'value') as never[];
      return db
        .insertInto(table)
        .values(rows as never)
        .onConflict((oc) =>
          oc.columns(key).doUpdateSet({ value: sql`${sql.ref(`${table}.value`)} + excluded.value` }),
        )
        .compile();
    }
  }
}

const LARGEST = 256;
const compiled = new WeakMap<Store, Map<string, CompiledQuery>>();

/**
 * Writes rows with as few statements as possible, a round trip each on PostgreSQL: chunks whose sizes
 * are powers of two (256, then the binary digits of the rest), so each table has at most nine
 * statement shapes, compiled once and prepared once by SQLite, whatever the batch size.
 */
async function writeRows(
  trx: Transaction<Database>,
  store: Store,
  statement: Statement,
  rows: readonly Row[],
): Promise<Row[]> {
  let cache = compiled.get(store);
  if (!cache) compiled.set(store, (cache = new Map()));
  const out: Row[] = [];
  for (let i = 0; i < rows.length; ) {
    const left = rows.length - i;
    const size = left >= LARGEST ? LARGEST : 2 ** Math.floor(Math.log2(left));
    const key = `${statement}:${size}`;
    let query = cache.get(key);
    if (!query) cache.set(key, (query = build(store.db, statement, size)));
    const parameters: unknown[] = [];
    for (const row of rows.slice(i, i + size)) for (const c of COLUMNS[statement]) parameters.push(row[c]);
    const r = await trx.executeQuery<Row>({ ...query, parameters });
    out.push(...r.rows);
    i += size;
  }
  return out;
}

/**
 * A banner reader's entry in day_visitors: the placement's code before the visitor key, so a reader of
 * the banner is new per placement, and apart from the landing page's readers of the same group (a
 * visitor key is base64url and has no ':').
 */
const EMBED_READER = 'embed:';

/** A key for a tuple of strings that no two different tuples share. */
const keyOf = (parts: readonly (string | number)[]) => JSON.stringify(parts);

/** The SQLite statements of insertEvents' synchronous path, prepared once per database. */
function sqliteStatements(db: DatabaseSync) {
  let prepared = preparedFor.get(db);
  if (!prepared) {
    const upsert = (table: string, columns: readonly string[]) =>
      db.prepare(
        `insert into ${table} (${columns.join(', ')}) values (${columns.map(() => '?').join(', ')}) ` +
          `on conflict (${columns.filter((c) => c !== 'value').join(', ')}) ` +
          `do update set value = ${table}.value + excluded.value`,
      );
    prepared = {
      event: db.prepare(
        `insert into events (${COLUMNS.event.join(', ')}) values (${COLUMNS.event.map(() => '?').join(', ')})`,
      ),
      // changes is 1 only for a pair not seen before: a new reader of that day and group.
      visitor: db.prepare(
        `insert into day_visitors (${VISITOR_COLUMNS.join(', ')}) values (${VISITOR_COLUMNS.map(() => '?').join(', ')}) on conflict do nothing`,
      ),
      fact: upsert('facts', COLUMNS.fact),
      summary: upsert('facts_summary', COLUMNS.summary),
    };
    preparedFor.set(db, prepared);
  }
  return prepared;
}
const preparedFor = new WeakMap<DatabaseSync, Record<Statement, StatementSync>>();

/** Whether two events add to the same fact (see tally's `add`). */
const sameFact = (a: RawEvent, b: RawEvent) =>
  a.campaign === b.campaign &&
  a.day === b.day &&
  a.channel === b.channel &&
  a.audience === b.audience &&
  a.language === b.language &&
  a.target === b.target &&
  a.type === b.type &&
  !a.flagged === !b.flagged;

/** The counts a batch adds: its facts, and the (day, group, reader) pairs whose newness decides readers. */
function tally(events: readonly RawEvent[], closed: string) {
  const facts = new Map<string, Row>();
  const add = (e: Row, detail: string, metric: string, n: number, flagged = false) => {
    const source = flagged ? 'site-flagged' : 'site';
    const key = keyOf([
      e['campaign']!,
      e['day']!,
      e['channel']!,
      e['audience']!,
      e['language']!,
      source,
      detail,
      metric,
    ]);
    const fact = facts.get(key);
    if (fact) {
      (fact['value'] as number) += n;
      return fact;
    }
    const added: Row = {
      campaign: e['campaign']!,
      day: e['day']!,
      channel: e['channel']!,
      audience: e['audience']!,
      language: e['language']!,
      source,
      detail,
      metric,
      value: n,
    };
    facts.set(key, added);
    return added;
  };
  const pairs = new Map<string, RawEvent>();
  // Events of one batch mostly share their fact (readers of one page, one day): an event whose fact
  // is its predecessor's adds to it without making its key.
  let prev: RawEvent | undefined;
  let prevFact: Row | undefined;
  for (const e of events) {
    if (prev && prevFact && sameFact(prev, e)) (prevFact['value'] as number) += 1;
    else prevFact = add(e as unknown as Row, e.target, EVENT_METRICS[e.type] ?? e.type, 1, e.flagged);
    prev = e;
    // A late view of a closed day counts as a view; whether its reader is new can no longer be known.
    if (e.type === 'view' && e.day >= closed) {
      // The first view of a reader in the batch decides whether a new reader is a flagged one.
      const key = keyOf([e.campaign, e.day, e.channel, e.audience, e.language, e.visitor]);
      if (!pairs.has(key)) pairs.set(key, e);
    }
    // A banner impression: its reader counts once per placement and day (`embed-readers`, detail the
    // placement's code), de-duplicated and forgotten the way the page's visitors are.
    if (e.type === 'embed-impression' && e.day >= closed) {
      const reader = { ...e, visitor: `${EMBED_READER}${e.target}:${e.visitor}` };
      pairs.set(keyOf(VISITOR_COLUMNS.map((c) => reader[c])), reader);
    }
  }
  /** Counts a pair the store found new: a unique visitor, or a banner's reader. */
  const newReader = (reader: Row) => {
    const v = String(reader['visitor']);
    if (v.startsWith(EMBED_READER))
      add(reader, v.slice(EMBED_READER.length, v.lastIndexOf(':')), 'embed-readers', 1);
    // A reader first seen in a flagged burst is a flagged unique visitor.
    else add(reader, '', 'unique-visitors', 1, (reader as unknown as RawEvent).flagged);
  };
  /** The day totals of the facts, once every new reader is counted. */
  const summary = () => {
    const out = new Map<string, Row>();
    for (const f of facts.values()) {
      const key = keyOf([
        f['campaign']!,
        f['day']!,
        f['channel']!,
        f['audience']!,
        f['language']!,
        f['source']!,
        f['metric']!,
      ]);
      const s = out.get(key);
      if (s) (s['value'] as number) += f['value'] as number;
      else out.set(key, { ...f });
    }
    return [...out.values()];
  };
  return { facts, pairs, newReader, summary };
}

/**
 * Writes a batch of first-party events in one transaction (the collector batches for throughput) and
 * counts them in the same transaction: each event adds 1 to its daily site fact, and a view adds 1 to
 * the day's unique visitors only if its (campaign, day, channel, audience, language, visitor) pair is
 * new, which the unique key of day_visitors decides (INSERT … ON CONFLICT DO NOTHING). Reports read the
 * counts as they are; nothing is ever recounted, and no visitor hash is stored with the events.
 *
 * On SQLite the batch is written synchronously, one prepared statement per row (store.writeSync): about
 * half the CPU of the query builder's multi-row statements, each awaited (bench/collector-cpu.ts). On
 * PostgreSQL, where every statement is a round trip, rows go in multi-row statements.
 */
export async function insertEvents(store: Store, events: readonly RawEvent[]): Promise<void> {
  if (!events.length) return;
  const { facts, pairs, newReader, summary } = tally(events, closedBefore.get(store) ?? '');
  if (store.writeSync) {
    await store.writeSync((db) => {
      const st = sqliteStatements(db);
      for (const e of events)
        st.event.run(e.campaign, e.day, e.hour, e.type, e.language, e.channel, e.audience, e.target);
      for (const p of pairs.values())
        if (st.visitor.run(p.campaign, p.day, p.channel, p.audience, p.language, p.visitor).changes)
          newReader(p as unknown as Row);
      for (const f of facts.values()) st.fact.run(...COLUMNS.fact.map((c) => f[c]!));
      for (const f of summary()) st.summary.run(...COLUMNS.summary.map((c) => f[c]!));
    });
    return;
  }
  await store.db.transaction().execute(async (trx) => {
    await writeRows(trx, store, 'event', events as unknown as Row[]);
    for (const reader of await writeRows(trx, store, 'visitor', [...pairs.values()] as unknown as Row[]))
      newReader({
        ...reader,
        flagged: pairs.get(keyOf(VISITOR_COLUMNS.map((c) => reader[c]!)))?.flagged ?? false,
      } as unknown as Row);
    await writeRows(trx, store, 'fact', [...facts.values()]);
    await writeRows(trx, store, 'summary', summary());
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
