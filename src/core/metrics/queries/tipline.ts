import { sql, type Transaction } from 'kysely';
import type { Database } from '../schema.ts';
import type { Store } from '../store.ts';

/** A conversation of the open day, as stored: the chat only as its daily keyed hash. */
export interface TiplineConversationRow {
  campaign: string;
  language: string;
  step: string;
  code: string;
}

/** The stored state of one chat on one day, if any. */
export async function getTiplineConversation(
  store: Store,
  key: { platform: string; day: string; chat: string },
): Promise<TiplineConversationRow | undefined> {
  return store.db
    .selectFrom('tipline_conversations')
    .select(['campaign', 'language', 'step', 'code'])
    .where('platform', '=', key.platform)
    .where('day', '=', key.day)
    .where('chat', '=', key.chat)
    .executeTakeFirst();
}

/**
 * Takes an update once: true when its hashed id is new (and now recorded), false when it was taken
 * before (a platform's retry of an update stored but not yet acknowledged).
 */
export async function takeTiplineUpdate(
  trx: Transaction<Database>,
  update: { platform: string; day: string; key: string },
): Promise<boolean> {
  const rows = await trx
    .insertInto('tipline_updates')
    .values({ platform: update.platform, day: update.day, update_key: update.key })
    .onConflict((oc) => oc.columns(['platform', 'update_key']).doNothing())
    .returning('update_key')
    .execute();
  return rows.length === 1;
}

/**
 * Writes the state of one chat on one day, if it is still `expected` (compare and set): false, writing
 * nothing, when another process changed it since it was read (two workers taking two updates of one
 * chat at once); the caller reads it again and redoes the turn.
 */
export async function saveTiplineConversation(
  trx: Transaction<Database>,
  key: { platform: string; day: string; chat: string },
  expected: TiplineConversationRow | undefined,
  state: TiplineConversationRow,
): Promise<boolean> {
  if (!expected) {
    const rows = await trx
      .insertInto('tipline_conversations')
      .values({ ...key, ...state })
      .onConflict((oc) => oc.columns(['platform', 'day', 'chat']).doNothing())
      .returning('chat')
      .execute();
    return rows.length === 1;
  }
  const r = await trx
    .updateTable('tipline_conversations')
    .set({ campaign: state.campaign, language: state.language, step: state.step, code: state.code })
    .where('platform', '=', key.platform)
    .where('day', '=', key.day)
    .where('chat', '=', key.chat)
    .where('campaign', '=', expected.campaign)
    .where('language', '=', expected.language)
    .where('step', '=', expected.step)
    .where('code', '=', expected.code)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** One tipline count: +n in the day's site facts and their summary. */
export async function addTiplineFact(
  trx: Transaction<Database>,
  fact: {
    campaign: string;
    day: string;
    channel: string;
    audience: string;
    language: string;
    detail: string;
    metric: string;
  },
): Promise<void> {
  const { detail, ...group } = fact;
  await trx
    .insertInto('facts')
    .values({ ...group, detail, source: 'site', value: 1, import_id: null })
    .onConflict((oc) =>
      oc
        .columns(['campaign', 'source', 'day', 'channel', 'audience', 'language', 'detail', 'metric'])
        .doUpdateSet({ value: sql`facts.value + 1` }),
    )
    .execute();
  await trx
    .insertInto('facts_summary')
    .values({ ...group, source: 'site', value: 1 })
    .onConflict((oc) =>
      oc
        .columns(['campaign', 'source', 'day', 'channel', 'audience', 'language', 'metric'])
        .doUpdateSet({ value: sql`facts_summary.value + 1` }),
    )
    .execute();
}

/**
 * A tipline reader of the day: true when new for (campaign, day, platform, language). The chat's
 * daily hash goes into day_visitors (prefixed, apart from page visitors), which the day's close deletes
 * with every other visitor hash (closeEndedDays).
 */
export async function addTiplineReader(
  trx: Transaction<Database>,
  reader: { campaign: string; day: string; platform: string; language: string; chat: string },
): Promise<boolean> {
  const rows = await trx
    .insertInto('day_visitors')
    .values({
      campaign: reader.campaign,
      day: reader.day,
      channel: reader.platform,
      audience: '',
      language: reader.language,
      visitor: `tipline:${reader.chat}`,
    })
    .onConflict((oc) =>
      oc.columns(['campaign', 'day', 'channel', 'audience', 'language', 'visitor']).doNothing(),
    )
    .returning('visitor')
    .execute();
  return rows.length === 1;
}

/**
 * Deletes conversations and taken update ids of days before `before`: nothing of a chat outlives its
 * day. Returns how many rows went; the store is asked to make them unreadable from its files.
 */
export async function closeTiplineDays(store: Store, before: string): Promise<number> {
  const a = await store.db.deleteFrom('tipline_conversations').where('day', '<', before).executeTakeFirst();
  const b = await store.db.deleteFrom('tipline_updates').where('day', '<', before).executeTakeFirst();
  const n = Number(a.numDeletedRows) + Number(b.numDeletedRows);
  if (n > 0) await store.forget();
  return n;
}

/** Tipline counts of a campaign, per metric, platform (channel) and language, for the report. */
export async function tiplineCounts(
  store: Store,
  campaign: string,
  range: { from?: string; to?: string } = {},
): Promise<{ metric: string; platform: string; language: string; value: number }[]> {
  let q = store.db
    .selectFrom('facts_summary')
    .select(['metric', 'channel', 'language', sql<number>`sum(value)`.as('value')])
    .where('campaign', '=', campaign)
    .where('source', '=', 'site')
    .where('channel', 'in', ['telegram', 'whatsapp'])
    .where('metric', 'in', [
      'tipline-conversations',
      'tipline-readers',
      'tipline-contacts',
      'tipline-reports',
      'offer-checks',
      'offer-checks-warned',
    ]);
  if (range.from) q = q.where('day', '>=', range.from);
  if (range.to) q = q.where('day', '<=', range.to);
  const rows = await q.groupBy(['metric', 'channel', 'language']).execute();
  return rows.map((r) => ({
    metric: r.metric,
    platform: r.channel,
    language: r.language,
    value: Number(r.value),
  }));
}
