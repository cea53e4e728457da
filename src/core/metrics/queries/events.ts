import { randomBytes } from 'node:crypto';
import { sql, type CompiledQuery } from 'kysely';
import type { RawEvent } from '../model.ts';
import type { Store } from '../store.ts';

const EVENT_COLUMNS = ['campaign', 'day', 'hour', 'type', 'language', 'channel', 'audience', 'target', 'visitor'] as const;
const compiledInsert = new WeakMap<Store, CompiledQuery>();

/**
 * Writes a batch of first-party events in one transaction (the collector batches for throughput).
 * The one-row INSERT is compiled once by the query builder and run per event, so the database reuses
 * one prepared statement instead of parsing a new multi-row statement for every batch size.
 */
export async function insertEvents(store: Store, events: readonly RawEvent[]): Promise<void> {
  if (!events.length) return;
  let insert = compiledInsert.get(store);
  if (!insert) {
    const placeholder = Object.fromEntries(EVENT_COLUMNS.map((c) => [c, c === 'hour' ? 0 : ''])) as unknown as RawEvent;
    insert = store.db.insertInto('events').values(placeholder).compile();
    compiledInsert.set(store, insert);
  }
  const query = insert;
  await store.db.transaction().execute(async (trx) => {
    for (const e of events) await trx.executeQuery({ ...query, parameters: EVENT_COLUMNS.map((c) => e[c]) });
  });
}

/**
 * Today's salt for visitor hashes. A new random salt each day; older salts are deleted, so yesterday's
 * hashes can never be linked to today's or recomputed from an address.
 */
export async function dailySalt(store: Store, day: string): Promise<string> {
  const row = await store.db.selectFrom('salts').select('salt').where('day', '=', day).executeTakeFirst();
  if (row) return row.salt;
  const salt = randomBytes(32).toString('hex');
  await store.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('salts').where('day', '<>', day).execute();
    await trx.insertInto('salts').values({ day, salt }).onConflict((oc) => oc.column('day').doNothing()).execute();
  });
  const saved = await store.db.selectFrom('salts').select('salt').where('day', '=', day).executeTakeFirstOrThrow();
  return saved.salt;
}

const EVENT_METRICS: Record<string, string> = {
  view: 'page-views',
  'contact-click': 'contact-clicks',
  'share-click': 'share-clicks',
  print: 'prints',
  'language-switch': 'language-switches',
  'link-click': 'tracked-link-clicks',
};

/**
 * Rolls a campaign's raw events up into daily facts of source "site": counts per event type, and
 * unique visitors (distinct daily hashes of page views). Replaces the campaign's previous roll-up.
 */
export async function rollupSiteEvents(store: Store, campaign: string): Promise<void> {
  await store.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('facts').where('campaign', '=', campaign).where('source', '=', 'site').execute();
    const counts = await trx
      .selectFrom('events')
      .select(['day', 'channel', 'audience', 'language', 'type', 'target'])
      .select(sql<number>`count(*)`.as('n'))
      .select(sql<number>`count(distinct visitor)`.as('visitors'))
      .where('campaign', '=', campaign)
      .groupBy(['day', 'channel', 'audience', 'language', 'type', 'target'])
      .execute();
    const facts = counts.flatMap((r) => {
      const base = { campaign, day: r.day, source: 'site', channel: r.channel, audience: r.audience, language: r.language, detail: r.target, import_id: null };
      const out = [{ ...base, metric: EVENT_METRICS[r.type] ?? r.type, value: Number(r.n) }];
      if (r.type === 'view') out.push({ ...base, metric: 'unique-visitors', value: Number(r.visitors) });
      return out;
    });
    for (let i = 0; i < facts.length; i += 500) await trx.insertInto('facts').values(facts.slice(i, i + 500)).execute();
  });
}
