import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { openStore, type Store } from '../../src/core/metrics/index.ts';
import {
  assessOffer,
  deleteExpiredOfferReports,
  insertOfferReport,
  listOfferReports,
  retentionCutoff,
  startOfferRetention,
  summariseOffers,
} from '../../src/core/offers/index.ts';
import { published } from '../../src/core/site/index.ts';
import { checkSite } from '../../src/core/workspace/index.ts';
import { createCollector } from '../../src/server/collector.ts';
import { createOfferHandlers } from '../../src/server/offers.ts';

/**
 * Issue 11: offer checks are counted in aggregate only, offer reports keep what the reader wrote and
 * nothing of who they are, are rate-limited, and are deleted after the retention period. A real SQLite
 * file read back as bytes, the real handlers over HTTP, the real example campaign.
 */
const CAMPAIGN = 'fake-job-offers-2027';
const UA = 'Mozilla/5.0 (Linux; Android 13; SM-A145Q-offers-test) Chrome/126.0.0.0 Mobile Safari/537.36';
const ADDRESS = '203.0.113.77';
const files = (db: string) =>
  Buffer.concat([db, `${db}-wal`, `${db}-shm`].filter(existsSync).map((f) => readFileSync(f)));

let store: Store;
let dbFile: string;
let server: Server;
let base: string;

before(async () => {
  dbFile = join(mkdtempSync(join(tmpdir(), 'cp-offers-')), 'offers.db');
  store = await openStore(`sqlite:${dbFile}`);
  const live = published(checkSite('campaigns').result.campaigns);
  const collector = createCollector({
    store,
    campaigns: new Map(live.map((c) => [c.campaign.id, new Set(c.campaign.languages.published)])),
    links: new Map(),
    proxyHops: 1,
  });
  const offers = createOfferHandlers({
    store,
    campaigns: live,
    isBot: collector.isBot,
    optedOut: collector.optedOut,
    limited: collector.limited,
    proxyHops: 1,
  });
  server = createServer((req, res) => void offers.handle(req, res, req.url!));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(async () => {
  await new Promise((r) => server.close(r));
  await store.close();
});

const post = (path: string, form: Record<string, string | string[]>, from = ADDRESS) => {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(form)) for (const x of [v].flat()) body.append(k, x);
  return fetch(`${base}${path}`, {
    method: 'POST',
    body,
    redirect: 'manual',
    headers: { 'user-agent': UA, 'x-forwarded-for': from },
  });
};
const checks = async () =>
  store.db
    .selectFrom('facts')
    .select(['metric', 'detail', 'language', 'value'])
    .where('metric', 'in', ['offer-checks', 'offer-checks-warned'])
    .orderBy('metric')
    .execute()
    .then((rows) => rows.map((r) => ({ ...r })));

describe('offer check', () => {
  test('what the answers mean: two or more known signs of that kind', () => {
    const cases: [Parameters<typeof assessOffer>, string][] = [
      [['job', []], 'few'],
      [['job', ['fee']], 'few'],
      [['job', ['fee', 'fee']], 'few'],
      [['job', ['fee', 'no-school']], 'few'],
      [['job', ['fee', 'passport']], 'many'],
      [['visa', ['guarantee', 'cash', 'hurry']], 'many'],
    ];
    for (const [args, want] of cases) assert.equal(assessOffer(...args), want, JSON.stringify(args));
  });

  test('is answered with the meaning and counted, without the answers stored', async () => {
    const many = await post('/api/offer-check', { c: CAMPAIGN, l: 'uk', k: 'job', s: ['fee', 'passport'] });
    assert.equal(many.status, 303);
    assert.equal(many.headers.get('location'), `/uk/${CAMPAIGN}/offer/many/`);
    const few = await post('/api/offer-check', { c: CAMPAIGN, l: 'uk', k: 'job', s: ['stranger'] });
    assert.equal(few.headers.get('location'), `/uk/${CAMPAIGN}/offer/few/`);
    assert.deepEqual(await checks(), [
      { metric: 'offer-checks', detail: 'job', language: 'uk', value: 2 },
      { metric: 'offer-checks-warned', detail: 'job', language: 'uk', value: 1 },
    ]);
    const bytes = files(dbFile);
    for (const sign of ['passport', 'stranger'])
      assert.ok(!bytes.includes(sign), `${sign} is in the database`);
  });

  test('a kind the campaign does not check is refused', async () => {
    const r = await post('/api/offer-check', { c: 'eastern-route-afghanistan-2027', l: 'ps', k: 'job' });
    assert.equal(r.status, 400);
  });
});

describe('offer report', () => {
  test('is stored as written, with the day and nothing of who sent it', async () => {
    const text = 'Job in Poland, no fee they said, but <b>pay 300 €</b> for the visa first';
    const r = await post('/api/offer-report', {
      c: CAMPAIGN,
      l: 'en',
      kind: 'job',
      platform: 'dating-app',
      link: 'https://example.org/offer/1',
      text,
    });
    assert.equal(r.status, 303);
    assert.equal(r.headers.get('location'), `/en/${CAMPAIGN}/offer/reported/`);
    assert.equal(r.headers.get('set-cookie'), null);
    const [stored] = (await listOfferReports(store, CAMPAIGN)).reports;
    assert.equal(stored?.text, text);
    assert.equal(stored?.platform, 'dating-app');
    assert.match(stored?.day ?? '', /^\d{4}-\d{2}-\d{2}$/);
    const bytes = files(dbFile);
    assert.ok(bytes.includes(Buffer.from('pay 300 €')), 'the report text is not stored');
    for (const secret of [ADDRESS, UA, 'SM-A145Q'])
      assert.ok(!bytes.includes(secret), `${secret} is in the database`);
  });

  test('a text over 1,000 characters or a link that is no web address is not sent', async () => {
    const form = { c: CAMPAIGN, l: 'en', kind: 'job', platform: 'forum' };
    const long = await post('/api/offer-report', { ...form, text: 'x'.repeat(1001) }, '198.51.100.1');
    assert.equal(long.headers.get('location'), `/en/${CAMPAIGN}/offer/not-sent/`);
    const js = await post(
      '/api/offer-report',
      { ...form, text: 'hi', link: 'javascript:alert(1)' },
      '198.51.100.1',
    );
    assert.equal(js.headers.get('location'), `/en/${CAMPAIGN}/offer/not-sent/`);
  });

  test('is rate-limited per reader: the fourth in a minute is not stored', async () => {
    const before = (await listOfferReports(store, CAMPAIGN)).shelves.current;
    const form = { c: CAMPAIGN, l: 'en', kind: 'visa', platform: 'forum', text: 'flood' };
    const where = [];
    for (let i = 0; i < 4; i++)
      where.push((await post('/api/offer-report', form, '198.51.100.9')).headers.get('location'));
    assert.deepEqual(
      where.map((w) => w?.split('/').at(-2)),
      ['reported', 'reported', 'reported', 'not-sent'],
    );
    assert.equal((await listOfferReports(store, CAMPAIGN)).shelves.current, before + 3);
  });
});

describe('retention', () => {
  test('the cutoff day', () => {
    assert.equal(retentionCutoff('2027-04-01', 90), '2027-01-01');
    assert.equal(retentionCutoff('2027-03-01', 1), '2027-02-28');
  });

  test('the job deletes an old report, keeps a new one, and the old text leaves the files', async () => {
    const old = 'OLD-REPORT-marriage-offer-from-forum';
    const kept = 'NEW-REPORT-still-within-retention';
    const row = {
      campaign: 'retention-test',
      language: 'en',
      kind: 'marriage' as const,
      platform: 'forum',
      link: '',
    };
    await insertOfferReport(store, { ...row, text: old, day: '2027-01-01' });
    await insertOfferReport(store, { ...row, text: kept, day: '2027-03-31' });
    const job = startOfferRetention({
      store,
      campaigns: [{ campaign: 'retention-test', retentionDays: 60 }],
      now: () => new Date('2027-04-01T12:00:00Z'),
    });
    await job.settled();
    job.stop();
    assert.deepEqual(
      (await listOfferReports(store, 'retention-test')).reports.map((r) => r.text),
      [kept],
    );
    assert.ok(!files(dbFile).includes(old), 'the deleted report can still be read from the database files');
    assert.equal(
      await deleteExpiredOfferReports(store, [{ campaign: 'retention-test' }], new Date('2027-04-01')),
      0,
    );
  });
});

test('counts by platform and kind go through small-count suppression', async () => {
  const s = await openStore('sqlite::memory:');
  const row = { campaign: 'c', language: 'en', link: '', text: 't', day: '2027-03-01' };
  for (let i = 0; i < 12; i++) await insertOfferReport(s, { ...row, kind: 'job', platform: 'facebook' });
  for (let i = 0; i < 3; i++)
    await insertOfferReport(s, { ...row, kind: 'marriage', platform: 'dating-app' });
  const summary = await summariseOffers(s, 'c');
  assert.equal(summary.reports, '15');
  assert.deepEqual(
    summary.byPlatform.map((c) => [c.key, c.display]),
    [
      ['facebook', 'withheld'],
      ['dating-app', '<10'],
    ],
  );
  assert.equal(summary.checks, '<10');
  await s.close();
});

test('the effectiveness report carries the offer counts as shown, never a small count itself', async () => {
  const s = await openStore('sqlite::memory:');
  const loaded = published(checkSite('campaigns').result.campaigns).find((c) => c.campaign.id === CAMPAIGN)!;
  const row = { campaign: CAMPAIGN, language: 'en', link: '', text: 't', day: '2027-03-01' };
  for (let i = 0; i < 14; i++) await insertOfferReport(s, { ...row, kind: 'job', platform: 'forum' });
  for (let i = 0; i < 2; i++) await insertOfferReport(s, { ...row, kind: 'job', platform: 'wechat' });
  const { buildReport } = await import('../../src/core/report/index.ts');
  const report = await buildReport(s, loaded, new Date('2027-03-10T12:00:00Z'));
  assert.equal(report.offers?.reports, '16');
  assert.deepEqual(report.offers?.byPlatform, [
    { key: 'forum', display: 'withheld' },
    { key: 'wechat', display: '<10' },
  ]);
  assert.doesNotMatch(JSON.stringify(report.offers), /"count"/, 'no raw count travels with the report');
  const { openReportRenderer } = await import('../../src/views/report-document.ts');
  const { uiFor } = await import('../../src/dashboard/ui.ts');
  const { createI18n, readLocales } = await import('../../src/core/i18n/index.ts');
  const i18n = await createI18n(readLocales('locales'));
  const renderer = await openReportRenderer();
  const html = await renderer.render(
    report,
    uiFor('en', (l) => i18n.getFixedT(l)),
  );
  await renderer.close();
  assert.match(html, /<h2 id="offers-heading">Offer reports and checks<\/h2>/);
  assert.match(html, /<th scope="row">wechat<\/th><td[^>]*>&lt;10<\/td>/);
  await s.close();
});
