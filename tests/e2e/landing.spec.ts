import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { gzipSync } from 'node:zlib';
import { landingPages } from './pages.ts';

const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** Records every request the page makes, to prove nothing leaves the site. */
function recordRequests(page: Page, baseURL: string) {
  const foreign: string[] = [];
  page.on('request', (r) => {
    if (!r.url().startsWith(baseURL) && !r.url().startsWith('data:')) foreign.push(r.url());
  });
  return foreign;
}

test('every example campaign publishes at least the issue’s languages', () => {
  const langs = new Set(landingPages.map((p) => p.lang));
  for (const l of ['fr', 'wo', 'en', 'prs', 'ps', 'uk', 'ru', 'zh-Hans', 'ar'])
    expect(langs, `no example page in ${l}`).toContain(l);
});

for (const p of landingPages) {
  test.describe(`${p.id} in ${p.lang}`, () => {
    test('reads without JavaScript: headline, contact point, lang and dir', async ({ browser, baseURL }) => {
      const context = await browser.newContext({ javaScriptEnabled: false });
      const page = await context.newPage();
      const foreign = recordRequests(page, baseURL!);
      const response = await page.goto(p.path);
      expect(response?.status()).toBe(200);
      await expect(page.locator('html')).toHaveAttribute('lang', p.lang);
      await expect(page.locator('html')).toHaveAttribute('dir', p.dir);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(p.headline);
      const call = page.locator('#help a[href^="tel:"]').first();
      await expect(call).toBeVisible();
      await expect(page.locator('#help a[href^="https://wa.me/"]').first()).toBeVisible();
      expect(await context.cookies()).toEqual([]);
      expect(foreign).toEqual([]);
      await context.close();
    });

    test('the first phone screen (390 × 844) says who speaks and has a working call or chat button', async ({
      browser,
    }) => {
      const context = await browser.newContext({
        viewport: { width: 390, height: 844 },
        javaScriptEnabled: false,
      });
      const page = await context.newPage();
      await page.goto(p.path);
      const who = page.locator('.who');
      await expect(who).toContainText(p.owner);
      const inFirstScreen = async (selector: string) => {
        const box = await page.locator(selector).first().boundingBox();
        return !!box && box.y >= 0 && box.y + box.height <= 844;
      };
      expect(await inFirstScreen('.who'), 'the organisation is in the first screen').toBe(true);
      const buttons = page.locator('.now a[href^="tel:"], .now a[href^="https://wa.me/"]');
      expect(await buttons.count(), 'a call or chat button at the top').toBeGreaterThan(0);
      expect(await inFirstScreen('.now a[href^="tel:"], .now a[href^="https://wa.me/"]')).toBe(true);
      // The same contact as the full block at the end of the page: the top button works as that one does.
      const href = await buttons.first().getAttribute('href');
      expect(href).toMatch(/^(tel:\+\d{7,15}|https:\/\/wa\.me\/\d{7,15})$/);
      await expect(page.locator(`#help a[href="${href}"]`).first()).toBeVisible();
      // Buttons in forms read at the size of every other button.
      const size = (sel: string) =>
        page
          .locator(sel)
          .first()
          .evaluate((e) => getComputedStyle(e).fontSize);
      if (await page.locator('form button.button').count())
        expect(await size('form button.button')).toBe(await size('.now .button'));
      await context.close();
    });

    test('language switcher leads to the same campaign in each other language', async ({ page }) => {
      await page.goto(p.path);
      const nav = page.getByRole('navigation').first();
      for (const other of p.others) {
        await expect(nav.locator(`a[hreflang="${other}"]`)).toHaveAttribute('href', `/${other}/${p.id}/`);
      }
      const target = p.others[0]!;
      await nav.locator(`a[hreflang="${target}"]`).click();
      await expect(page).toHaveURL(new RegExp(`/${target}/${p.id}/$`));
      await expect(page.locator('html')).toHaveAttribute('lang', target);
    });

    test('hreflang alternates cover every language plus x-default', async ({ page }) => {
      await page.goto(p.path);
      const hreflangs = await page
        .locator('link[rel="alternate"]')
        .evaluateAll((els) => els.map((e) => e.getAttribute('hreflang')));
      expect(hreflangs.sort()).toEqual([p.lang, ...p.others, 'x-default'].sort());
    });

    test('axe finds no WCAG 2.2 AA violations', async ({ page }) => {
      await page.goto(p.path);
      const { violations } = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
      expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual(
        [],
      );
    });

    test('page weight: critical HTML+CSS+JS ≤ 14 KB gzip, everything ≤ 100 KB', async ({ page, baseURL }) => {
      const bodies: { type: string; bytes: number; gz: number }[] = [];
      page.on('response', async (r) => {
        if (!r.url().startsWith(baseURL!)) return;
        const body = await r.body().catch(() => Buffer.alloc(0));
        bodies.push({
          type: r.request().resourceType(),
          bytes: body.length,
          gz: gzipSync(body, { level: 9 }).length,
        });
      });
      await page.goto(p.path, { waitUntil: 'load' });
      await page.waitForTimeout(100);
      const critical = bodies
        .filter((b) => ['document', 'stylesheet', 'script'].includes(b.type))
        .reduce((s, b) => s + b.gz, 0);
      const total = bodies.reduce((s, b) => s + b.gz, 0);
      test.info().annotations.push({
        type: 'weight',
        description: `${p.path} critical ${critical} B gz, total ${total} B`,
      });
      expect(critical).toBeLessThanOrEqual(14 * 1024);
      expect(total).toBeLessThanOrEqual(100 * 1024);
    });

    test('print flyer has the headline, a contact and an SVG QR code to the page', async ({ page }) => {
      await page.goto(`${p.path}print/`);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(p.headline);
      const qr = page.locator('svg[role="img"]');
      await expect(qr).toBeVisible();
      await expect(qr).toHaveAttribute('aria-label', new RegExp(`${p.path.replace(/\//g, '\\/')}$`));
      const { violations } = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
      expect(violations.map((v) => v.id)).toEqual([]);
    });
  });
}
