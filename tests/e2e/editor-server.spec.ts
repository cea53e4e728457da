import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { spawnFullServer } from '../fixtures/spawn-server.ts';

// Issue 16's "Done when", on `npm start` (the server build and the Node server, not `astro dev`): an
// author creates a campaign for Tunisian young people with an Arabic and a French page, a reviewer
// marks the Arabic page reviewed, a publisher publishes, the pages are live on the same server without
// a restart, and the history lists the three accounts and restores the first version. Its own server,
// campaigns folder, store and publish folder: a publish here does not change the site other specs read.
const ORG = 'tunisia-youth-info';
const ID = 'tunisia-youth-2027';
const PASSWORD = 'a long enough password';
const ACCOUNTS = { author: 'amal@example.org', reviewer: 'rim@example.org', publisher: 'sami@example.org' };

test.describe.configure({ mode: 'serial', timeout: 180_000 });

let base = '';
let stop: (() => Promise<void>) | undefined;
let work = '';

test.beforeAll(async () => {
  // Three accounts (each a password hash) and a server start, on a machine other tests share.
  test.setTimeout(120_000);
  mkdirSync('test-results', { recursive: true });
  work = mkdtempSync(join('test-results', 'editor-server-'));
  cpSync('campaigns', join(work, 'campaigns'), { recursive: true });
  const env = {
    ...process.env,
    DATABASE_URL: `sqlite:${join(work, 'store.db')}`,
    COUNTERPOINT_CAMPAIGNS: join(work, 'campaigns'),
    PUBLISH_DIR: join(work, 'site'),
    SITE_URL: '',
  };
  for (const [role, email] of Object.entries(ACCOUNTS))
    execFileSync(
      process.execPath,
      ['bin/counterpoint.js', 'users', 'add', email, '--org', ORG, '--role', role],
      {
        env,
        input: `${PASSWORD}\n`,
      },
    );
  // The playwright config's second web server has built dist-server (npm run build:server).
  ({ base, stop } = await spawnFullServer('dist-server', env));
});

test.afterAll(async () => {
  await stop?.();
  rmSync(work, { recursive: true, force: true });
});

async function signIn(page: Page, email: string) {
  await page.context().clearCookies();
  await page.goto(`${base}/dashboard/login/?next=/dashboard/editor/`);
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.locator('form.login button').click();
  await expect(page).toHaveURL(`${base}/dashboard/editor/`);
}

const campaignFile = () => readFileSync(join(work, 'campaigns', ID, 'campaign.yaml'), 'utf8');

test('an author creates a campaign with an Arabic and a French page; a reviewer and a publisher take it live', async ({
  page,
}) => {
  const violations: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
  });

  // The author: a new campaign, with one required field (the evaluation design) left empty.
  await signIn(page, ACCOUNTS.author);
  const started = Date.now();
  await page.getByRole('link', { name: 'New campaign' }).click();
  await expect(page.locator('#root_id')).toBeVisible();
  const loadMs = Date.now() - started;
  await page.locator('#root_id').fill(ID);
  await page.locator('#root_title').fill('Tunisian young people 2027');
  await expect(page.locator('#root_owner_id')).toHaveValue(ORG);
  await page.locator('#root_owner_name').fill('Tunisia Youth Information Centre');
  await page.locator('#root_status').selectOption({ label: 'Draft' });
  await page.locator('#root_window_start').fill('2027-05-01');
  await page.locator('#root_window_end').fill('2027-06-30');
  await page.locator('#root_languages_default').selectOption({ label: 'Arabic' });
  const published = page.locator('#root_languages_published');
  await published.getByLabel('Arabic').check();
  await published.getByLabel('French').check();
  // Required fields say so twice: an asterisk, and aria-required for screen readers.
  await expect(page.locator('#root_title')).toHaveAttribute('aria-required', 'true');
  await expect(page.locator('label[for="root_title"]')).toContainText('*');

  await page.locator('#root_audiences').getByRole('button', { name: 'Add' }).click();
  await page.locator('#root_audiences_0_id').fill('youth-sfax');
  await page.locator('#root_audiences_0_description').fill('Young people in Sfax weighing the crossing');
  await page.locator('#root_audiences_0_segment').selectOption({ label: 'People thinking of leaving' });
  await page.locator('#root_audiences_0_countries').getByRole('button', { name: 'Add' }).click();
  await page.locator('#root_audiences_0_countries_0').fill('TN');
  await page.locator('#root_audiences_0_languages').getByLabel('Arabic').check();
  await page.locator('#root_channels').getByLabel('Facebook').check();
  await page.locator('#root_contactPoints').getByRole('button', { name: 'Add' }).click();
  await page.locator('#root_contactPoints_0_id').fill('sfax-desk');
  await page.locator('#root_contactPoints_0_country').fill('TN');
  await page.locator('#root_contactPoints_0_organisation').fill('Sfax help desk');
  await page.locator('#root_contactPoints_0_phone').fill('+216 00 000 001');
  await page.locator('#root_contactPoints_0_languages').getByLabel('Arabic').check();
  await page.locator('#root_evaluation_indicators').getByLabel('Knowledge').check();
  await page.getByRole('button', { name: 'Create the campaign' }).click();

  // Created as a draft; the missing design is named beside its field, in words.
  await expect(page).toHaveURL(`${base}/dashboard/editor/${ID}/?done=created`);
  await expect(page.locator('#root_evaluation_design__error')).toContainText('Required: fill this in.');
  await expect(page.getByRole('heading', { name: /Problems to fix before publishing/ })).toBeVisible();
  // Nothing the author did not choose is switched on.
  for (const feature of ['offerReports', 'tipline', 'offerCheck', 'budget', 'placements'])
    expect(campaignFile()).not.toContain(`${feature}:`);

  await page.locator('#root_evaluation_design').selectOption({ label: 'Reach only' });
  // Ready to go live once published: a draft campaign is never shown to readers.
  await page.locator('#root_status').selectOption({ label: 'Active' });
  await page.getByRole('button', { name: 'Save the settings' }).click();
  await expect(page).toHaveURL(/done=(draft|saved)$/);
  await expect(page.locator('#root_evaluation_design__error')).toHaveCount(0);
  expect(campaignFile()).toContain('design: reach-only');

  // The Arabic page: created from the campaign's screen, written right to left.
  await page.getByRole('button', { name: 'Create the Arabic page' }).click();
  await expect(page).toHaveURL(`${base}/dashboard/editor/${ID}/ar/?done=page-created`);
  for (const field of ['#root_headline', '#root_summary', '#root_reality', '#root_alternativesHeading']) {
    await expect(page.locator(field)).toHaveAttribute('dir', 'rtl');
    await expect(page.locator(field)).toHaveAttribute('lang', 'ar');
  }
  await page.locator('#root_headline').fill('البحر لا يرحم. حياتك أغلى من مكان في قارب.');
  await page.locator('#root_summary').fill('ما يخفيه المهربون عن عبور البحر، والطرق الأكثر أمانًا.');
  await page.locator('#root_share').fill('قبل أن تسافر، اقرأ هذا:');
  await page.locator('#root_facts').getByRole('button', { name: 'Add' }).click();
  await page.locator('#root_facts_0').fill('المهربون يكذبون بشأن القوارب والبحر.');
  await expect(page.locator('#root_facts_0')).toHaveAttribute('dir', 'rtl');
  await page.locator('#root_intro').fill('كثير من الشباب يفكرون في الرحيل.');
  await page.locator('#root_reality').fill('القوارب مكتظة وهشة، والبحر قاتل.');
  await page.locator('#root_alternatives').fill('العمل الموسمي القانوني موجود، بلا رسوم توظيف.');
  await page.getByRole('button', { name: 'Save this page' }).click();
  await expect(page).toHaveURL(/done=(draft|saved)$/);

  // Preview: the draft as saved, in Arabic, right to left.
  await page.getByRole('link', { name: 'Preview (Arabic)' }).click();
  await expect(page.locator('article[lang="ar"][dir="rtl"] h2')).toHaveText(
    'البحر لا يرحم. حياتك أغلى من مكان في قارب.',
  );

  // The French page.
  await page.goto(`${base}/dashboard/editor/${ID}/`);
  await page.getByRole('button', { name: 'Create the French page' }).click();
  await expect(page).toHaveURL(`${base}/dashboard/editor/${ID}/fr/?done=page-created`);
  await expect(page.locator('#root_headline')).toHaveAttribute('dir', 'ltr');
  await page
    .locator('#root_headline')
    .fill('La mer ne pardonne pas. Ta vie vaut plus qu’une place sur un bateau.');
  await page
    .locator('#root_summary')
    .fill('Ce que les passeurs cachent, et les chemins plus sûrs qui existent.');
  await page.locator('#root_share').fill('Avant de partir, lis ceci :');
  await page.locator('#root_facts').getByRole('button', { name: 'Add' }).click();
  await page.locator('#root_facts_0').fill('Les passeurs mentent sur les bateaux et la mer.');
  await page.locator('#root_reality').fill('Les bateaux sont surchargés et la mer tue.');
  await page
    .locator('#root_alternatives')
    .fill('Le travail saisonnier légal existe, sans frais de recrutement.');
  await page.getByRole('button', { name: 'Save this page' }).click();
  await expect(page).toHaveURL(/done=(draft|saved)$/);
  await page.goto(`${base}/dashboard/editor/${ID}/`);
  await expect(page.locator('tr[data-language="ar"]')).toContainText('written, not reviewed yet');

  // The reviewer marks the Arabic page reviewed (and may not edit the settings).
  await signIn(page, ACCOUNTS.reviewer);
  await page.goto(`${base}/dashboard/editor/${ID}/`);
  await expect(page.getByRole('button', { name: 'Save the settings' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Mark the Arabic page reviewed' }).click();
  await expect(page).toHaveURL(/done=reviewed$/);
  await expect(page.locator('tr[data-language="ar"]')).toContainText('reviewed');

  // The publisher publishes; the French page is not reviewed, and Publish says so.
  await signIn(page, ACCOUNTS.publisher);
  await page.goto(`${base}/dashboard/editor/${ID}/`);
  await expect(page.getByText('Not reviewed yet: French')).toBeVisible();
  await expect(page.getByText(/status is not Active/)).toHaveCount(0);
  expect((await page.request.get(`${base}/ar/${ID}/`)).status()).toBe(404);
  await page.getByRole('button', { name: 'Publish' }).click();
  await expect(page.getByText(/^Published: the new pages are online/)).toBeVisible({ timeout: 90_000 });
  await expect(page.getByText(/Published without review: .*French/)).toBeVisible();

  // Live on the same server, no restart, and accessible.
  for (const [lang, headline] of [
    ['ar', 'البحر لا يرحم. حياتك أغلى من مكان في قارب.'],
    ['fr', 'La mer ne pardonne pas. Ta vie vaut plus qu’une place sur un bateau.'],
  ] as const) {
    await page.goto(`${base}/${lang}/${ID}/`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(headline);
    const axe = await new AxeBuilder({ page }).analyze();
    expect(axe.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
  }

  // The history names the three accounts; restoring the first version is itself a recorded save.
  await page.goto(`${base}/dashboard/editor/${ID}/`);
  const history = page.locator('section[aria-labelledby="history-heading"] table');
  for (const email of Object.values(ACCOUNTS)) await expect(history).toContainText(email);
  const rows = history.locator('tbody tr');
  const before = await rows.count();
  await rows.last().getByRole('button').click();
  await expect(page).toHaveURL(/done=restored$/);
  await expect(rows).toHaveCount(before + 1);
  await expect(rows.first()).toContainText('restored an earlier version');
  await expect(page.locator('tr[data-language="ar"]')).toContainText('missing');
  expect(existsSync(join(work, 'campaigns', ID, 'ar.md'))).toBe(false);
  expect(campaignFile()).not.toContain('design: reach-only');

  // The editor's pages ran under their CSP (same-origin scripts, no eval) without one refusal.
  expect(violations).toEqual([]);
  test.info().annotations.push({ type: 'editor load (ms)', description: String(loadMs) });
});

test('the editor pages are axe-clean and right to left in Arabic', async ({ page }) => {
  await signIn(page, ACCOUNTS.author);
  await page.getByRole('button', { name: 'العربية' }).click();
  await page.goto(`${base}/dashboard/editor/${ID}/`);
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(page.getByRole('heading', { name: 'اللغات والصفحات' })).toBeVisible();
  // The seven rules, in Arabic: the table of the draft's verdicts, or why it waits.
  await expect(page.getByRole('heading', { name: 'القواعد السبع' })).toBeVisible();
  const axe = await new AxeBuilder({ page }).analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`)).toEqual([]);
});
