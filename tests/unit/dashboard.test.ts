import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { loadCampaigns } from '../../src/core/campaign/index.ts';
import { addUser } from '../../src/core/auth/index.ts';
import { FACT_FORMATS, importFacts } from '../../src/core/imports/index.ts';
import { openStore, type Store } from '../../src/core/metrics/index.ts';
import { createDashboard } from '../../src/server/dashboard.ts';

const campaigns = loadCampaigns('campaigns').campaigns;
const senegal = campaigns.find((c) => c.campaign.id === 'safe-journeys-senegal-2027')!;
const PASSWORD = 'a long enough password';

describe('dashboards: sign-in, sessions and per-organisation access', () => {
  let store: Store;
  let server: Server;
  let base = '';
  before(async () => {
    store = await openStore(`sqlite:${join(mkdtempSync(join(tmpdir(), 'cp-dash-')), 'd.db')}`);
    await importFacts({ store, campaign: senegal.campaign, format: FACT_FORMATS['meta-ads']!, file: 'tests/fixtures/samples/meta-ads-export.csv' });
    await addUser(store, 'dakar@example.org', PASSWORD, ['example-migration-centre-dakar'], 'evaluator');
    await addUser(store, 'kabul@example.org', PASSWORD, ['example-safe-routes-network'], 'evaluator');
    await addUser(store, 'admin@example.org', PASSWORD, [], 'admin');
    const dashboard = createDashboard({ store, campaigns });
    server = createServer((req, res) => void dashboard.handle(req, res));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const a = server.address();
    base = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
  });
  after(async () => {
    server.close();
    await store.close();
  });

  const login = async (email: string, password = PASSWORD, from = '1.1.1.1') =>
    fetch(`${base}/dashboard/login`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-test-from': from }, body: new URLSearchParams({ email, password }) });
  const cookieOf = (r: Response) => r.headers.get('set-cookie')!.split(';')[0]!;
  const get = (path: string, cookie?: string) => fetch(`${base}${path}`, { redirect: 'manual', headers: cookie ? { cookie } : {} });

  test('without a session every dashboard route sends you to sign in, exports answer 401', async () => {
    const r = await get('/dashboard/?sort=cost');
    assert.equal(r.status, 303);
    assert.equal(r.headers.get('location'), '/dashboard/login?next=%2Fdashboard%2F');
    assert.equal((await get('/dashboard/safe-journeys-senegal-2027/report.json')).status, 401);
  });

  test('a right password gives an HttpOnly, SameSite=Strict session cookie limited to /dashboard', async () => {
    const r = await login('dakar@example.org');
    assert.equal(r.status, 303);
    const cookie = r.headers.get('set-cookie')!;
    assert.match(cookie, /^cp_session=[A-Za-z0-9_-]{43}; Path=\/dashboard; HttpOnly; SameSite=Strict; Max-Age=43200$/);
  });

  test('a wrong password is refused without saying which part was wrong', async () => {
    const r = await login('dakar@example.org', 'wrong password!!');
    assert.equal(r.status, 401);
    assert.match(await r.text(), /E-mail or password is not right\./);
    assert.equal(r.headers.get('set-cookie'), null);
  });

  test('an evaluator sees their organisation’s campaigns only; another organisation’s campaign and exports are 404', async () => {
    const cookie = cookieOf(await login('dakar@example.org'));
    const overview = await (await get('/dashboard/', cookie)).text();
    assert.match(overview, /Safe Journeys Senegal 2027/);
    assert.doesNotMatch(overview, /eastern-route-afghanistan-2027/);
    assert.equal((await get('/dashboard/safe-journeys-senegal-2027/report.csv', cookie)).status, 200);
    for (const path of ['/dashboard/eastern-route-afghanistan-2027/report.json', '/dashboard/eastern-route-afghanistan-2027/report.csv', '/dashboard/fake-job-offers-2027/report.json', '/dashboard/no-such-campaign/report.json']) {
      assert.equal((await get(path, cookie)).status, 404, path);
    }
    const other = cookieOf(await login('kabul@example.org'));
    assert.equal((await get('/dashboard/safe-journeys-senegal-2027/report.csv', other)).status, 404);
  });

  test('exports carry the report; an admin sees every campaign', async () => {
    const cookie = cookieOf(await login('dakar@example.org'));
    const json = (await (await get('/dashboard/safe-journeys-senegal-2027/report.json', cookie)).json()) as { campaign: { id: string } };
    assert.equal(json.campaign.id, 'safe-journeys-senegal-2027');
    const admin = cookieOf(await login('admin@example.org'));
    const overview = await (await get('/dashboard/?sort=reach', admin)).text();
    for (const c of campaigns) assert.match(overview, new RegExp(c.campaign.title.replace(/[()]/g, '.')));
    assert.match(overview, /aria-sort="descending"><a href="\?sort=reach">/);
  });

  test('signing out ends the session on the server', async () => {
    const cookie = cookieOf(await login('dakar@example.org'));
    await fetch(`${base}/dashboard/logout`, { method: 'POST', redirect: 'manual', headers: { cookie } });
    assert.equal((await get('/dashboard/', cookie)).status, 303);
  });

  test('sign-in is rate-limited: after 5 failures in 15 minutes (per e-mail or per address), even the right password waits', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await login('kabul@example.org', 'nope nope nope')).status);
    // One failure from this address happened in an earlier test, so the fifth attempt here is refused.
    assert.deepEqual(statuses, [401, 401, 401, 401, 429, 429]);
    assert.equal((await login('kabul@example.org')).status, 429);
  });
});
