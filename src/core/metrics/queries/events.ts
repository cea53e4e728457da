import { randomBytes } from 'node:crypto';
import { sql, type CompiledQuery } from 'kysely';
import type { RawEvent } from '../model.ts';
import type { Store } from '../store.ts';
import { refreshSummary } from './summary.ts';

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
 * unique visitors (distinct daily hashes of page views). Incremental: only the days that received
 * events since the last roll-up are recomputed (distinct counts cannot be added up), and nothing runs
 * when no event came in, so a report on ten million events stays fast.
 */
export async function rollupSiteEvents(store: Store, campaign: string): Promise<void> {
  await store.db.transaction().execute(async (trx) => {
    const state = await trx.selectFrom('rollup_state').select('last_event_id').where('campaign', '=', campaign).executeTakeFirst();
    const last = Number(state?.last_event_id ?? 0);
    const newest = await trx.selectFrom('events').select((eb) => eb.fn.max('id').as('id')).where('campaign', '=', campaign).where('id', '>', last).executeTakeFirst();
    const upTo = Number(newest?.id ?? 0);
    if (!upTo) return;
    const days = (await trx.selectFrom('events').select('day').distinct().where('campaign', '=', campaign).where('id', '>', last).execute()).map((r) => r.day);
    for (let i = 0; i < days.length; i += 200) {
      const chunk = days.slice(i, i + 200);
      await trx.deleteFrom('facts').where('campaign', '=', campaign).where('source', '=', 'site').where('day', 'in', chunk).execute();
      const counts = await trx
        .selectFrom('events')
        .select(['day', 'channel', 'audience', 'language', 'type', 'target'])
        .select(sql<number>`count(*)`.as('n'))
        .select(sql<number>`count(distinct visitor)`.as('visitors'))
        .where('campaign', '=', campaign)
        .where('day', 'in', chunk)
        .groupBy(['day', 'channel', 'audience', 'language', 'type', 'target'])
        .execute();
      const facts = counts.flatMap((r) => {
        const base = { campaign, day: r.day, source: 'site', channel: r.channel, audience: r.audience, language: r.language, detail: r.target, import_id: null };
        const out = [{ ...base, metric: EVENT_METRICS[r.type] ?? r.type, value: Number(r.n) }];
        if (r.type === 'view') out.push({ ...base, metric: 'unique-visitors', value: Number(r.visitors) });
        return out;
      });
      for (let j = 0; j < facts.length; j += 500) await trx.insertInto('facts').values(facts.slice(j, j + 500)).execute();
      await refreshSummary(trx, campaign, 'site', chunk);
    }
    await trx
      .insertInto('rollup_state')
      .values({ campaign, last_event_id: upTo })
      .onConflict((oc) => oc.column('campaign').doUpdateSet({ last_event_id: upTo }))
      .execute();
  });
}
