import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { getLanguage } from '../../src/core/i18n/index.ts';
import { landingPages } from './pages.ts';

const languages = [...new Set(landingPages.map((p) => p.lang))];

test('the chooser lists every published language by its own name, marked with its lang', async ({ page }) => {
  await page.goto('/');
  for (const code of languages) {
    const link = page.locator(`a[hreflang="${code}"]`);
    await expect(link).toHaveAttribute('lang', code);
    await expect(link).toContainText(getLanguage(code).endonym);
  }
  const { violations } = await new AxeBuilder({ page }).analyze();
  expect(violations.map((v) => v.id)).toEqual([]);
});

test('a language page lists its campaigns and links to them', async ({ page }) => {
  const p = landingPages.find((x) => x.dir === 'rtl')!;
  await page.goto(`/${p.lang}/`);
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await page.getByRole('link', { name: p.headline }).click();
  await expect(page).toHaveURL(new RegExp(`${p.path}$`));
});

test('a Wolof page shows the untranslated core message in French, marked lang="fr"', async ({ page }) => {
  const wo = landingPages.find((x) => x.lang === 'wo');
  test.skip(!wo, 'no Wolof example page');
  await page.goto(wo!.path);
  const fallback = page.locator('main div[lang="fr"]').first();
  await expect(fallback).toBeVisible();
  await expect(page.locator('.fallback-note').first()).toBeVisible();
});

test('unknown addresses get the 404 page in the chooser languages', async ({ page }) => {
  const response = await page.goto('/no-such-page/');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page not found');
  await expect(page.locator('main section[lang]')).toHaveCount(languages.length - 1);
  const { violations } = await new AxeBuilder({ page }).analyze();
  expect(violations.map((v) => v.id)).toEqual([]);
});
