import { expect, test } from '@playwright/test';
import { DatabaseSync } from 'node:sqlite';
import { loadCampaigns } from '../../src/core/campaign/index.ts';
import { trackedLinks } from '../../src/core/site/index.ts';
import { SERVER_DB, SERVER_URL } from '../../playwright.config.ts';

// Headless Chromium says "HeadlessChrome", which the collector drops as a bot; a reader's phone does not.
const PHONE = 'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36';
const senegal = loadCampaigns('campaigns').campaigns.find((c) => c.campaign.id === 'safe-journeys-senegal-2027')!.campaign;
const radio = trackedLinks(senegal).find((l) => l.channel === 'radio' && l.audience === 'youth-dakar')!;

const events = () =>
  new DatabaseSync(SERVER_DB, { readOnly: true })
    .prepare("select type, language, channel, audience, target from events where campaign = 'safe-journeys-senegal-2027' order by id")
    .all()
    .map((r) => ({ ...r }));

test.use({ userAgent: PHONE, baseURL: SERVER_URL, locale: 'wo-SN' });

test('a tracked link redirects to the audience’s language and the visit is counted by channel and audience', async ({ page, context }) => {
  const attributed = (type: string, target = '') => ({ type, language: 'wo', channel: 'radio', audience: 'youth-dakar', target });
  await page.goto(`/go/${radio.code}`);
  await expect(page).toHaveURL(new RegExp(`/wo/safe-journeys-senegal-2027/\\?k=${radio.code}$`));
  // The beacon is fire-and-forget (sendBeacon): look for the events in the store itself.
  await expect.poll(events).toContainEqual(attributed('link-click', radio.code));
  await expect.poll(events).toContainEqual(attributed('view'));
  await page.locator('a[data-ev="print"]').click();
  await expect(page.locator('svg[role="img"]')).toBeVisible();
  await expect.poll(events).toContainEqual(attributed('print'));
  expect(await context.cookies()).toEqual([]);
});

test('a reader in Telegram’s in-app browser is counted, its beacon running under the page’s Content-Security-Policy', async ({ browser }) => {
  const TELEGRAM = 'Mozilla/5.0 (Linux; Android 13; SM-A536B Build/TP1A.220624.014; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/120.0.6099.144 Mobile Safari/537.36 Telegram-Android/10.5.0 (Samsung SM-A536B; Android 13; SDK 33; AVERAGE)';
  const context = await browser.newContext({ userAgent: TELEGRAM, baseURL: SERVER_URL });
  const page = await context.newPage();
  const violations: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  const views = () =>
    Number((new DatabaseSync(SERVER_DB, { readOnly: true }).prepare("select count(*) as n from events where campaign = 'fake-job-offers-2027' and language = 'uk' and type = 'view'").get() as { n: number }).n);
  const before = views();
  const response = await page.goto('/uk/fake-job-offers-2027/');
  expect(response!.headers()['content-security-policy']).toMatch(/script-src 'sha256-/);
  await expect.poll(views).toBe(before + 1);
  expect(violations).toEqual([]);
  await context.close();
});

test('Accept-Language picks another published language when the reader does not read the link’s', async ({ browser }) => {
  const context = await browser.newContext({ userAgent: PHONE, locale: 'en-GB', baseURL: SERVER_URL });
  const page = await context.newPage();
  await page.goto(`/go/${radio.code}`);
  await expect(page).toHaveURL(new RegExp(`/en/safe-journeys-senegal-2027/\\?k=${radio.code}$`));
  await context.close();
});

test('with Global Privacy Control on, the page sends nothing', async ({ browser }) => {
  const context = await browser.newContext({ userAgent: PHONE, baseURL: SERVER_URL });
  await context.addInitScript(() => Object.defineProperty(navigator, 'globalPrivacyControl', { value: true }));
  const page = await context.newPage();
  const beacons: string[] = [];
  page.on('request', (r) => {
    if (r.url().includes('/api/collect')) beacons.push(r.url());
  });
  await page.goto('/fr/safe-journeys-senegal-2027/');
  await page.locator('a[data-ev="print"]').click();
  await page.waitForLoadState('load');
  expect(beacons).toEqual([]);
  await context.close();
});

test('an unknown tracked link answers 404 with the JSON error shape', async ({ request }) => {
  const r = await request.get(`${SERVER_URL}/go/nope-nope`);
  expect(r.status()).toBe(404);
  expect(await r.json()).toEqual({ error: { code: 'not_found', message: 'no tracked link "nope-nope"' } });
});

test('public pages in server mode load no chart code and set no cookie', async ({ page }) => {
  const scripts: string[] = [];
  page.on('request', (r) => {
    if (r.resourceType() === 'script') scripts.push(r.url());
  });
  await page.goto('/fr/safe-journeys-senegal-2027/');
  await page.waitForLoadState('load');
  expect(scripts).toEqual([]);
  expect(await page.context().cookies()).toEqual([]);
});

test.describe('dashboards', () => {
  test('an evaluator signs in, compares campaigns, opens a report; another organisation’s campaign is not found', async ({ page, request }) => {
    const { default: AxeBuilder } = await import('@axe-core/playwright');
    await page.goto('/dashboard/');
    await expect(page).toHaveURL(/\/dashboard\/login\?next=/);
    expect((await new AxeBuilder({ page }).analyze()).violations.map((v) => v.id)).toEqual([]);
    await page.getByLabel('E-mail').fill('e2e@example.org');
    await page.getByLabel('Password').fill('e2e evaluator password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Campaigns');
    const table = page.getByRole('table', { name: 'Campaigns compared' });
    await expect(table.getByRole('link', { name: 'Safe Journeys Senegal 2027' })).toBeVisible();
    await expect(table.getByRole('row')).toHaveCount(2);
    expect((await new AxeBuilder({ page }).analyze()).violations.map((v) => v.id)).toEqual([]);
    await table.getByRole('link', { name: 'Safe Journeys Senegal 2027' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toContainText('effectiveness report');
    // The charts: four canvases that really drew something, each with its data table.
    const canvases = page.locator('figure.chart canvas');
    await expect(canvases).toHaveCount(4);
    await expect.poll(() => canvases.evaluateAll((els) => els.filter((c) => {
      const ctx = (c as HTMLCanvasElement).getContext('2d')!;
      const { data } = ctx.getImageData(0, 0, (c as HTMLCanvasElement).width, (c as HTMLCanvasElement).height);
      let inked = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) inked++;
      return inked > 500;
    }).length)).toBe(4);
    await page.locator('figure.chart').first().screenshot({ path: 'test-results/dashboard-series-chart.png' });
    await expect(page.locator('figure.chart details table')).toHaveCount(4);
    await page.getByText('Data table: Per day').click();
    await expect(page.getByRole('table', { name: 'Per day' })).toBeVisible();
    expect((await new AxeBuilder({ page }).analyze()).violations.map((v) => v.id)).toEqual([]);
    // Filters are a plain form: pick TikTok, and the channel table holds TikTok only.
    await page.getByLabel('Channel', { exact: true }).selectOption('tiktok');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect(page).toHaveURL(/channel=tiktok/);
    await page.getByText('Data table: Impressions per channel').click();
    const channelRows = page.getByRole('table', { name: 'Impressions per channel' }).locator('tbody tr');
    await expect(channelRows).toHaveCount(1);
    await expect(channelRows.first()).toContainText('tiktok');
    await expect(page.getByRole('link', { name: 'CSV' })).toHaveAttribute('href', /report\.csv\?.*channel=tiktok/);
    const other = await page.request.get('/dashboard/eastern-route-afghanistan-2027/');
    expect(other.status()).toBe(404);
    const anonymous = await request.get('/dashboard/safe-journeys-senegal-2027/', { maxRedirects: 0 });
    expect(anonymous.status()).toBe(303);
    expect(anonymous.headers()['location']).toBe('/dashboard/login?next=%2Fdashboard%2Fsafe-journeys-senegal-2027%2F');
    const cookies = await page.context().cookies();
    expect(cookies.map((c) => [c.name, c.path, c.httpOnly, c.sameSite])).toEqual([['cp_session', '/dashboard', true, 'Strict']]);
  });
});
