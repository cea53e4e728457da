import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, test } from '@playwright/test';
import { SERVER_URL } from '../../playwright.config.ts';
import { PRINT_VIEWPORT_WIDTH } from '../../src/views/pdf.ts';

// The evaluator's campaign page on the Senegal sample (scripts/demo-data.sh), signed in as the e2e
// evaluator: what the first screen decides, and whether any chart label is cut off.
const CAMPAIGN = '/dashboard/safe-journeys-senegal-2027/';
test.use({ baseURL: SERVER_URL });

async function signIn(page: Page, lang: 'en' | 'ar', width: number, height = 800) {
  await page.setViewportSize({ width, height });
  // The language the switcher would set (the account has none of its own).
  await page
    .context()
    .addCookies([{ name: 'cp_lang', value: lang, domain: '127.0.0.1', path: '/dashboard' }]);
  await page.goto(`/dashboard/login/?next=${encodeURIComponent(CAMPAIGN)}`);
  await page.locator('#email').fill('e2e@example.org');
  await page.locator('#password').fill('e2e evaluator password');
  await page.locator('#password').press('Enter');
  await page.waitForURL(`**${CAMPAIGN}`);
  await expect(page.locator('html')).toHaveAttribute('data-charts', 'drawn');
}

test('the first screen (1,280 × 800) decides: the primary result and its tests in words, reach as an estimate with its range, cost per person reached', async ({
  page,
}) => {
  await signIn(page, 'en', 1280);
  const primary = page.locator('.figure.primary');
  await expect(primary.locator('h3')).toHaveText('Primary outcome: intention');
  await expect(primary.locator('.value')).toHaveText(/^-?\d+\.\d pp$/);
  await expect(primary).toContainText(/95 % interval -?\d+\.\d pp to -?\d+\.\d pp/);
  await expect(page.getByTestId('p-words')).toContainText(
    /No test shows an effect at the 5 % level: clustered \(CR2\) p = 0\.\d+ · wild bootstrap p = 0\.\d+ · randomisation p = 0\.\d+/,
  );
  await expect(primary).toContainText('Not reliable');
  const reach = page.getByTestId('reach-estimate');
  await expect(reach.locator('.value')).toHaveText(/^about \d{1,3}(,\d{3})*$/);
  await expect(reach).toContainText(
    /certainly between \d{1,3}(,\d{3})* \(the largest channel\) and \d{1,3}(,\d{3})* \(all channels added up\)/,
  );
  // …and as the survey measures it: exposure recall in the reached communities × their audience's size.
  await expect(page.getByTestId('reach-survey')).toContainText(
    /The survey: \d+\.\d% of respondents in the reached communities recall the campaign, about \d{1,3}(,\d{3})* of 600,000 people \(95 % interval \d{1,3}(,\d{3})* to \d{1,3}(,\d{3})*\)/,
  );
  const cost = page.getByTestId('cost-per-person');
  await expect(cost.locator('.value')).toHaveText(/^EUR\s\d+\.\d\d$/);
  await expect(cost).toContainText(
    /Whole budget EUR\s85,000\.00 over the people reached; between EUR\s\d+\.\d\d and EUR\s\d+\.\d\d/,
  );
  // All of it above the fold, the scorecard line too.
  for (const figure of await page.locator('.figures > li').all()) {
    const box = (await figure.boundingBox())!;
    expect(box.y + box.height, (await figure.locator('h3').textContent()) ?? '').toBeLessThanOrEqual(800);
  }
  // The detail is folded, one click away.
  const reachFold = page.locator('details.fold', { has: page.locator('#reach-heading') });
  await expect(reachFold).not.toHaveAttribute('open');
  await page.locator('#reach-heading').click();
  await expect(reachFold).toHaveAttribute('open');
});

test('the Arabic first screen is in Arabic, right to left, with the same figures', async ({ page }) => {
  await signIn(page, 'ar', 1280);
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(page.getByTestId('reach-estimate').locator('h3')).toHaveText('الأشخاص الذين تم الوصول إليهم');
  await expect(page.getByTestId('p-words')).toContainText('لا يُظهر أي اختبار أثرًا عند مستوى 5 %');
  const box = (await page.getByTestId('cost-per-person').boundingBox())!;
  expect(box.y + box.height).toBeLessThanOrEqual(800);
});

/**
 * Every label chart.js drew, measured against its chart. Canvas text is not in the DOM, so the boxes
 * come from the Chart instances (src/views/charts.client.ts exposes them): each scale's label items
 * (`getLabelItems()`: the text, font, position, alignment and baseline chart.js draws with) measured
 * with the canvas's own `measureText`, each legend item's hit box, each axis title. Rotation is off in
 * the wrapper, so a box is its text's width by its lines' height. What is outside [0, width] ×
 * [0, height] of the canvas is cut off.
 */
async function clippedLabels(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    type Item = {
      label: string | string[];
      font: { string: string; lineHeight: number; size: number };
      textOffset: number;
      options: { translation: [number, number]; textAlign: string; textBaseline: string; rotation: number };
    };
    type Scale = {
      id: string;
      getLabelItems(): Item[];
      options: { title: { display: boolean; text: string } };
      isHorizontal(): boolean;
      width: number;
      height: number;
    };
    type Chart = {
      canvas: HTMLCanvasElement;
      ctx: CanvasRenderingContext2D;
      width: number;
      height: number;
      scales: Record<string, Scale>;
      legend: { legendHitBoxes: { left: number; top: number; width: number; height: number }[] };
    };
    const charts = (window as unknown as { counterpointCharts: Chart[] }).counterpointCharts;
    const problems: string[] = [];
    if (!charts.length) problems.push('no chart drawn');
    for (const chart of charts) {
      const name = chart.canvas.dataset['chart'];
      const out = (what: string, l: number, t: number, r: number, b: number) => {
        if (l < -0.5 || t < -0.5 || r > chart.width + 0.5 || b > chart.height + 0.5)
          problems.push(
            `${name}: ${what} at [${l.toFixed(1)}, ${t.toFixed(1)}, ${r.toFixed(1)}, ${b.toFixed(1)}] outside ${chart.width} × ${chart.height}`,
          );
      };
      let labels = 0;
      for (const scale of Object.values(chart.scales)) {
        for (const item of scale.getLabelItems()) {
          labels++;
          const o = item.options;
          if (o.rotation !== 0) problems.push(`${name}: ${String(item.label)} rotated`);
          const lines = (Array.isArray(item.label) ? item.label : [item.label]).map(String);
          chart.ctx.save();
          chart.ctx.font = item.font.string;
          const w = Math.max(...lines.map((l) => chart.ctx.measureText(l).width));
          chart.ctx.restore();
          const [x, y] = o.translation;
          const left = o.textAlign === 'left' ? x : o.textAlign === 'right' ? x - w : x - w / 2;
          const first = y + item.textOffset;
          const top =
            o.textBaseline === 'middle'
              ? first - item.font.size / 2
              : o.textBaseline === 'bottom'
                ? first - item.font.size
                : first;
          const bottom = top + (lines.length - 1) * item.font.lineHeight + item.font.size;
          out(`label "${lines.join(' ')}"`, left, top, left + w, bottom);
        }
        const title = scale.options.title;
        if (title.display && title.text) {
          chart.ctx.save();
          chart.ctx.font = '12px system-ui, sans-serif';
          const w = chart.ctx.measureText(title.text).width;
          chart.ctx.restore();
          if (w > (scale.isHorizontal() ? chart.width : chart.height))
            problems.push(`${name}: axis title "${title.text}" longer than its axis`);
        }
      }
      if (!labels) problems.push(`${name}: no labels drawn`);
      for (const box of chart.legend.legendHitBoxes)
        out('legend item', box.left, box.top, box.left + box.width, box.top + box.height);
    }
    return problems;
  });
}

for (const lang of ['en', 'ar'] as const)
  for (const width of [360, 1280])
    test(`no chart label is cut off at ${width} px in ${lang}`, async ({ page }) => {
      await signIn(page, lang, width);
      // Every chart is drawn (none left hidden), and its table is beside it.
      await expect(page.locator('.chart-drawing[hidden]')).toHaveCount(0);
      await expect(page.locator('canvas[data-chart]')).toHaveCount(4);
      expect(await clippedLabels(page)).toEqual([]);
      // Nothing on the page is wider than the screen but the tables' own scrolling boxes.
      const wider = await page.evaluate(() =>
        [...document.querySelectorAll('body *')]
          .filter((e) => {
            const box = e.getBoundingClientRect();
            return !e.closest('.table-scroll') && (box.right > window.innerWidth + 0.5 || box.left < -0.5);
          })
          .map((e) => `${e.tagName.toLowerCase()}.${e.className} ${(e.textContent ?? '').slice(0, 40)}`),
      );
      expect(wider).toEqual([]);
      expect(
        await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
      ).toBeLessThanOrEqual(0);
    });

for (const lang of ['en', 'ar'] as const)
  test(`no chart label is cut off on A4 in ${lang}: the HTML report at the PDF printer's width, drawn as it prints`, async ({
    page,
  }) => {
    await signIn(page, lang, PRINT_VIEWPORT_WIDTH, 1100);
    await page.goto(`${CAMPAIGN}report.html`);
    await expect(page.locator('html')).toHaveAttribute('data-charts', 'drawn');
    await expect(page.locator('canvas[data-chart]')).toHaveCount(4);
    expect(await clippedLabels(page)).toEqual([]);
    // On paper the charts keep the width they were drawn at: nothing is squeezed or cut when it prints.
    const widths = () =>
      page.evaluate(() =>
        [...document.querySelectorAll('.chart-canvas')].map((c) => Math.round(c.clientWidth)),
      );
    const screen = await widths();
    // Paper: A4 between its margins is the printer's window less the document's padding, which print drops.
    await page.setViewportSize({ width: PRINT_VIEWPORT_WIDTH - 32, height: 1100 });
    await page.emulateMedia({ media: 'print' });
    expect(await widths()).toEqual(screen);
    expect(await clippedLabels(page)).toEqual([]);
  });

test('the campaign page has no accessibility violations, in English and Arabic, folds open and closed', async ({
  page,
}) => {
  // axe over a long page, twice in two languages, on a machine shared with other runs.
  test.setTimeout(180_000);
  for (const lang of ['en', 'ar'] as const) {
    await signIn(page, lang, 1280);
    expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
    await page.evaluate(() => {
      for (const d of document.querySelectorAll('details')) d.open = true;
    });
    expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
    await page.context().clearCookies();
  }
});
