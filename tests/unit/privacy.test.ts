import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import {
  createVisitorDays,
  insertEvents,
  openStore,
  queryTotals,
  type RawEvent,
  type Store,
} from '../../src/core/metrics/index.ts';
import { createCollector } from '../../src/server/collector.ts';

/**
 * Issue 9, privacy: the visitor salt never reaches the database, and once a day has closed none of its
 * visitor hashes is left in the database files (read as bytes, write-ahead log included), while the
 * day's unique-visitor count stays right. Real SQLite files on disk, the real collector over HTTP.
 */

const files = (db: string) =>
  Buffer.concat([db, `${db}-wal`, `${db}-shm`].filter(existsSync).map((f) => readFileSync(f)));
/** Every form a salt could be written in. */
const forms = (salt: Buffer) => [
  salt,
  salt.toString('hex'),
  salt.toString('base64'),
  salt.toString('base64url'),
];
const found = (bytes: Buffer, needles: (string | Buffer)[]) => needles.filter((n) => bytes.includes(n));
const reader = (i: number) =>
  `Mozilla/5.0 (Linux; Android 13; SM-A14${i}) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.6478.${i} Mobile Safari/537.36`;

async function start(store: Store, now: () => Date, drawn: Buffer[]) {
  const saltBytes = (n: number) => {
    const b = randomBytes(n);
    drawn.push(Buffer.from(b)); // a copy: the collector wipes its own when the day ends
    return b;
  };
  const collector = createCollector({
    store,
    campaigns: new Map([['test-campaign', new Set(['fr'])]]),
    links: new Map(),
    now,
    saltBytes,
  });
  const server: Server = createServer((req, res) => void collector.handle(req, res));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/collect`;
  const send = async (ua: string, t: string, g?: string) => {
    const r = await fetch(url, {
      method: 'POST',
      body: JSON.stringify({ c: 'test-campaign', l: 'fr', t, ...(g ? { g } : {}) }),
      headers: { 'content-type': 'text/plain', 'user-agent': ua },
    });
    assert.equal(r.status, 204, await r.text());
  };
  return { collector, send, stop: () => new Promise((r) => server.close(r)) };
}

test('a closed day leaves no salt and no visitor hash in the database files, and its unique count stays right', async () => {
  const db = join(mkdtempSync(join(tmpdir(), 'cp-privacy-')), 'privacy.db');
  const store = await openStore(`sqlite:${db}`);
  let clock = Date.parse('2027-02-01T23:50:00Z');
  const drawn: Buffer[] = [];
  const { collector, send, stop } = await start(store, () => new Date(clock), drawn);
  try {
    // Day one: five readers, each viewing twice; one of them taps the phone number.
    for (let i = 0; i < 5; i++) for (let n = 0; n < 2; n++) await send(reader(i), 'view');
    await send(reader(0), 'contact-click', 'tel');
    await collector.flush();
    const hashes = (
      await store.db.selectFrom('day_visitors').select('visitor').where('day', '=', '2027-02-01').execute()
    ).map((r) => r.visitor);
    assert.equal(new Set(hashes).size, 5);
    assert.equal(drawn.length, 1, 'one salt for the day');
    // The search works: while the day is open its hashes are in the files, the salt never is.
    assert.ok(found(files(db), hashes).length > 0, 'open day: visitor hashes are in the database files');
    assert.deepEqual(found(files(db), forms(drawn[0]!)), []);

    // Past midnight (and the minute of grace): the next reader's view closes day one.
    clock = Date.parse('2027-02-02T00:01:30Z');
    await send(reader(9), 'view');
    await collector.flush();

    const bytes = files(db);
    assert.deepEqual(found(bytes, hashes), [], 'no visitor hash of the closed day in the .db or -wal file');
    assert.equal(drawn.length, 2, 'a new salt for the new day');
    for (const salt of drawn)
      assert.deepEqual(found(bytes, forms(salt)), [], 'no salt in the database files');
    assert.deepEqual(
      (await queryTotals(store, 'test-campaign', ['day', 'metric'])).filter(
        (r) => r.metric !== 'contact-clicks',
      ),
      [
        { day: '2027-02-01', metric: 'page-views', value: 10 },
        { day: '2027-02-01', metric: 'unique-visitors', value: 5 },
        { day: '2027-02-02', metric: 'page-views', value: 1 },
        { day: '2027-02-02', metric: 'unique-visitors', value: 1 },
      ],
    );
    // The open day's reader is still de-duplicated: a second view adds no visitor.
    await send(reader(9), 'view');
    await collector.flush();
    const day2 = await queryTotals(store, 'test-campaign', ['metric'], 'site', { from: '2027-02-02' });
    assert.deepEqual(day2, [
      { metric: 'page-views', value: 2 },
      { metric: 'unique-visitors', value: 1 },
    ]);
  } finally {
    await stop();
    await store.close();
  }
});

test('with no traffic at all, the salt is wiped at midnight UTC and the ended day is closed a minute later', async () => {
  const db = join(mkdtempSync(join(tmpdir(), 'cp-privacy-')), 'idle.db');
  const store = await openStore(`sqlite:${db}`);
  // A clock that runs in real time from just before midnight: only the timer can act.
  const from = (iso: string) => {
    const offset = Date.parse(iso) - Date.now();
    return () => new Date(Date.now() + offset);
  };
  const drawn: Buffer[] = [];
  const days = createVisitorDays({
    store,
    now: from('2027-02-01T23:59:59.850Z'),
    randomBytes: (n) => (drawn.push(randomBytes(n)), drawn.at(-1)!),
  });
  try {
    days.saltFor('2027-02-01');
    assert.notDeepEqual(drawn[0], Buffer.alloc(32), 'a salt was drawn');
    await sleep(400);
    assert.deepEqual(drawn[0], Buffer.alloc(32), 'the salt bytes are wiped at midnight without any request');
  } finally {
    days.stop();
  }

  const e: RawEvent = {
    campaign: 'c',
    day: '2027-02-01',
    hour: 23,
    type: 'view',
    language: 'fr',
    channel: '',
    audience: '',
    target: '',
    visitor: 'hash-of-day-one',
  };
  await insertEvents(store, [e, { ...e, visitor: 'another-hash-of-day-one' }]);
  const later = createVisitorDays({ store, now: from('2027-02-02T00:00:59.800Z') });
  try {
    await later.settled(); // the start closes days before 2027-02-01 only: day one is in its minute of grace
    assert.equal((await store.db.selectFrom('day_visitors').select('visitor').execute()).length, 2);
    await sleep(500);
    await later.settled();
    assert.deepEqual(await store.db.selectFrom('day_visitors').select('visitor').execute(), []);
    assert.deepEqual(found(files(db), ['hash-of-day-one']), []);
    assert.deepEqual(await queryTotals(store, 'c', ['metric']), [
      { metric: 'page-views', value: 2 },
      { metric: 'unique-visitors', value: 2 },
    ]);
  } finally {
    later.stop();
    await store.close();
  }
});
