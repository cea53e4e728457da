import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { DatabaseSync } from 'node:sqlite';
import { SERVER_DB, SERVER_URL } from '../../playwright.config.ts';

/**
 * Issue 11, in a real browser against `npm start`: the offer check works without JavaScript, tells the
 * reader what their answers mean and is counted in aggregate only; a report sent from the landing page
 * appears in its organisation's dashboard, not in another's.
 */
const PHONE =
  'Mozilla/5.0 (Linux; Android 12; SM-A125F) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36';
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const facts = (metric: string) => {
  const db = new DatabaseSync(SERVER_DB, { readOnly: true });
  try {
    const row = db
      .prepare(`select coalesce(sum(value), 0) as n from facts where campaign = ? and metric = ?`)
      .get('safe-journeys-senegal-2027', metric) as { n: number };
    return Number(row.n);
  } finally {
    db.close();
  }
};

test('the offer check works without JavaScript, says what the answers mean and is counted, not stored', async ({
  browser,
}) => {
  const context = await browser.newContext({
    javaScriptEnabled: false,
    userAgent: PHONE,
    baseURL: SERVER_URL,
  });
  const page = await context.newPage();
  const before = { checks: facts('offer-checks'), warned: facts('offer-checks-warned') };
  await page.goto('/en/safe-journeys-senegal-2027/');
  const check = page.locator('#offer-check');
  await check.getByText('A job offer', { exact: true }).first().click();
  await check.getByLabel('You must pay a fee before you leave').first().check();
  await check.getByLabel('Someone wants to keep your passport or papers').first().check();
  await check.getByRole('button', { name: 'What does this mean?' }).first().click();
  await expect(page).toHaveURL(/\/en\/safe-journeys-senegal-2027\/offer\/many\/$/);
  await expect(page.getByText(/this offer is very likely a trap/)).toBeVisible();
  await expect(page.locator('#help a[href^="tel:"]').first()).toBeVisible();
  expect(facts('offer-checks')).toBe(before.checks + 1);
  expect(facts('offer-checks-warned')).toBe(before.warned + 1);
  // The answers themselves are nowhere: not in the address the reader landed on, not in the store.
  expect(page.url()).not.toContain('passport');
  expect(await context.cookies()).toEqual([]);
  await context.close();
  // axe needs scripts: the same pages, checked in a browser that runs them (the checklists opened).
  const axe = await browser.newContext({ baseURL: SERVER_URL });
  const a = await axe.newPage();
  for (const path of ['/en/safe-journeys-senegal-2027/', '/en/safe-journeys-senegal-2027/offer/many/']) {
    await a.goto(path);
    await a.locator('details').evaluateAll((ds) => ds.forEach((d) => d.setAttribute('open', '')));
    const { violations } = await new AxeBuilder({ page: a }).withTags(AXE_TAGS).analyze();
    expect(violations.map((v) => `${path} ${v.id}`)).toEqual([]);
  }
  await axe.close();
});

test('a report sent from the landing page is seen by its organisation only, as text', async ({ browser }) => {
  const reader = await browser.newContext({
    javaScriptEnabled: false,
    userAgent: PHONE,
    baseURL: SERVER_URL,
  });
  const page = await reader.newPage();
  const text = `Visa for Spain guaranteed <script>alert(1)</script> pay cash ${Date.now()}`;
  await page.goto('/en/safe-journeys-senegal-2027/');
  const form = page.locator('#offer-report');
  await form.getByLabel('Kind of offer').selectOption('visa');
  await form.getByLabel('Where did you see it?').selectOption('wechat');
  await form.getByLabel(/What did the offer say/).fill(text);
  await form.getByRole('button', { name: 'Send the report' }).click();
  await expect(page).toHaveURL(/\/offer\/reported\/$/);
  await page.goto('/en/fake-job-offers-2027/');
  await page
    .locator('#offer-report')
    .getByLabel(/What did the offer say/)
    .fill(`other org ${text}`);
  await page.locator('#offer-report').getByRole('button', { name: 'Send the report' }).click();
  await expect(page).toHaveURL(/\/offer\/reported\/$/);
  expect(await reader.cookies()).toEqual([]);
  await reader.close();

  const team = await browser.newContext({ baseURL: SERVER_URL, locale: 'en-GB' });
  const dash = await team.newPage();
  await dash.goto('/dashboard/safe-journeys-senegal-2027/offers/');
  await dash.getByLabel(/E-mail/).fill('e2e@example.org');
  await dash.getByLabel(/^Password$/).fill('e2e evaluator password');
  await dash.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(dash.getByRole('heading', { level: 1 })).toHaveText('Offer reports and checks');
  // Shown as the reader wrote it: the markup is text, not an element.
  await expect(dash.getByText(text, { exact: true })).toBeVisible();
  await expect(dash.getByText(`other org ${text}`)).toHaveCount(0);
  expect(
    (await new AxeBuilder({ page: dash }).withTags(AXE_TAGS).analyze()).violations.map((v) => v.id),
  ).toEqual([]);
  const other = await dash.goto('/dashboard/fake-job-offers-2027/offers/');
  expect(other?.status()).toBe(404);
  await team.close();
});
