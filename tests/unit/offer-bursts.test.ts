import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { addUser } from '../../src/core/auth/index.ts';
import { openStore, type Store } from '../../src/core/metrics/index.ts';
import {
  createBurstDetector,
  listOfferBursts,
  listOfferReports,
  setOfferReportsAside,
} from '../../src/core/offers/index.ts';
import { published } from '../../src/core/site/index.ts';
import { checkSite } from '../../src/core/workspace/index.ts';
import { createCollector } from '../../src/server/collector.ts';
import { createOfferHandlers } from '../../src/server/offers.ts';
import { spawnFullServer } from '../fixtures/spawn-server.ts';

/**
 * Issue 15: a flood of offer reports cannot bury a genuine one. Reports per address are capped per
 * day, bursts (many from one address in minutes, the same text again) are flagged as they arrive, the
 * list is paged, and a burst is set aside in one action. The real handlers over HTTP on a real SQLite
 * file; the dashboard on the real server build.
 */
const CAMPAIGN = 'fake-job-offers-2027';
const UA = 'Mozilla/5.0 (Linux; Android 13; SM-A145Q) Chrome/126.0.0.0 Mobile Safari/537.36';
const live = published(checkSite('campaigns').result.campaigns);

async function offerServer(store: Store, now: () => Date) {
  const collector = createCollector({ store, campaigns: new Map(), links: new Map(), proxyHops: 1 });
  const offers = createOfferHandlers({
    store,
    campaigns: live,
    isBot: collector.isBot,
    optedOut: collector.optedOut,
    limited: collector.limited,
    proxyHops: 1,
    now,
  });
  const server = createServer((req, res) => void offers.handle(req, res, req.url!));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

const report = (base: string, text: string, address: string, ua = UA) =>
  fetch(`${base}/api/offer-report`, {
    method: 'POST',
    redirect: 'manual',
    body: new URLSearchParams({ c: CAMPAIGN, l: 'en', kind: 'job', platform: 'forum', text }),
    headers: { 'user-agent': ua, 'x-forwarded-for': address },
  }).then((r) => r.headers.get('location')!.split('/').at(-2));

describe('offer reports: a flood is capped and flagged, the genuine report stays in view', () => {
  let store: Store;
  let server: Server;
  let base: string;
  let clock = new Date('2027-03-02T10:00:00Z');
  before(async () => {
    store = await openStore(`sqlite:${join(mkdtempSync(join(tmpdir(), 'cp-bursts-')), 'b.db')}`);
    ({ server, base } = await offerServer(store, () => clock));
  });
  after(async () => {
    await new Promise((r) => server.close(r));
    await store.close();
  });

  test('4 addresses × 60 reports in a moment: 20 each are kept, all in one burst; a genuine report among them is in none', async () => {
    const flood = (address: string) =>
      Array.from({ length: 60 }, (_, i) =>
        report(base, `Great job in Dubai ${address} ${i}, pay the visa first`, address, `${UA} ${i}`),
      );
    const answers = await Promise.all([
      ...flood('203.0.113.1').slice(0, 30),
      ...flood('203.0.113.2').slice(0, 30),
      report(base, 'A recruiter on the forum asks 300 euros for a work visa to Poland', '198.51.100.20'),
      ...flood('203.0.113.1').slice(30),
      ...flood('203.0.113.2').slice(30),
      ...flood('203.0.113.3'),
      ...flood('203.0.113.4'),
    ]);
    assert.equal(answers.filter((a) => a === 'reported').length, 81);
    assert.equal(answers.filter((a) => a === 'not-sent').length, 160);
    const { reports, shelves } = await listOfferReports(store, CAMPAIGN, { perPage: 1000 });
    assert.equal(shelves.current, 81);
    const genuine = reports.filter((r) => r.text.startsWith('A recruiter'));
    assert.equal(genuine.length, 1);
    assert.equal(genuine[0]!.burst, null);
    const bursts = await listOfferBursts(store, CAMPAIGN);
    assert.equal(bursts.length, 1, 'one flood, one burst');
    assert.equal(bursts[0]!.reports, 80);

    // The list is paged: the genuine report is reachable, not pushed off a fixed-length list.
    const pages = [];
    for (let page = 1; page <= 2; page++)
      pages.push(...(await listOfferReports(store, CAMPAIGN, { page })).reports.map((r) => r.id));
    assert.equal(new Set(pages).size, 81);
    assert.ok(pages.includes(genuine[0]!.id));

    // Set aside in one action: the genuine report is all the list shows; the burst is one filter away.
    assert.equal(await setOfferReportsAside(store, CAMPAIGN, { burst: bursts[0]!.burst }, true), 80);
    const after = await listOfferReports(store, CAMPAIGN);
    assert.deepEqual(
      after.reports.map((r) => r.id),
      [genuine[0]!.id],
    );
    assert.deepEqual(after.shelves, { current: 1, 'set-aside': 80 });
    assert.equal((await listOfferReports(store, CAMPAIGN, { shelf: 'set-aside' })).reports.length, 50);
    // One report back, then the whole burst.
    const one = (await listOfferReports(store, CAMPAIGN, { shelf: 'set-aside' })).reports[0]!;
    assert.equal(await setOfferReportsAside(store, CAMPAIGN, { report: one.id }, false), 1);
    assert.equal(await setOfferReportsAside(store, CAMPAIGN, { burst: bursts[0]!.burst }, false), 79);
    assert.equal((await listOfferReports(store, CAMPAIGN)).shelves.current, 81);
  });

  test('the cap is per address and per day: the same address reports again the next day', async () => {
    clock = new Date('2027-03-02T18:00:00Z');
    assert.equal(await report(base, 'again', '203.0.113.1', `${UA} later`), 'not-sent');
    clock = new Date('2027-03-03T08:00:00Z');
    assert.equal(await report(base, 'a new day, a new offer seen', '203.0.113.1', `${UA} later`), 'reported');
  });

  test('the same text from three addresses within minutes is a burst; two, or different texts, are not', async () => {
    clock = new Date('2027-03-04T09:00:00Z');
    const text = 'Visa for Canada in 7 days. WhatsApp +000 000';
    assert.equal(await report(base, text, '192.0.2.1'), 'reported');
    assert.equal(await report(base, `${text.toUpperCase()}!!`, '192.0.2.2'), 'reported');
    assert.equal(await report(base, 'Something else entirely', '192.0.2.3'), 'reported');
    const day = async () =>
      (await listOfferReports(store, CAMPAIGN)).reports
        .filter((r) => r.day === '2027-03-04')
        .map((r) => r.burst !== null);
    assert.deepEqual(await day(), [false, false, false]);
    clock = new Date('2027-03-04T09:08:00Z');
    assert.equal(await report(base, ` ${text} `, '192.0.2.4'), 'reported');
    // Newest first: the third copy, the other text, then the first two copies, marked now.
    assert.deepEqual(await day(), [true, false, true, true]);
    // Eleven minutes after the last copy, the same text starts afresh.
    clock = new Date('2027-03-04T09:19:30Z');
    assert.equal(await report(base, text, '192.0.2.5'), 'reported');
    assert.deepEqual((await day())[0], false);
  });
});

test('burst detector: the fifth report from one sender in ten minutes makes the burst, and the first four join it', () => {
  let n = 0;
  const detector = createBurstDetector({ newId: () => `burst-${++n}` });
  const at = Date.parse('2027-03-02T10:00:00Z');
  const verdicts = Array.from({ length: 6 }, (_, i) => {
    const v = detector.arrive('c', 'sender-a', `text ${i}`, at + i * 60_000);
    detector.stored(v, i + 1, v.arrival.burst);
    // As it arrived (the first four join the burst later, when the fifth comes).
    return [v.arrival.burst, v.mark];
  });
  assert.deepEqual(verdicts, [
    [undefined, []],
    [undefined, []],
    [undefined, []],
    [undefined, []],
    ['burst-1', [1, 2, 3, 4]],
    ['burst-1', []],
  ]);
  // Another sender's single report during the burst joins nothing.
  assert.equal(detector.arrive('c', 'sender-b', 'genuine', at + 6 * 60_000).arrival.burst, undefined);
  // A report still being written when it joins a burst is told so once stored.
  const early = detector.arrive('d', 's', 'x', at);
  for (let i = 0; i < 4; i++) detector.arrive('d', 's', `y${i}`, at + 1000);
  assert.equal(detector.stored(early, 99, undefined), 'burst-2');
});

describe('dashboard: the offers page is paged, and a burst is set aside in one action', () => {
  let stop: (() => Promise<void>) | undefined;
  let base = '';
  let burst = '';
  mkdirSync('test-results', { recursive: true });
  const out = mkdtempSync(join('test-results', 'offers-build-'));
  const work = mkdtempSync(join('test-results', 'offers-dash-'));
  const PASSWORD = 'a long enough password';
  before(async () => {
    const build = spawnSync(process.execPath, ['scripts/build.ts'], {
      encoding: 'utf8',
      env: { ...process.env, COUNTERPOINT_MODE: 'server', COUNTERPOINT_OUT: out },
    });
    assert.equal(build.status, 0, build.stderr);
    const db = join(work, 'd.db');
    const store = await openStore(`sqlite:${db}`);
    const owner = live.find((c) => c.campaign.id === CAMPAIGN)!.campaign.owner.id;
    await addUser(store, 'owner@example.org', PASSWORD, [owner], 'evaluator');
    await addUser(store, 'other@example.org', PASSWORD, ['someone-else'], 'evaluator');
    // 60 reports of a burst, then the genuine one, all received today.
    const { server, base: offers } = await offerServer(store, () => new Date());
    for (let i = 0; i < 15; i++)
      for (const a of ['203.0.113.1', '203.0.113.2', '203.0.113.3', '203.0.113.4'])
        await report(offers, `Work in Dubai, visa paid by us ${a} ${i}`, a, `${UA} ${i}`);
    await report(
      offers,
      'A recruiter on the forum asks 300 euros for a work visa to Poland',
      '198.51.100.20',
    );
    await new Promise((r) => server.close(r));
    burst = (await listOfferBursts(store, CAMPAIGN))[0]!.burst;
    await store.close();
    ({ base, stop } = await spawnFullServer(out, { DATABASE_URL: `sqlite:${db}`, SITE_URL: '' }));
  });
  after(async () => {
    await stop?.();
    rmSync(out, { recursive: true, force: true });
  });

  const form = { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' };
  const login = async (email: string) => {
    const r = await fetch(`${base}/dashboard/login/`, {
      method: 'POST',
      redirect: 'manual',
      headers: form,
      body: new URLSearchParams({ email, password: PASSWORD }),
    });
    return r.headers.get('set-cookie')!.split(';')[0]!;
  };
  const page = (cookie: string, query = '') =>
    fetch(`${base}/dashboard/${CAMPAIGN}/offers/${query}`, { headers: { cookie } });
  const aside = (cookie: string, fields: Record<string, string>, headers: Record<string, string> = form) =>
    fetch(`${base}/dashboard/${CAMPAIGN}/offers/aside/`, {
      method: 'POST',
      redirect: 'manual',
      headers: { ...headers, cookie },
      body: new URLSearchParams(fields),
    });
  const GENUINE = 'A recruiter on the forum asks 300 euros for a work visa to Poland';

  test('61 reports on two pages; the burst is flagged; bad page or filter values are 400 naming them', async () => {
    const cookie = await login('owner@example.org');
    const first = await (await page(cookie)).text();
    assert.match(first, /Current reports \(61\)/);
    assert.match(first, /Page 1 of 2/);
    assert.match(first, /Reports in this burst: 60; set aside: 0/);
    assert.ok(first.includes(GENUINE), 'the newest report, the genuine one, is on page 1');
    const second = await (await page(cookie, '?page=2')).text();
    assert.match(second, /Page 2 of 2/);
    assert.equal((second.match(/class="offer-report"/g) ?? []).length, 1 + 11, 'the burst, then 11 reports');
    for (const [query, field] of [
      ['?page=0', 'page'],
      ['?page=abc', 'page'],
      ['?show=everything', 'show'],
    ] as const) {
      const r = await page(cookie, query);
      assert.equal(r.status, 400, query);
      assert.match(
        ((await r.json()) as { error: { message: string } }).error.message,
        new RegExp(`^${field}: `),
      );
    }
  });

  test('one POST sets the whole burst aside: the list shows the genuine report; the filter shows the rest; restore brings them back', async () => {
    const cookie = await login('owner@example.org');
    const r = await aside(cookie, { burst, aside: '1' });
    assert.equal(r.status, 303);
    assert.equal(r.headers.get('location'), `/dashboard/${CAMPAIGN}/offers/?moved=60&aside=1`);
    const current = await (await page(cookie, '?moved=60&aside=1')).text();
    assert.match(current, /Reports set aside: 60/);
    assert.match(current, /Current reports \(1\)/);
    assert.match(current, /Set aside \(60\)/);
    assert.ok(current.includes(GENUINE));
    assert.doesNotMatch(current, /Page 1 of/);
    const shelf = await (await page(cookie, '?show=set-aside')).text();
    assert.match(shelf, /Set-aside reports, newest first/);
    assert.ok(!shelf.includes(GENUINE));
    assert.match(shelf, /Page 1 of 2/);
    const back = await aside(cookie, { burst, aside: '0' });
    assert.equal(
      back.headers.get('location'),
      `/dashboard/${CAMPAIGN}/offers/?show=set-aside&moved=60&aside=0`,
    );
    assert.match(await (await page(cookie)).text(), /Current reports \(61\)/);
  });

  test('the form is refused from another site, for another organisation, and with a bad field', async () => {
    const cookie = await login('owner@example.org');
    const forged = await aside(cookie, { burst, aside: '1' }, { ...form, 'sec-fetch-site': 'cross-site' });
    assert.equal(forged.status, 403);
    const other = await aside(await login('other@example.org'), { burst, aside: '1' });
    assert.equal(other.status, 404);
    for (const [fields, field] of [
      [{ burst, aside: 'yes' }, 'aside'],
      [{ aside: '1' }, 'burst or report'],
      [{ burst: '../../x', aside: '1' }, 'burst'],
      [{ report: '-3', aside: '1' }, 'report'],
    ] as const) {
      const r = await aside(cookie, fields);
      assert.equal(r.status, 400, JSON.stringify(fields));
      assert.match(
        ((await r.json()) as { error: { message: string } }).error.message,
        new RegExp(`^${field}: `),
      );
    }
    assert.match(await (await page(cookie)).text(), /Current reports \(61\)/, 'nothing was set aside');
  });
});
