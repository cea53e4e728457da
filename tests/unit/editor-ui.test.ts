import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createSchemaUtils } from '@rjsf/utils';
import validator from '@rjsf/validator-ajv8';
import i18next from 'i18next';
import { parse } from 'yaml';
import { runI18nCheck } from '../../src/cli/i18n-check.ts';
import { addUser } from '../../src/core/auth/index.ts';
import { openStore } from '../../src/core/metrics/index.ts';
import { checkSite } from '../../src/core/workspace/index.ts';
import {
  campaignYaml,
  extraErrors,
  markedUpToDate,
  NO_DEFAULTS,
  pageText,
} from '../../src/editor-ui/client/form-data.ts';
import { campaignScreen, pageScreen } from '../../src/editor-ui/data.ts';
import { uiFor } from '../../src/dashboard/ui.ts';
import { refusal } from '../../src/editor-ui/client/refusal.ts';
import { problemText, viewOf } from '../../src/editor-ui/problem-text.ts';
import { editorFormSchemas } from '../../src/editor-ui/schemas.ts';
import { siteUrlFromEnv } from '../../src/lib/load-site.ts';
import { spawnFullServer } from '../fixtures/spawn-server.ts';

const PASSWORD = 'a long enough password';
const ID = 'central-med-tunisia-morocco-2027';
const OWNER = 'example-mediterranean-youth-network';
/** An author of the examples' organisation, as the session gives it to the editor's screens. */
const AUTHOR = {
  id: 1,
  email: 'a@example.org',
  organisations: [OWNER],
  role: 'author',
  memberships: [{ organisation: OWNER, role: 'author' }],
  admin: false,
  language: null,
} as const;

const locale = (code: string) =>
  JSON.parse(readFileSync(`locales/${code}.json`, 'utf8')) as Record<string, string>;
async function translator(code: string) {
  const i18n = i18next.createInstance();
  await i18n.init({
    lng: code,
    resources: { [code]: { translation: locale(code) } },
    keySeparator: false,
    nsSeparator: false,
    interpolation: { escapeValue: false },
    showSupportNotice: false,
  } as Parameters<typeof i18n.init>[0]);
  return i18n.getFixedT(code) as unknown as (key: string, o?: Record<string, unknown>) => string;
}

describe('editor forms: what a save writes', () => {
  const { campaign } = editorFormSchemas();
  const start = { owner: { id: OWNER } };

  test('a new campaign form fills in nothing the author did not choose (rjsf’s own defaults would switch features on)', () => {
    const legacy = createSchemaUtils(validator, campaign as never).getDefaultFormState(
      campaign as never,
      start,
    );
    const drawn = createSchemaUtils(validator, campaign as never, NO_DEFAULTS).getDefaultFormState(
      campaign as never,
      start,
    );
    // What issue 16 saw: a form with the library's defaults writes a report form nobody chose.
    assert.deepEqual(parse(campaignYaml(legacy)).offerReports, { retentionDays: 90 });
    assert.deepEqual(parse(campaignYaml(drawn)), { owner: { id: OWNER } });
  });

  test('emptied fields and untouched groups are not written; what was typed is', () => {
    const data = {
      id: 'x',
      title: '',
      owner: { id: OWNER, name: 'N' },
      offerReports: {},
      tipline: { telegram: {} },
      evaluation: { design: 'reach-only', indicators: [] },
      example: false,
    };
    assert.deepEqual(parse(campaignYaml(data)), {
      id: 'x',
      owner: { id: OWNER, name: 'N' },
      evaluation: { design: 'reach-only' },
      example: false,
    });
  });

  test('a page keeps its bookkeeping (fingerprints, review) and takes its texts from the form', () => {
    const text = pageText(
      {
        headline: 'old',
        review: { status: 'reviewed' },
        translatedFrom: { language: 'ar', units: { headline: '0123abcd' } },
      },
      {
        headline: 'جديد',
        summary: '',
        facts: ['a', ''],
        intro: 'i',
        reality: 'r',
        helpHeading: 'H',
        help: 'h',
        alternativesHeading: 'unused',
      },
    );
    const fm = parse(text.split('---')[1]!);
    assert.deepEqual(fm, {
      headline: 'جديد',
      review: { status: 'reviewed' },
      translatedFrom: { language: 'ar', units: { headline: '0123abcd' } },
      facts: ['a'],
    });
    // Sections in page order, a heading only where the author wrote one, none without its text.
    assert.ok(text.endsWith('---\n\ni\n\n## {#reality}\n\nr\n\n## H {#help}\n\nh\n'), text);
  });

  test('the form schema is the campaign schema without developer notes: no examples, no descriptions, no file paths', () => {
    const text = JSON.stringify(editorFormSchemas());
    assert.doesNotMatch(text, /"examples"|"description":"[^"]*\.(yaml|md|json)/);
    assert.doesNotMatch(text, /"\$schema"/);
  });
});

test('an empty SITE_URL counts as unset (a publish’s build refused it: Astro takes no empty site)', () => {
  const was = process.env['SITE_URL'];
  try {
    process.env['SITE_URL'] = '';
    assert.equal(siteUrlFromEnv(), 'http://localhost:4321');
    process.env['SITE_URL'] = 'https://example.org';
    assert.equal(siteUrlFromEnv(), 'https://example.org');
  } finally {
    if (was === undefined) delete process.env['SITE_URL'];
    else process.env['SITE_URL'] = was;
  }
});

describe("editor: the seven rules on a campaign's screen, in the author's language", () => {
  mkdirSync('test-results', { recursive: true });
  const work = mkdtempSync(join('test-results', 'editor-rules-'));
  after(() => rmSync(work, { recursive: true, force: true }));
  const words = async (code: string) => {
    const t = await translator(code);
    return uiFor(code, () => t as never);
  };

  test('a draft that loads is scored against the seven rules, every word in French or Arabic', async () => {
    const root = join(work, 'ok');
    cpSync('campaigns', root, { recursive: true });
    for (const code of ['fr', 'ar']) {
      const screen = (await campaignScreen(
        root,
        join(work, 'published'),
        ID,
        AUTHOR as never,
        await words(code),
      ))!;
      const strings = locale(code);
      assert.deepEqual(
        screen.scorecard?.map((r) => [r.rule, r.name, r.verdictText]),
        screen.scorecard?.map((r) => [
          r.rule,
          strings[`dashboard.rule.${r.rule}`],
          strings[`dashboard.verdict.${r.verdict}`],
        ]),
      );
      assert.equal(screen.scorecard?.length, 7);
    }
    const fr = (await campaignScreen(root, join(work, 'published'), ID, AUTHOR as never, await words('fr')))!;
    // The example has two contact points, in Tunisia and Morocco, and no power analysis yet.
    assert.equal(fr.scorecard?.[6]?.why, '2 points de contact couvrant TN, MA.');
    assert.equal(fr.scorecard?.[3]?.verdict, 'warn');
    assert.match(fr.scorecard?.[3]?.why ?? '', /^Le plan ne dit pas si le dispositif peut détecter un effet/);
  });

  test('a draft with errors says the rules wait for its problems to be fixed', async () => {
    const root = join(work, 'broken');
    cpSync('campaigns', root, { recursive: true });
    const file = join(root, ID, 'campaign.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/\n {2}design: pre-post/, ''));
    const screen = (await campaignScreen(
      root,
      join(work, 'published'),
      ID,
      AUTHOR as never,
      await words('fr'),
    ))!;
    assert.ok(screen.problems.some((p) => p.severity === 'error'));
    assert.equal(screen.scorecard, undefined);
    assert.ok(locale('fr')['editor.rules.unavailable']);
  });
});

describe('editor: problems in the author’s language, beside their field', () => {
  mkdirSync('test-results', { recursive: true });
  const work = mkdtempSync(join('test-results', 'editor-problems-'));
  after(() => rmSync(work, { recursive: true, force: true }));

  test('a missing required field is named, in French and Arabic, at its field path', async () => {
    cpSync('campaigns', join(work, 'campaigns'), { recursive: true });
    const file = join(work, 'campaigns', ID, 'campaign.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/\n {2}design: pre-post/, ''));
    const problems = checkSite(join(work, 'campaigns'), 'locales', ID).problems.map(viewOf);
    const design = problems.find((p) => p.field === 'evaluation.design');
    assert.ok(design, JSON.stringify(problems));
    assert.deepEqual(
      { form: design.form, say: design.say },
      { form: 'campaign', say: { key: 'editor.problem.required' } },
    );
    assert.equal(
      problemText(await translator('en'), design),
      'Evaluation › Evaluation design: Required: fill this in.',
    );
    assert.equal(
      problemText(await translator('fr'), design),
      'Évaluation › Méthode d’évaluation: Obligatoire : remplissez ce champ.',
    );
    assert.equal(
      problemText(await translator('ar'), design),
      'التقييم › منهج التقييم: إلزامي: املأ هذا الحقل.',
    );
    assert.deepEqual(
      extraErrors([design], () => 'said'),
      { evaluation: { design: { __errors: ['said'] } } },
    );
  });

  test('a save the server refuses says why in the author’s words, beside the field the answer names', async () => {
    const fr = await translator('fr');
    // The answers src/server/editor-api.ts gives: an AuthoringError (code, field) and a 403 naming the field.
    assert.deepEqual(
      refusal(fr, { status: 400, body: { error: { code: 'E_SAVE_ID', message: '…', field: 'id' } } }),
      { field: 'id', text: locale('fr')['editor.save.badId'] },
    );
    assert.deepEqual(
      refusal(fr, {
        status: 403,
        body: { error: { code: 'forbidden', message: 'owner.id: you may not create campaigns of "x"' } },
      }),
      { field: 'owner.id', text: 'Votre rôle ne le permet pas pour cette organisation.' },
    );
    assert.deepEqual(refusal(fr, { status: 502, body: {} }), {
      field: '',
      text: 'Non enregistré (erreur 502). Réessayez.',
    });
    assert.deepEqual(
      extraErrors(
        [{ severity: 'error', form: 'campaign', field: 'owner.id', code: 'E_SAVE', message: '' }],
        () => 'x',
      ),
      { owner: { id: { __errors: ['x'] } } },
    );
  });

  test('the translator’s view marks a translation up to date: its changed parts are no longer marked', () => {
    const root = join(work, 'campaigns');
    cpSync('campaigns', root, { recursive: true, force: true });
    // The Arabic original changes after the French translation was marked.
    const ar = join(root, ID, 'ar.md');
    writeFileSync(ar, readFileSync(ar, 'utf8').replace(/^headline: .*$/m, 'headline: "عنوان جديد"'));
    const before = pageScreen(root, ID, 'fr', AUTHOR as never)!;
    assert.deepEqual(
      before.units.filter((u) => u.stale).map((u) => u.id),
      ['headline'],
    );
    const texts = Object.fromEntries(before.units.map((u) => [u.id, u.text]));
    const marked = markedUpToDate(before.frontmatter, before.source!, (id) => !!texts[id], '2026-12-06');
    writeFileSync(join(root, ID, 'fr.md'), pageText(marked, { ...before.page }));
    const after = pageScreen(root, ID, 'fr', AUTHOR as never)!;
    assert.deepEqual(
      after.units.filter((u) => u.stale),
      [],
    );
    assert.equal(after.problems.filter((p) => p.code === 'E_TRANSLATION_STALE').length, 0);
  });

  test('every problem key validate can give exists in en, fr and ar', () => {
    const source = readFileSync('src/core/campaign/issues.ts', 'utf8');
    const keys = [...source.matchAll(/'(editor\.problem\.[a-zA-Z.]+)'/g)].map((m) => m[1]!);
    for (const expected of ['string', 'number', 'int', 'boolean', 'array', 'object'])
      keys.push(`editor.problem.type.${expected}`);
    assert.ok(keys.length > 10);
    for (const code of ['en', 'fr', 'ar']) {
      const strings = locale(code);
      assert.deepEqual(
        keys.filter((k) => !(k in strings)),
        [],
        `${code}.json`,
      );
    }
  });

  test('the i18n check fails when an editor string is missing in a dashboard language', () => {
    const dir = join(work, 'locales');
    cpSync('locales', dir, { recursive: true });
    const log = console.log;
    console.log = () => {};
    try {
      assert.equal(runI18nCheck([dir]), 0);
      const fr = JSON.parse(readFileSync(join(dir, 'fr.json'), 'utf8')) as Record<string, string>;
      delete fr['editor.languages.create'];
      writeFileSync(join(dir, 'fr.json'), JSON.stringify(fr));
      assert.equal(runI18nCheck([dir]), 1);
    } finally {
      console.log = log;
    }
  });
});

// The real `npm start` server over a real server build, a real SQLite file and a copy of the examples.
describe('editor on the server: sessions, organisations, CSP', () => {
  let stop: (() => Promise<void>) | undefined;
  let base = '';
  mkdirSync('test-results', { recursive: true });
  const out = mkdtempSync(join('test-results', 'editor-ui-build-'));
  const work = mkdtempSync(join('test-results', 'editor-ui-'));
  const root = join(work, 'campaigns');
  before(async () => {
    cpSync('campaigns', root, { recursive: true });
    const build = spawnSync(process.execPath, ['scripts/build.ts'], {
      encoding: 'utf8',
      env: { ...process.env, COUNTERPOINT_MODE: 'server', COUNTERPOINT_OUT: out },
    });
    assert.equal(build.status, 0, build.stderr);
    const db = join(work, 'd.db');
    const store = await openStore(`sqlite:${db}`);
    await addUser(store, 'tunis@example.org', PASSWORD, [OWNER], 'author');
    await addUser(store, 'dakar@example.org', PASSWORD, ['example-migration-centre-dakar'], 'author');
    await addUser(store, 'reader@example.org', PASSWORD, [OWNER], 'evaluator');
    await store.close();
    ({ base, stop } = await spawnFullServer(out, {
      DATABASE_URL: `sqlite:${db}`,
      COUNTERPOINT_CAMPAIGNS: root,
      PUBLISH_DIR: join(work, 'site'),
      SITE_URL: '',
    }));
  });
  after(async () => {
    await stop?.();
    rmSync(out, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  });

  const login = async (email: string) => {
    const r = await fetch(`${base}/dashboard/login/`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
      body: new URLSearchParams({ email, password: PASSWORD }),
    });
    return r.headers.get('set-cookie')!.split(';')[0]!;
  };
  const get = (path: string, cookie?: string) =>
    fetch(`${base}${path}`, { redirect: 'manual', headers: cookie ? { cookie } : {} });
  const PAGES = [
    `/dashboard/editor/${ID}/`,
    `/dashboard/editor/${ID}/ar/`,
    `/dashboard/editor/${ID}/ar/translate/`,
    `/dashboard/editor/${ID}/fr/translate/`,
    `/dashboard/editor/${ID}/ar/preview/`,
  ];

  test('the dashboards lead an author to the editor; an evaluator sees no such link', async () => {
    const author = await (await get('/dashboard/', await login('tunis@example.org'))).text();
    assert.match(author, /<a href="\/dashboard\/editor\/">Edit campaigns<\/a>/);
    const evaluator = await login('reader@example.org');
    assert.doesNotMatch(await (await get('/dashboard/', evaluator)).text(), /\/dashboard\/editor\//);
  });

  test('without a session every editor page sends to sign-in', async () => {
    for (const path of ['/dashboard/editor/', '/dashboard/editor/new/', ...PAGES]) {
      const r = await get(path);
      assert.equal(r.status, 303, path);
      assert.equal(r.headers.get('location'), `/dashboard/login/?next=${encodeURIComponent(path)}`);
    }
  });

  test('another organisation’s author can neither see nor write the campaign; its own author can', async () => {
    const own = await login('tunis@example.org');
    const other = await login('dakar@example.org');
    for (const path of PAGES) {
      assert.equal((await get(path, own)).status, 200, `own: ${path}`);
      const r = await get(path, other);
      assert.equal(r.status, 404, `other: ${path}`);
      assert.doesNotMatch(await r.text(), /Central Mediterranean/);
    }
    assert.match(await (await get('/dashboard/editor/', own)).text(), new RegExp(ID));
    assert.doesNotMatch(await (await get('/dashboard/editor/', other)).text(), new RegExp(ID));
    const before = readFileSync(join(root, ID, 'ar.md'), 'utf8');
    const write = (cookie: string, text: string) =>
      fetch(`${base}/dashboard/editor/api/campaigns/${ID}`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json', 'sec-fetch-site': 'same-origin' },
        body: JSON.stringify({ files: { 'ar.md': text } }),
      });
    assert.equal((await write(other, 'overwritten')).status, 404);
    assert.equal(readFileSync(join(root, ID, 'ar.md'), 'utf8'), before);
    // Creating a campaign for an organisation where one does not edit is refused, naming the field.
    const create = await fetch(`${base}/dashboard/editor/api/campaigns/planted-2027`, {
      method: 'POST',
      headers: { cookie: other, 'content-type': 'application/json', 'sec-fetch-site': 'same-origin' },
      body: JSON.stringify({ files: { 'campaign.yaml': `id: planted-2027\nowner:\n  id: ${OWNER}\n` } }),
    });
    assert.equal(create.status, 403);
    assert.match(((await create.json()) as { error: { message: string } }).error.message, /^owner\.id: /);
    // A language the campaign does not publish has no page to edit.
    assert.equal((await get(`/dashboard/editor/${ID}/en/`, own)).status, 404);
  });

  test('editor pages run only this server’s script files: no inline script, no eval', async () => {
    const cookie = await login('tunis@example.org');
    const r = await get(`/dashboard/editor/${ID}/`, cookie);
    const csp = r.headers.get('content-security-policy') ?? '';
    const scriptSrc = /script-src ([^;]*)/.exec(csp)?.[1];
    assert.equal(scriptSrc, "'self'");
    assert.doesNotMatch(csp, /unsafe-eval/);
    const html = await r.text();
    const scripts = [...html.matchAll(/<script\b([^>]*)>/g)].map((m) => m[1]!);
    assert.ok(scripts.length >= 2);
    for (const attrs of scripts)
      assert.match(
        attrs,
        /type="application\/json"|src="\/_astro\/[^"]+\.js"/,
        `a script that would run inline: ${attrs}`,
      );
    const bundle = /src="(\/_astro\/[^"]+\.js)"/.exec(html)![1]!;
    const js = await (await get(bundle)).text();
    assert.doesNotMatch(js, /new Function\(|\beval\(/);
    // The dashboards run only their charts' script (same origin, or inline by its hash).
    const dashboard = await get('/dashboard/', cookie);
    assert.match(
      dashboard.headers.get('content-security-policy') ?? '',
      /script-src 'self' 'sha256-[A-Za-z0-9+/=]+'; /,
    );
    await dashboard.text();
  });
});
