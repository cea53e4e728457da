// The campaign editor, driven as an author would: start `astro dev` on a campaigns folder of its own
// (a temporary copy holding only the joint messages), create a campaign from nothing with two
// audiences, a contact point and two languages, save, then check that the files validate clean with
// the core loader and that a build of that folder has the page.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCampaigns } from '../../src/core/workspace/index.ts';

const PORT = Number(process.env['E2E_PORT'] ?? 4329) + 2;
const URL = `http://127.0.0.1:${PORT}`;
const ID = 'safe-roads-editor-2027';

let dir: string;
let dev: ChildProcess | undefined;

test.describe.configure({ mode: 'serial', timeout: 240_000 });

test.beforeAll(async () => {
  // astro dev optimises Keystatic's dependencies on its first start: well over the 30 s a hook gets by default.
  test.setTimeout(180_000);
  dir = mkdtempSync(join(tmpdir(), 'cp-editor-'));
  cpSync('campaigns/_messages', join(dir, 'campaigns', '_messages'), { recursive: true });
  dev = spawn(
    process.execPath,
    ['node_modules/astro/bin/astro.mjs', 'dev', '--port', String(PORT), '--host', '127.0.0.1'],
    {
      env: { ...process.env, COUNTERPOINT_CAMPAIGNS: join(dir, 'campaigns'), ASTRO_TELEMETRY_DISABLED: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    },
  );
  // Ready once the editor answers (the first load also optimises Keystatic's dependencies).
  for (let i = 0; i < 120; i++) {
    const ok = await fetch(`${URL}/keystatic/`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error(`astro dev did not start on ${URL}`);
});

test.afterAll(() => {
  if (dev?.pid) process.kill(-dev.pid);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/**
 * Picks an option of a Keystatic select (a button that opens a list box). The campaign's own fields
 * come before those of its groups (its status before its review's), so the first of a name is meant.
 */
async function choose(scope: Page | Locator, label: string, option: string) {
  await scope
    .getByRole('button', { name: new RegExp(`${label}$`) })
    .first()
    .click();
  const page = 'page' in scope ? scope.page() : scope;
  await page.getByRole('option', { name: option, exact: true }).click();
}

/** Adds an item to a list field and fills it in the dialog that opens. */
async function addItem(page: Page, list: string, fill: (dialog: Locator) => Promise<void>) {
  await page
    .getByRole('group', { name: new RegExp(`^${list}`) })
    .getByRole('button', { name: 'Add', exact: true })
    .first()
    .click();
  const dialog = page.getByRole('dialog').last();
  await fill(dialog);
  await dialog.getByRole('button', { name: 'Add', exact: true }).last().click();
  await expect(dialog).toBeHidden();
}

async function writePage(
  page: Page,
  lang: string,
  texts: {
    headline: string;
    summary: string;
    share: string;
    fact: string;
    reality: string;
    alternatives: string;
  },
) {
  await page.goto(`${URL}/keystatic/collection/page-${lang}/create`);
  await page.getByRole('textbox', { name: 'Campaign ID' }).fill(ID);
  await page.getByRole('textbox', { name: 'Headline' }).fill(texts.headline);
  await page.getByRole('textbox', { name: 'Summary' }).fill(texts.summary);
  await page.getByRole('textbox', { name: 'Share' }).fill(texts.share);
  await page.getByRole('textbox', { name: 'Facts' }).fill(texts.fact);
  await page.getByRole('textbox', { name: 'The reality of the journey: text' }).fill(texts.reality);
  await page.getByRole('textbox', { name: 'Safer alternatives: text' }).fill(texts.alternatives);
  await page.getByRole('button', { name: 'Create' }).click();
  await expect(page).toHaveURL(new RegExp(`/page-${lang}/item/${ID}`));
}

test('an author creates a campaign in the editor, and it validates and builds', async ({ page }) => {
  // Nothing the editor loads comes from another host: Keystatic links a Google web font, and the
  // editor's Content-Security-Policy refuses it before it leaves the browser.
  const elsewhere: string[] = [];
  page.on(
    'request',
    (r) => void (/^https?:/.test(r.url()) && !r.url().startsWith(URL) && elsewhere.push(r.url())),
  );
  const refused = new Set<string>();
  page.on(
    'console',
    (m) =>
      void /Loading the \w+ '([^']+)' violates the following Content Security Policy/
        .exec(m.text())
        ?.slice(1)
        .forEach((u) => refused.add(u)),
  );
  await page.goto(`${URL}/keystatic/collection/campaigns/create`);
  await page.getByRole('textbox', { name: 'ID', exact: true }).first().fill(ID);
  await page.getByRole('textbox', { name: 'Title', exact: true }).fill('Safe Roads (editor test)');
  await page.getByRole('checkbox', { name: /^Example/ }).check();
  const owner = page.getByRole('group', { name: 'Owner' });
  await owner.getByRole('textbox', { name: 'ID' }).fill('example-ngo-dakar');
  await owner.getByRole('textbox', { name: 'Name' }).fill('Example NGO Dakar (fictional)');
  await choose(page, 'Status', 'active');
  const window = page.getByRole('group', { name: 'Window' });
  await window.getByRole('textbox', { name: 'Start' }).fill('2027-03-01');
  await window.getByRole('textbox', { name: 'End' }).fill('2027-03-31');
  const languages = page.getByRole('group', { name: 'Languages' });
  await choose(languages, 'Default', 'French (fr)');
  await languages.getByRole('checkbox', { name: 'French (fr)' }).check();
  await languages.getByRole('checkbox', { name: 'English (en)' }).check();

  for (const [id, segment] of [
    ['youth-dakar', 'potential-migrants'],
    ['families-thies', 'families'],
  ] as const) {
    await addItem(page, 'Audiences', async (d) => {
      await d.getByRole('textbox', { name: 'ID', exact: true }).fill(id);
      await d.getByRole('textbox', { name: 'Description' }).fill(`People of ${id} (editor test)`);
      await choose(d, 'Segment', segment);
      await d.getByRole('textbox', { name: 'Countries' }).fill('SN');
      await d
        .getByRole('group', { name: /^Languages/ })
        .getByRole('checkbox', { name: 'French (fr)' })
        .check();
    });
  }
  // Each audience is listed by its id, not as "(new)".
  for (const id of ['youth-dakar', 'families-thies'])
    await expect(page.getByText(id, { exact: true })).toBeVisible();
  await page
    .getByRole('group', { name: /^Channels/ })
    .getByRole('checkbox', { name: 'radio' })
    .check();
  await addItem(page, 'Contact points', async (d) => {
    await d.getByRole('textbox', { name: 'ID', exact: true }).fill('sn-help');
    await d.getByRole('textbox', { name: 'Country' }).fill('SN');
    await d.getByRole('textbox', { name: 'Organisation', exact: true }).fill('Dakar help desk (fictional)');
    await d.getByRole('textbox', { name: 'Phone' }).fill('+221 33 000 00 00');
    await d
      .getByRole('group', { name: /^Languages/ })
      .getByRole('checkbox', { name: 'French (fr)' })
      .check();
  });
  await choose(page.getByRole('group', { name: 'Evaluation' }), 'Design', 'reach-only');
  await page.getByRole('button', { name: 'Create' }).click();
  await expect(page).toHaveURL(new RegExp(`/campaigns/item/${ID}`));

  const common = {
    share: 'Read this first:',
    fact: 'Legal pathways exist.',
    alternatives: 'Seasonal work with a contract and a visa.',
  };
  await writePage(page, 'fr', {
    ...common,
    headline: 'La route tue',
    summary: 'Ce que les passeurs ne disent pas.',
    reality: 'Les pirogues sont surchargées.',
  });
  await writePage(page, 'en', {
    ...common,
    headline: 'The road kills',
    summary: 'What smugglers do not tell you.',
    reality: 'The boats are overloaded.',
  });

  // The files are the ones an author would write by hand.
  const root = join(dir, 'campaigns');
  const yaml = readFileSync(join(root, ID, 'campaign.yaml'), 'utf8');
  expect(yaml).toContain(`id: ${ID}\n`);
  expect(yaml).toContain('published: [fr, en]');
  expect(yaml).not.toContain('{}');
  expect(readFileSync(join(root, ID, 'en.md'), 'utf8')).toMatch(
    /^---\nheadline: The road kills\n[\s\S]*\n---\n## \{#reality\}\n\nThe boats are overloaded\.\n\n## \{#alternatives\}\n/,
  );

  // They validate clean with the core loader.
  const loaded = loadCampaigns(root);
  expect(loaded.problems.filter((p) => p.severity === 'error')).toEqual([]);
  const campaign = loaded.campaigns.find((c) => c.campaign.id === ID)?.campaign;
  expect(campaign?.audiences.map((a) => a.id)).toEqual(['youth-dakar', 'families-thies']);
  expect(campaign?.contactPoints[0]?.organisation).toBe('Dakar help desk (fictional)');

  // The editor's preview shows the check and the scorecard.
  expect(elsewhere.length).toBeGreaterThan(0);
  expect([...new Set(elsewhere)]).toEqual([...refused]);
  await page.goto(`${URL}/editor/${ID}/`);
  // No errors; what is left to do are warnings: a native speaker's review, and tracking the translation.
  await expect(page.getByRole('heading', { name: /error\(s\)/ })).toHaveCount(0);
  await expect(page.getByText(/no review recorded, but the fr page is published/)).toBeVisible();
  await expect(
    page.getByText(/translation not tracked: the front matter has no translatedFrom/),
  ).toBeVisible();
  await expect(page.getByRole('region', { name: 'Seven-rule scorecard' })).toContainText(
    'Contact point in the country of the campaign',
  );
  const axe = await new AxeBuilder({ page }).exclude('iframe').analyze();
  expect(axe.violations).toEqual([]);

  // The English text matches the French: marked up to date from the preview, as `counterpoint
  // translations --mark en` would.
  const translations = page.getByRole('region', { name: 'Translations' });
  const english = translations.getByRole('row', { name: /^English/ });
  await expect(english).toContainText('not tracked');
  await translations.getByRole('button', { name: 'Mark English up to date with French' }).click();
  await expect(english).toContainText('up to date');
  await expect(page.getByText(/translation not tracked/)).toHaveCount(0);
  expect(readFileSync(join(root, ID, 'en.md'), 'utf8')).toMatch(/\ntranslatedFrom:\n {2}language: fr\n/);

  // The French source changes (a risk fact that got worse): English is flagged, in the preview and on
  // its page. (The preview also reloads by itself on a save; read over HTTP so as not to race it.)
  const fr = join(root, ID, 'fr.md');
  writeFileSync(
    fr,
    readFileSync(fr, 'utf8').replace(
      'Les pirogues sont surchargées.',
      'Les pirogues sont surchargées et chavirent.',
    ),
  );
  const preview = await (await fetch(`${URL}/editor/${ID}/`)).text();
  expect(preview).toMatch(/English<\/th>\s*<td[^>]*>may be out of date: section reality changed/);
  expect(preview).toMatch(/en\.md:\d+:\d+ warning: section reality changed in fr\.md since this translation/);
  const landing = await (await fetch(`${URL}/en/${ID}/`)).text();
  expect(landing).toContain(
    'This translation may be out of date: the original text has changed since it was translated.',
  );

  // And a build of that folder has the page in both languages.
  const out = join(dir, 'dist');
  const build = spawnSync(process.execPath, ['scripts/build.ts'], {
    env: {
      ...process.env,
      COUNTERPOINT_CAMPAIGNS: root,
      COUNTERPOINT_OUT: out,
      ASTRO_TELEMETRY_DISABLED: '1',
    },
    encoding: 'utf8',
  });
  expect(build.status, build.stderr).toBe(0);
  for (const lang of ['fr', 'en']) expect(existsSync(join(out, lang, ID, 'index.html'))).toBe(true);
  expect(readFileSync(join(out, 'en', ID, 'index.html'), 'utf8')).toContain('The road kills');
});
