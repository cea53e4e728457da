import AxeBuilder from '@axe-core/playwright';
import { expect, test, type BrowserContext } from '@playwright/test';
import { createServer, type Server } from 'node:http';
import { DatabaseSync } from 'node:sqlite';
import { gzipSync } from 'node:zlib';
import { loadCampaigns } from '../../src/core/workspace/index.ts';
import { embedSnippets, placementLink } from '../../src/core/site/embed.ts';
import { PARTNER_URL, SERVER_DB, SERVER_URL } from '../../playwright.config.ts';

// A partner's forum on another site (localhost vs 127.0.0.1: another site, not only another origin),
// served by a tiny node:http server with a strict Content-Security-Policy: no inline script or style,
// scripts and beacons allowed from the campaign's site only. The server's copy of the campaign declares
// the forum's placement on this page (playwright.config.ts), so its impressions count.
const PHONE =
  'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36';
const HOST = PARTNER_URL; // E2E_PORT and +1: the webServers; +2: the editor's astro dev; +3: this page
const HOST_PORT = Number(new URL(HOST).port);
const CAMPAIGN = 'eastern-route-afghanistan-2027';
const loaded = loadCampaigns('campaigns').campaigns.find((c) => c.campaign.id === CAMPAIGN)!;
const link = placementLink(loaded, 'peshawar-jobs-forum')!;
const snippet = embedSnippets(loaded, link, () => '', { site: SERVER_URL }).script;
const CSP = `default-src 'none'; script-src ${SERVER_URL}; connect-src ${SERVER_URL}; img-src 'self'; base-uri 'none'`;
const PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Peshawar jobs forum</title></head><body><main><h1>Jobs forum</h1><p>Offers posted by members.</p>${snippet}<p>More offers below.</p></main></body></html>`;

// One host page server on one port: the tests of this file run in one worker.
test.describe.configure({ mode: 'serial' });
let host: Server;
test.beforeAll(async () => {
  host = createServer((req, res) => {
    if (req.url !== '/') return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': CSP });
    res.end(PAGE);
  });
  await new Promise<void>((ok) => host.listen(HOST_PORT, '127.0.0.1', ok));
});
test.afterAll(() => new Promise<void>((ok) => host.close(() => ok())));

const count = (sql: string, ...params: string[]) =>
  Number(
    (new DatabaseSync(SERVER_DB, { readOnly: true }).prepare(sql).get(...params) as { n: number | null }).n ??
      0,
  );
/** The partner's count of a metric, as the report reads it: site facts whose detail is its link code. */
const partnerFacts = (metric: string) =>
  count(
    "select sum(value) as n from facts where campaign = ? and source = 'site' and detail = ? and metric = ? and channel = 'partner-site'",
    CAMPAIGN,
    link.code,
    metric,
  );

async function pashtoReader(browser: import('@playwright/test').Browser): Promise<BrowserContext> {
  return browser.newContext({
    userAgent: PHONE,
    locale: 'ps',
    extraHTTPHeaders: { 'accept-language': 'ps' },
  });
}

test('a partner page whose reader prefers Pashto shows the banner in Pashto (RTL); its click lands on the Pashto page and both are counted for that partner', async ({
  browser,
}) => {
  const context = await pashtoReader(browser);
  const page = await context.newPage();
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  const violations: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Refused/i.test(m.text())) violations.push(m.text());
  });
  const impressions = partnerFacts('embed-impressions');
  const clicks = partnerFacts('tracked-link-clicks');

  await page.goto(`${HOST}/`);
  const banner = page.getByRole('complementary', { name: 'له سفر مخکې' });
  await expect(banner).toBeVisible();
  await expect(banner).toHaveAttribute('lang', 'ps');
  await expect(banner).toHaveAttribute('dir', 'rtl');
  await expect(banner).toContainText(loaded.pages['ps']!.headline);
  // Placed where the snippet is, between the host's own paragraphs.
  await expect(page.locator('main > aside')).toHaveCount(1);

  // Nothing but the host page and the script before the banner; then only the impression beacon.
  const script = `${SERVER_URL}/embed/${CAMPAIGN}.js`;
  expect(requests.filter((u) => !u.startsWith(`${SERVER_URL}/api/collect`))).toEqual([`${HOST}/`, script]);
  await expect.poll(() => partnerFacts('embed-impressions')).toBe(impressions + 1);
  expect(violations).toEqual([]);

  const { violations: axe } = await new AxeBuilder({ page })
    .include('main > aside')
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  expect(axe.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);

  await banner.getByRole('link', { name: 'حقایق ولولئ' }).click();
  await expect(page).toHaveURL(`${SERVER_URL}/ps/${CAMPAIGN}/?k=${link.code}`);
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect.poll(() => partnerFacts('tracked-link-clicks')).toBe(clicks + 1);
  expect(await context.cookies()).toEqual([]);
  await context.close();
});

test("the same banner on a page of another origin shows, but its impression is refused: it is not the placement's site", async ({
  browser,
}) => {
  const context = await pashtoReader(browser);
  const page = await context.newPage();
  const impressions = partnerFacts('embed-impressions');
  const answer = page.waitForResponse((r) => r.url().startsWith(`${SERVER_URL}/api/collect`));
  // The partner's page at 127.0.0.1 instead of localhost: another origin than the declared site.
  await page.goto(`http://127.0.0.1:${HOST_PORT}/`);
  await expect(page.getByRole('complementary', { name: 'له سفر مخکې' })).toBeVisible();
  expect((await answer).status()).toBe(403);
  expect(partnerFacts('embed-impressions')).toBe(impressions);
  await context.close();
});

test('the script is at most 2 KB gzipped and readable from another site', async ({ request }) => {
  const r = await request.get(`${SERVER_URL}/embed/${CAMPAIGN}.js`);
  expect(r.status()).toBe(200);
  expect(r.headers()['cross-origin-resource-policy']).toBe('cross-origin');
  const size = gzipSync(await r.body()).length;
  console.log(`embed script: ${(await r.body()).length} bytes, ${size} gzipped`);
  expect(size).toBeLessThanOrEqual(2048);
});

test('closed, the banner stays closed for the visit; under Do Not Track it shows and sends nothing', async ({
  browser,
}) => {
  const context = await pashtoReader(browser);
  const page = await context.newPage();
  await page.goto(`${HOST}/`);
  const banner = page.getByRole('complementary', { name: 'له سفر مخکې' });
  await banner.getByRole('button', { name: 'دا پیغام وتړئ' }).click();
  await expect(banner).toHaveCount(0);
  await page.reload();
  await page.waitForLoadState('load');
  await expect(page.locator('aside')).toHaveCount(0);
  await context.close();

  const dnt = await pashtoReader(browser);
  await dnt.addInitScript(() => Object.defineProperty(Navigator.prototype, 'doNotTrack', { get: () => '1' }));
  const quiet = await dnt.newPage();
  const beacons: string[] = [];
  quiet.on('request', (r) => {
    if (r.url().includes('/api/collect')) beacons.push(r.url());
  });
  await quiet.goto(`${HOST}/`);
  await expect(quiet.getByRole('complementary', { name: 'له سفر مخکې' })).toBeVisible();
  await quiet.waitForTimeout(300);
  expect(beacons).toEqual([]);
  await dnt.close();
});
