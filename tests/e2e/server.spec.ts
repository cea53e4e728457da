import { expect, test } from '@playwright/test';
import { DatabaseSync } from 'node:sqlite';
import { loadCampaigns } from '../../src/core/workspace/index.ts';
import { trackedLinks } from '../../src/core/site/index.ts';
import { SERVER_DB, SERVER_URL } from '../../playwright.config.ts';

// Headless Chromium says "HeadlessChrome", which the collector drops as a bot; a reader's phone does not.
const PHONE =
  'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36';
const senegal = loadCampaigns('campaigns').campaigns.find(
  (c) => c.campaign.id === 'safe-journeys-senegal-2027',
)!.campaign;
const radio = trackedLinks(senegal).find((l) => l.channel === 'radio' && l.audience === 'youth-dakar')!;

const events = () =>
  new DatabaseSync(SERVER_DB, { readOnly: true })
    .prepare(
      "select type, language, channel, audience, target from events where campaign = 'safe-journeys-senegal-2027' order by id",
    )
    .all()
    .map((r) => ({ ...r }));

test.use({ userAgent: PHONE, baseURL: SERVER_URL, locale: 'wo-SN' });

test('a tracked link redirects to the audience’s language and the visit is counted by channel and audience', async ({
  page,
  context,
}) => {
  const attributed = (type: string, target = '') => ({
    type,
    language: 'wo',
    channel: 'radio',
    audience: 'youth-dakar',
    target,
  });
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

test('a reader in Telegram’s in-app browser is counted, its beacon running under the page’s Content-Security-Policy', async ({
  browser,
}) => {
  const TELEGRAM =
    'Mozilla/5.0 (Linux; Android 13; SM-A536B Build/TP1A.220624.014; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/120.0.6099.144 Mobile Safari/537.36 Telegram-Android/10.5.0 (Samsung SM-A536B; Android 13; SDK 33; AVERAGE)';
  const context = await browser.newContext({ userAgent: TELEGRAM, baseURL: SERVER_URL });
  const page = await context.newPage();
  const violations: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  const views = () =>
    Number(
      (
        new DatabaseSync(SERVER_DB, { readOnly: true })
          .prepare(
            "select count(*) as n from events where campaign = 'fake-job-offers-2027' and language = 'uk' and type = 'view'",
          )
          .get() as { n: number }
      ).n,
    );
  const before = views();
  const response = await page.goto('/uk/fake-job-offers-2027/');
  expect(response!.headers()['content-security-policy']).toMatch(/script-src 'sha256-/);
  await expect.poll(views).toBe(before + 1);
  expect(violations).toEqual([]);
  await context.close();
});

test('Accept-Language picks another published language when the reader does not read the link’s', async ({
  browser,
}) => {
  const context = await browser.newContext({ userAgent: PHONE, locale: 'en-GB', baseURL: SERVER_URL });
  const page = await context.newPage();
  await page.goto(`/go/${radio.code}`);
  await expect(page).toHaveURL(new RegExp(`/en/safe-journeys-senegal-2027/\\?k=${radio.code}$`));
  await context.close();
});

test('with Global Privacy Control on, the page sends nothing', async ({ browser }) => {
  const context = await browser.newContext({ userAgent: PHONE, baseURL: SERVER_URL });
  await context.addInitScript(() =>
    Object.defineProperty(navigator, 'globalPrivacyControl', { value: true }),
  );
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
  // Pages with their charts drawn, axe over each, a PDF printed by the server's Chromium: on a two-core
  // machine shared with other runs, more than the default 30 s.
  test.describe.configure({ timeout: 90_000 });
  const axe = async (page: import('@playwright/test').Page) => {
    const { default: AxeBuilder } = await import('@axe-core/playwright');
    return (await new AxeBuilder({ page }).analyze()).violations.map(
      (v) =>
        `${v.id}: ${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 3)
          .join(', ')}`,
    );
  };
  const signIn = async (
    page: import('@playwright/test').Page,
    email: string,
    password: string,
    submit = 'Sign in',
  ) => {
    await page.getByLabel(/E-mail|Adresse e-mail|البريد الإلكتروني/).fill(email);
    await page.getByLabel(/^(Password|Mot de passe|كلمة المرور)$/).fill(password);
    await page.getByRole('button', { name: submit, exact: true }).click();
  };

  test('an evaluator signs in, compares campaigns, opens a report led by its headline figures; another organisation’s campaign is not found', async ({
    page,
    request,
  }) => {
    await page.goto('/dashboard/');
    await expect(page).toHaveURL(/\/dashboard\/login\/\?next=/);
    expect(await axe(page)).toEqual([]);
    await signIn(page, 'e2e@example.org', 'e2e evaluator password');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Campaigns');
    const table = page.getByRole('table', { name: 'Campaigns compared' });
    await expect(table.getByRole('link', { name: 'Safe Journeys Senegal 2027' })).toBeVisible();
    await expect(table.getByRole('row')).toHaveCount(2);
    expect(await axe(page)).toEqual([]);
    await table.getByRole('link', { name: 'Safe Journeys Senegal 2027' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toContainText('effectiveness report');
    // The first screen answers what an evaluator asks first.
    const headline = page.getByRole('region', { name: 'At a glance' });
    await expect(headline).toBeInViewport();
    for (const h of [
      'People reached',
      'Cost per person reached',
      'Primary outcome: intention',
      'Seven-rule scorecard',
    ])
      await expect(headline.getByRole('heading', { name: h })).toBeInViewport();
    await expect(headline).toContainText(/about \d{1,3}(,\d{3})+/);
    await expect(headline).toContainText(/between \d{1,3}(,\d{3})+ \(the largest channel\)/);
    await expect(headline).toContainText('Not reliable');
    // The charts: four chart.js canvases described in words, each beside its data table; the one
    // script that runs is the charts', same-origin (the data beside each canvas is JSON, never run).
    await expect(page.locator('html')).toHaveAttribute('data-charts', 'drawn');
    const figures = page.locator('figure.chart');
    await expect(figures).toHaveCount(4);
    for (const f of await figures.all()) {
      await expect(f.locator('canvas[role="img"][aria-label]')).toHaveCount(1);
      await expect(f.getByRole('table')).toHaveCount(1);
    }
    expect(
      await page
        .locator('script:not([type="application/json"])')
        .evaluateAll((s) => s.map((x) => x.getAttribute('src'))),
    ).toEqual(['/dashboard/charts.js']);
    await page.locator('figure.chart').first().screenshot({ path: 'test-results/dashboard-reach-chart.png' });
    expect(await axe(page)).toEqual([]);
    // Filters are a plain form: pick TikTok, and the channel table holds TikTok only.
    await page.getByLabel('Channel', { exact: true }).selectOption('tiktok');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect(page).toHaveURL(/channel=tiktok/);
    const channelRows = page
      .getByRole('table', { name: 'Data: Impressions per channel' })
      .locator('tbody tr');
    await expect(channelRows).toHaveCount(1);
    await expect(channelRows.first()).toContainText('tiktok');
    await expect(page.getByRole('link', { name: 'CSV (one row per value)' })).toHaveAttribute(
      'href',
      /report\.csv\?.*channel=tiktok/,
    );
    const other = await page.request.get('/dashboard/eastern-route-afghanistan-2027/');
    expect(other.status()).toBe(404);
    const anonymous = await request.get('/dashboard/safe-journeys-senegal-2027/', { maxRedirects: 0 });
    expect(anonymous.status()).toBe(303);
    expect(anonymous.headers()['location']).toBe(
      '/dashboard/login/?next=%2Fdashboard%2Fsafe-journeys-senegal-2027%2F',
    );
    const cookies = await page.context().cookies();
    expect(cookies.map((c) => [c.name, c.path, c.httpOnly, c.sameSite])).toEqual([
      ['cp_session', '/dashboard', true, 'Strict'],
    ]);
  });

  for (const [lang, dir, locale, title, glance, number] of [
    ['fr', 'ltr', 'fr-FR', 'Campagnes', 'L’essentiel', /environ \d{1,3}(\u202f\d{3})+/],
    ['ar', 'rtl', 'ar-MA', 'الحملات', 'نظرة سريعة', /نحو \d{1,3}(,\d{3})+/],
  ] as const) {
    test(`in ${lang}, from the browser’s language: sign-in, comparison and campaign page, dir="${dir}", numbers written for it, axe clean`, async ({
      browser,
    }) => {
      const context = await browser.newContext({ locale, baseURL: SERVER_URL });
      const page = await context.newPage();
      await page.goto('/dashboard/');
      await expect(page.locator('html')).toHaveAttribute('lang', lang);
      await expect(page.locator('html')).toHaveAttribute('dir', dir);
      expect(await axe(page)).toEqual([]);
      await signIn(
        page,
        'e2e@example.org',
        'e2e evaluator password',
        lang === 'fr' ? 'Se connecter' : 'دخول',
      );
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
      expect(await axe(page)).toEqual([]);
      await page.getByRole('link', { name: 'Safe Journeys Senegal 2027' }).click();
      await expect(page.locator('html')).toHaveAttribute('dir', dir);
      const headline = page.getByRole('region', { name: glance });
      await expect(headline).toBeInViewport();
      await expect(headline).toContainText(number);
      // Nothing is pushed off the page sideways, in either direction.
      const wider = await page.evaluate(() =>
        [...document.querySelectorAll('body *')]
          .map((el) => ({ el, box: el.getBoundingClientRect() }))
          .filter(({ box }) => box.right > document.documentElement.clientWidth + 1 || box.left < -1)
          .map(
            ({ el, box }) =>
              `${el.tagName.toLowerCase()}.${el.className} ${Math.round(box.left)}..${Math.round(box.right)}`,
          )
          .slice(0, 5),
      );
      expect(wider).toEqual([]);
      await page
        .locator('figure.chart')
        .first()
        .screenshot({ path: `test-results/dashboard-reach-chart-${lang}.png` });
      expect(await axe(page)).toEqual([]);
      await context.close();
    });
  }

  test('the HTML report has its charts drawn (its inline script allowed by hash) with tables; the PDF export is a PDF', async ({
    page,
  }) => {
    await page.goto('/dashboard/login/');
    await signIn(page, 'e2e@example.org', 'e2e evaluator password');
    await page.goto('/dashboard/safe-journeys-senegal-2027/report.html');
    await expect(page.locator('html')).toHaveAttribute('data-charts', 'drawn');
    await expect(page.locator('figure.chart canvas[role="img"]')).toHaveCount(4);
    await expect(page.locator('figure.chart table')).toHaveCount(4);
    expect(await axe(page)).toEqual([]);
    const pdf = await page.request.get('/dashboard/safe-journeys-senegal-2027/report.pdf');
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect((await pdf.body()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });
});
