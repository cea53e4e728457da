import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import {
  addUser,
  authenticate,
  createSession,
  endSession,
  removeUser,
  sessionUser,
} from '../../src/core/auth/index.ts';
import {
  closeEndedDays,
  insertEvents,
  openStore,
  queryTotals,
  replaceFacts,
  rollupSiteEvents,
  type Fact,
  type ImportRecord,
  type RawEvent,
  type Store,
} from '../../src/core/metrics/index.ts';

/**
 * The store suite, run against every back end: a real SQLite file always, and a real PostgreSQL when
 * TEST_POSTGRES_URL is set (.ci/run installs and starts one).
 */
const backends: [string, () => string][] = [
  ['sqlite', () => `sqlite:${join(mkdtempSync(join(tmpdir(), 'cp-store-')), 'test.db')}`],
];
const pgUrl = process.env['TEST_POSTGRES_URL'];
if (pgUrl) backends.push(['postgres', () => pgUrl]);
else
  test('store (postgres)', {
    skip: 'PostgreSQL suite skipped: TEST_POSTGRES_URL is not set (.ci/run starts PostgreSQL and sets it; locally: TEST_POSTGRES_URL=postgres://user:pass@127.0.0.1/db npm test)',
  }, () => {});

const fact = (over: Partial<Fact>): Fact => ({
  campaign: 'c1',
  day: '2027-02-01',
  source: 'meta-ads',
  channel: 'facebook',
  audience: 'youth',
  language: '',
  detail: '',
  metric: 'reach',
  value: 1,
  ...over,
});
const record = (over: Partial<ImportRecord>): ImportRecord => ({
  campaign: 'c1',
  source: 'meta-ads',
  fileName: 'a.csv',
  fileHash: 'hash-a',
  rowsAccepted: 1,
  rowsRejected: 0,
  firstDay: '2027-02-01',
  lastDay: '2027-02-02',
  ...over,
});

for (const [name, url] of backends) {
  describe(`store (${name})`, () => {
    let store: Store;
    before(async () => {
      store = await openStore(url());
      for (const t of ['facts', 'facts_summary', 'events', 'imports', 'day_visitors'] as const)
        await store.db.deleteFrom(t).execute();
    });
    after(async () => store.close());

    test('re-importing the same file changes nothing', async () => {
      const facts = [fact({ value: 100 }), fact({ day: '2027-02-02', value: 50 })];
      const first = await replaceFacts(store, record({}), facts, ['2027-02-01', '2027-02-02']);
      const again = await replaceFacts(store, record({}), facts, ['2027-02-01', '2027-02-02']);
      assert.equal(first.unchanged, false);
      assert.equal(again.unchanged, true);
      assert.deepEqual(await queryTotals(store, 'c1', ['metric']), [{ metric: 'reach', value: 150 }]);
    });

    test('a newer export replaces the days it covers and keeps the others', async () => {
      await replaceFacts(
        store,
        record({ fileHash: 'hash-b', firstDay: '2027-02-02', lastDay: '2027-02-03' }),
        [fact({ day: '2027-02-02', value: 70 }), fact({ day: '2027-02-03', value: 5 })],
        ['2027-02-02', '2027-02-03'],
      );
      assert.deepEqual(await queryTotals(store, 'c1', ['day']), [
        { day: '2027-02-01', value: 100 },
        { day: '2027-02-02', value: 70 },
        { day: '2027-02-03', value: 5 },
      ]);
      const ledger = await store.db
        .selectFrom('imports')
        .select(['file_name', 'file_hash'])
        .orderBy('id')
        .execute();
      assert.deepEqual(
        ledger.map((l) => l.file_hash),
        ['hash-a', 'hash-b'],
      );
    });

    test('an import that fails half-way leaves nothing behind', async () => {
      const bad = [fact({ day: '2027-03-01', value: 1 }), fact({ day: '2027-03-01', value: 2 })]; // same key twice
      await assert.rejects(replaceFacts(store, record({ fileHash: 'hash-c' }), bad, ['2027-03-01']));
      assert.equal(
        (await store.db.selectFrom('imports').select('id').where('file_hash', '=', 'hash-c').execute())
          .length,
        0,
      );
      assert.equal((await queryTotals(store, 'c1', ['day'])).length, 3);
    });

    test('events roll up into daily site facts with unique visitors', async () => {
      const e = {
        campaign: 'c2',
        day: '2027-02-01',
        hour: 9,
        language: 'fr',
        channel: 'whatsapp',
        audience: 'youth',
        target: '',
      };
      await insertEvents(store, [
        { ...e, type: 'view', visitor: 'v1' },
        { ...e, type: 'view', visitor: 'v1' },
        { ...e, type: 'view', visitor: 'v2' },
        { ...e, type: 'contact-click', target: 'tel', visitor: 'v2' },
      ]);
      await rollupSiteEvents(store, 'c2');
      assert.deepEqual(await queryTotals(store, 'c2', ['metric']), [
        { metric: 'contact-clicks', value: 1 },
        { metric: 'page-views', value: 3 },
        { metric: 'unique-visitors', value: 2 },
      ]);
    });

    test('events sent in a flagged burst are counted under site-flagged, summary too, and left out with exclude=flagged', async () => {
      const e = {
        campaign: 'c-flag',
        day: '2027-02-01',
        hour: 9,
        language: 'fr',
        channel: 'whatsapp',
        audience: 'youth',
        target: '',
      };
      await insertEvents(store, [
        { ...e, type: 'view', visitor: 'v1' },
        { ...e, type: 'view', visitor: 'v2', flagged: true },
        { ...e, type: 'view', visitor: 'v2' },
        { ...e, type: 'view', visitor: 'v3', flagged: true },
        { ...e, type: 'contact-click', target: 'tel', visitor: 'v3', flagged: true },
      ]);
      assert.deepEqual(await queryTotals(store, 'c-flag', ['source', 'metric']), [
        { source: 'site', metric: 'page-views', value: 2 },
        { source: 'site', metric: 'unique-visitors', value: 1 },
        { source: 'site-flagged', metric: 'contact-clicks', value: 1 },
        { source: 'site-flagged', metric: 'page-views', value: 2 },
        { source: 'site-flagged', metric: 'unique-visitors', value: 2 },
      ]);
      assert.deepEqual(await queryTotals(store, 'c-flag', ['metric'], undefined, { exclude: 'flagged' }), [
        { metric: 'page-views', value: 2 },
        { metric: 'unique-visitors', value: 1 },
      ]);
      assert.deepEqual(
        await queryTotals(store, 'c-flag', ['detail', 'metric'], undefined, { exclude: 'flagged' }),
        [
          { detail: '', metric: 'page-views', value: 2 },
          { detail: '', metric: 'unique-visitors', value: 1 },
        ],
      );
    });

    test('accounts and sessions: scrypt passwords, hashed session tokens, expiry, removal', async () => {
      await removeUser(store, 'eva@example.org');
      const user = await addUser(store, 'Eva@Example.org', 'correct horse battery', ['org-a'], 'evaluator');
      assert.equal(await authenticate(store, 'eva@example.org', 'wrong horse battery'), undefined);
      assert.deepEqual(await authenticate(store, 'EVA@example.org', 'correct horse battery'), user);
      const token = await createSession(store, user, new Date('2027-02-01T10:00:00Z'));
      assert.deepEqual(await sessionUser(store, token, new Date('2027-02-01T12:00:00Z')), user);
      assert.equal(
        await sessionUser(store, token, new Date('2027-02-02T10:00:00Z')),
        undefined,
        'expired after 12 hours',
      );
      const stored = await store.db.selectFrom('sessions').select('token_hash').execute();
      assert.ok(
        stored.every((r) => r.token_hash !== token),
        'only the hash of the token is stored',
      );
      await endSession(store, token);
      assert.equal(await sessionUser(store, token, new Date('2027-02-01T12:00:00Z')), undefined);
      assert.equal(await removeUser(store, 'eva@example.org'), true);
    });

    test('the roll-up is incremental: new events recompute their own days, nothing else', async () => {
      const e = {
        campaign: 'c3',
        hour: 9,
        language: 'fr',
        channel: '',
        audience: '',
        target: '',
        type: 'view' as const,
      };
      await insertEvents(store, [
        { ...e, day: '2027-02-01', visitor: 'a' },
        { ...e, day: '2027-02-01', visitor: 'b' },
      ]);
      await rollupSiteEvents(store, 'c3');
      await insertEvents(store, [
        { ...e, day: '2027-02-01', visitor: 'a' },
        { ...e, day: '2027-02-02', visitor: 'c' },
      ]);
      await rollupSiteEvents(store, 'c3');
      await rollupSiteEvents(store, 'c3');
      const rows = await queryTotals(store, 'c3', ['day', 'metric']);
      assert.deepEqual(rows, [
        { day: '2027-02-01', metric: 'page-views', value: 3 },
        { day: '2027-02-01', metric: 'unique-visitors', value: 2 },
        { day: '2027-02-02', metric: 'page-views', value: 1 },
        { day: '2027-02-02', metric: 'unique-visitors', value: 1 },
      ]);
    });

    test('unique visitors are counted as events are written: each new reader adds one, a reader seen again adds nothing', async () => {
      const e = {
        campaign: 'c4',
        day: '2027-02-01',
        hour: 9,
        language: 'fr',
        channel: 'radio',
        audience: 'youth',
        target: '',
        type: 'view' as const,
      };
      const visitors = Array.from({ length: 300 }, (_, i) => `v${i % 120}`); // 120 readers, most seen more than once
      for (let i = 0; i < visitors.length; i += 37)
        await insertEvents(
          store,
          visitors.slice(i, i + 37).map((visitor) => ({ ...e, visitor })),
        );
      await insertEvents(store, [
        { ...e, visitor: 'v7' },
        { ...e, visitor: 'v7' },
        { ...e, type: 'contact-click', target: 'tel', visitor: 'v999' },
      ]);
      const totals = await queryTotals(store, 'c4', ['metric']);
      assert.deepEqual(totals, [
        { metric: 'contact-clicks', value: 1 },
        { metric: 'page-views', value: 302 },
        { metric: 'unique-visitors', value: new Set(visitors).size },
      ]);
      // The summary (what reports read) and the facts (what --by detail reads) agree.
      assert.deepEqual(await queryTotals(store, 'c4', ['metric', 'detail']), [
        { metric: 'contact-clicks', detail: 'tel', value: 1 },
        { metric: 'page-views', detail: '', value: 302 },
        { metric: 'unique-visitors', detail: '', value: 120 },
      ]);
    });

    test('a reader counts once per day and group: again on another day, again in another channel', async () => {
      const e: RawEvent = {
        campaign: 'c5',
        day: '2027-02-01',
        hour: 9,
        language: 'fr',
        channel: 'radio',
        audience: 'youth',
        target: '',
        type: 'view',
        visitor: 'same',
      };
      await insertEvents(store, [e, { ...e, hour: 20 }]);
      await insertEvents(store, [
        { ...e, day: '2027-02-02' },
        { ...e, day: '2027-02-02', channel: 'whatsapp' },
        { ...e, day: '2027-02-02' },
      ]);
      assert.deepEqual(await queryTotals(store, 'c5', ['day', 'channel', 'metric']), [
        { day: '2027-02-01', channel: 'radio', metric: 'page-views', value: 2 },
        { day: '2027-02-01', channel: 'radio', metric: 'unique-visitors', value: 1 },
        { day: '2027-02-02', channel: 'radio', metric: 'page-views', value: 2 },
        { day: '2027-02-02', channel: 'radio', metric: 'unique-visitors', value: 1 },
        { day: '2027-02-02', channel: 'whatsapp', metric: 'page-views', value: 1 },
        { day: '2027-02-02', channel: 'whatsapp', metric: 'unique-visitors', value: 1 },
      ]);
    });

    test('a batch that fails is not counted at all', async () => {
      const e: RawEvent = {
        campaign: 'c6',
        day: '2027-02-01',
        hour: 9,
        language: 'fr',
        channel: '',
        audience: '',
        target: '',
        type: 'view',
        visitor: 'a',
      };
      await insertEvents(store, [e]);
      await assert.rejects(
        insertEvents(store, [
          { ...e, visitor: 'b' },
          { ...e, hour: null as unknown as number },
        ]),
      );
      await insertEvents(store, [{ ...e, visitor: 'b' }]);
      assert.deepEqual(await queryTotals(store, 'c6', ['metric']), [
        { metric: 'page-views', value: 2 },
        { metric: 'unique-visitors', value: 2 },
      ]);
    });

    test('closing a day keeps its counts and deletes its visitor hashes; the open day keeps de-duplicating', async (t) => {
      // A store of its own: once closed, a day stays closed for the store that closed it.
      const store = await openStore(url());
      t.after(() => store.close());
      const e: RawEvent = {
        campaign: 'c7',
        day: '2027-02-01',
        hour: 23,
        language: 'fr',
        channel: '',
        audience: '',
        target: '',
        type: 'view',
        visitor: 'a',
      };
      await insertEvents(store, [e, { ...e, visitor: 'b' }, { ...e, day: '2027-02-02', hour: 0 }]);
      assert.equal(await closeEndedDays(store, '2027-02-02', 'c7'), 2);
      const left = await store.db
        .selectFrom('day_visitors')
        .select(['day', 'visitor'])
        .where('campaign', '=', 'c7')
        .execute();
      assert.deepEqual(
        left.map((r) => ({ ...r })),
        [{ day: '2027-02-02', visitor: 'a' }],
      );
      // A late view of the closed day is a view, but no hash of that day is written again.
      await insertEvents(store, [
        { ...e, visitor: 'c' },
        { ...e, day: '2027-02-02', hour: 1 },
        { ...e, day: '2027-02-02', visitor: 'd' },
      ]);
      assert.equal(
        (
          await store.db
            .selectFrom('day_visitors')
            .select('visitor')
            .where('campaign', '=', 'c7')
            .where('day', '=', '2027-02-01')
            .execute()
        ).length,
        0,
      );
      await rollupSiteEvents(store, 'c7'); // by the real clock, 2027 has not ended: nothing more is closed
      assert.deepEqual(await queryTotals(store, 'c7', ['day', 'metric']), [
        { day: '2027-02-01', metric: 'page-views', value: 3 },
        { day: '2027-02-01', metric: 'unique-visitors', value: 2 },
        { day: '2027-02-02', metric: 'page-views', value: 3 },
        { day: '2027-02-02', metric: 'unique-visitors', value: 2 },
      ]);
    });

    test('no salt is stored and events carry no visitor hash', async () => {
      const catalogue =
        store.kind === 'sqlite'
          ? sql<{
              t: string;
              c: string;
            }>`select m.name as t, p.name as c from sqlite_master m join pragma_table_info(m.name) p where m.type = 'table'`
          : sql<{
              t: string;
              c: string;
            }>`select table_name as t, column_name as c from information_schema.columns where table_schema = 'public'`;
      const columns = (await catalogue.execute(store.db)).rows;
      const tables = new Set(columns.map((r) => r.t));
      assert.ok(tables.has('day_visitors') && !tables.has('salts'), [...tables].join(', '));
      assert.deepEqual(
        columns.filter((r) => r.t === 'events' && r.c === 'visitor'),
        [],
      );
    });
  });
}

describe("the collector's batch write on SQLite (written synchronously, store.writeSync)", () => {
  const file = () => join(mkdtempSync(join(tmpdir(), 'cp-store-sync-')), 'test.db');
  const event = (visitor: string): RawEvent => ({
    campaign: 'c-sync',
    day: '2027-02-01',
    hour: 9,
    type: 'view',
    language: 'fr',
    channel: '',
    audience: '',
    target: '',
    visitor,
  });
  /** Rows as another process sees them: a second connection to the file, committed data only. */
  const committed = (path: string, query: string) => {
    const reader = new DatabaseSync(path, { readOnly: true });
    try {
      return Number((reader.prepare(query).get() as { n: number }).n);
    } finally {
      reader.close();
    }
  };

  test("a batch sent during an import's transaction waits for it, and the import's rollback takes none of its events", async () => {
    const path = file();
    const store = await openStore(`sqlite:${path}`);
    let release = () => {};
    const gate = new Promise<void>((r) => (release = r));
    let inside = () => {};
    const started = new Promise<void>((r) => (inside = r));
    // An import that writes a fact, then fails while the batch is waiting.
    const failing = store.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('facts')
        .values(fact({ campaign: 'c-import' }))
        .execute();
      inside();
      await gate;
      throw new Error('the import failed');
    });
    await started;
    let written = false;
    const batch = insertEvents(store, [event('v1'), event('v2'), event('v1')]).then(() => (written = true));
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(written, false, 'the batch waited for the transaction');
    assert.equal(committed(path, 'select count(*) n from events'), 0);
    release();
    await assert.rejects(failing, /the import failed/);
    await batch;
    assert.equal(committed(path, 'select count(*) n from events'), 3);
    assert.equal(committed(path, "select count(*) n from facts where campaign = 'c-import'"), 0);
    assert.deepEqual(await queryTotals(store, 'c-sync', ['metric']), [
      { metric: 'page-views', value: 3 },
      { metric: 'unique-visitors', value: 2 },
    ]);
    await store.close();
  });

  test('a batch that fails half-way leaves nothing behind, and the next one is written', async () => {
    const path = file();
    const store = await openStore(`sqlite:${path}`);
    // The third event breaks a NOT NULL column: its two predecessors were already inserted.
    const broken = { ...event('v3'), target: null as unknown as string };
    await assert.rejects(insertEvents(store, [event('v1'), event('v2'), broken]));
    assert.equal(committed(path, 'select count(*) n from events'), 0);
    assert.equal(committed(path, 'select count(*) n from facts'), 0);
    assert.equal(committed(path, 'select count(*) n from day_visitors'), 0);
    await insertEvents(store, [event('v1')]);
    assert.deepEqual(await queryTotals(store, 'c-sync', ['metric']), [
      { metric: 'page-views', value: 1 },
      { metric: 'unique-visitors', value: 1 },
    ]);
    await store.close();
  });
});
