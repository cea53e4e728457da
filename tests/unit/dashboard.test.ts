import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { scryptSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { loadCampaigns } from '../../src/core/workspace/index.ts';
import { addUser } from '../../src/core/auth/index.ts';
import { FACT_FORMATS, importFacts, importSurvey } from '../../src/core/imports/index.ts';
import { spawnFullServer } from '../fixtures/spawn-server.ts';
import { insertEvents, openStore, type Store } from '../../src/core/metrics/index.ts';
import { safeNext } from '../../src/dashboard/sign-in.ts';
import { englishRuns, stringsOf } from '../fixtures/english-runs.ts';

const campaigns = loadCampaigns('campaigns').campaigns;
const senegal = campaigns.find((c) => c.campaign.id === 'safe-journeys-senegal-2027')!;
const PASSWORD = 'a long enough password';

// The dashboards are Astro pages in the server build: the real `npm start` server over a real build
// and a real SQLite file, behind one trusted proxy (TRUST_PROXY=1).
describe('dashboards: sign-in, sessions and per-organisation access', () => {
  let store: Store;
  let stop: (() => Promise<void>) | undefined;
  let base = '';
  mkdirSync('test-results', { recursive: true });
  const out = mkdtempSync(join('test-results', 'dashboard-build-'));
  const db = join(mkdtempSync(join(tmpdir(), 'cp-dash-')), 'd.db');
  before(async () => {
    const build = spawnSync(process.execPath, ['scripts/build.ts'], {
      encoding: 'utf8',
      env: { ...process.env, COUNTERPOINT_MODE: 'server', COUNTERPOINT_OUT: out },
    });
    assert.equal(build.status, 0, build.stderr);
    store = await openStore(`sqlite:${db}`);
    await importFacts({
      store,
      campaign: senegal.campaign,
      format: FACT_FORMATS['meta-ads']!,
      file: 'tests/fixtures/samples/meta-ads-export.csv',
    });
    await importSurvey({
      store,
      campaign: senegal.campaign,
      source: 'kobo',
      file: 'tests/fixtures/samples/kobo-survey-export.csv',
      key: 'dashboard-test',
    });
    await addUser(store, 'dakar@example.org', PASSWORD, ['example-migration-centre-dakar'], 'evaluator');
    await addUser(store, 'kabul@example.org', PASSWORD, ['example-safe-routes-network'], 'evaluator');
    await addUser(store, 'admin@example.org', PASSWORD, [], 'admin');
    for (const who of ['guessed', 'spaced', 'rotated', 'real'])
      await addUser(store, `${who}@example.org`, PASSWORD, ['example-migration-centre-dakar'], 'evaluator');
    await addUser(store, 'ar@example.org', PASSWORD, ['example-migration-centre-dakar'], 'evaluator', 'ar');
    // One trusted proxy in front: the address is the right-most X-Forwarded-For entry.
    ({ base, stop } = await spawnFullServer(out, {
      DATABASE_URL: `sqlite:${db}`,
      TRUST_PROXY: '1',
      SITE_URL: '',
    }));
  });
  after(async () => {
    await stop?.();
    await store.close();
    rmSync(out, { recursive: true, force: true });
  });

  // Forms are posted as a browser would from this site's page (Sec-Fetch-Site), or main.ts refuses them.
  const form = { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' };
  const login = async (
    email: string,
    password = PASSWORD,
    from = '1.1.1.1',
    extra: Record<string, string> = {},
  ) =>
    fetch(`${base}/dashboard/login/`, {
      method: 'POST',
      redirect: 'manual',
      headers: { ...form, 'x-forwarded-for': from },
      body: new URLSearchParams({ email, password, ...extra }),
    });
  const cookieOf = (r: Response) => r.headers.get('set-cookie')!.split(';')[0]!;
  const get = (path: string, cookie?: string, headers: Record<string, string> = {}) =>
    fetch(`${base}${path}`, { redirect: 'manual', headers: { ...(cookie && { cookie }), ...headers } });

  test('without a session every dashboard route sends you to sign in, exports answer 401', async () => {
    const r = await get('/dashboard/?sort=cost');
    assert.equal(r.status, 303);
    assert.equal(r.headers.get('location'), '/dashboard/login/?next=%2Fdashboard%2F');
    assert.equal((await get('/dashboard/safe-journeys-senegal-2027/report.json')).status, 401);
  });

  test('a right password gives an HttpOnly, SameSite=Strict session cookie limited to /dashboard', async () => {
    const r = await login('dakar@example.org');
    assert.equal(r.status, 303);
    const cookie = r.headers.get('set-cookie')!;
    assert.match(
      cookie,
      /^cp_session=[A-Za-z0-9_-]{43}; Path=\/dashboard; HttpOnly; SameSite=Strict; Max-Age=43200$/,
    );
  });

  test('a wrong password is refused without saying which part was wrong', async () => {
    const r = await login('dakar@example.org', 'wrong password!!');
    assert.equal(r.status, 401);
    assert.match(await r.text(), /E-mail or password is not right\./);
    assert.equal(r.headers.get('set-cookie'), null);
  });

  test('an evaluator sees their organisation’s campaigns only; another organisation’s campaign and exports are 404', async () => {
    const cookie = cookieOf(await login('dakar@example.org'));
    const overview = await (await get('/dashboard/', cookie)).text();
    assert.match(overview, /Safe Journeys Senegal 2027/);
    assert.doesNotMatch(overview, /eastern-route-afghanistan-2027/);
    assert.equal((await get('/dashboard/safe-journeys-senegal-2027/report.csv', cookie)).status, 200);
    for (const path of [
      '/dashboard/eastern-route-afghanistan-2027/report.json',
      '/dashboard/eastern-route-afghanistan-2027/report.csv',
      '/dashboard/fake-job-offers-2027/report.json',
      '/dashboard/no-such-campaign/report.json',
    ]) {
      assert.equal((await get(path, cookie)).status, 404, path);
    }
    const other = cookieOf(await login('kabul@example.org'));
    assert.equal((await get('/dashboard/safe-journeys-senegal-2027/report.csv', other)).status, 404);
  });

  test('the CSV opens in a spreadsheet: UTF-8 with a BOM, long and wide, both linked from the page; a wrong shape is a 400 naming it', async () => {
    const cookie = cookieOf(await login('dakar@example.org'));
    const path = '/dashboard/safe-journeys-senegal-2027/report.csv';
    const long = await get(path, cookie);
    const bytes = Buffer.from(await long.arrayBuffer());
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'a UTF-8 BOM');
    assert.match(
      bytes.toString('utf8'),
      /^\uFEFFsection,key,metric,value,lower,upper,n,note,value \(rounded\)/,
    );
    const wide = await get(`${path}?shape=wide`, cookie);
    assert.equal(wide.status, 200);
    assert.match(
      wide.headers.get('content-disposition') ?? '',
      /safe-journeys-senegal-2027-report-wide\.csv/,
    );
    // Read as bytes: Response.text() drops a BOM.
    const text = Buffer.from(await wide.arrayBuffer()).toString('utf8');
    assert.match(text, /^\uFEFFsection,key,/);
    assert.match(text, /\neffect,intention,/);
    for (const bad of [
      `${path}?shape=tall`,
      '/dashboard/safe-journeys-senegal-2027/report.json?shape=wide',
    ]) {
      const r = await get(bad, cookie);
      assert.equal(r.status, 400, bad);
      assert.match(
        ((await r.json()) as { error: { message: string } }).error.message,
        /^shape: expected long or wide/,
      );
    }
    const page = await (await get('/dashboard/safe-journeys-senegal-2027/', cookie)).text();
    assert.match(page, /href="report\.csv"/);
    assert.match(page, /href="report\.csv\?shape=wide"/);
  });

  test('exports carry the report; an admin sees every campaign', async () => {
    const cookie = cookieOf(await login('dakar@example.org'));
    const json = (await (await get('/dashboard/safe-journeys-senegal-2027/report.json', cookie)).json()) as {
      campaign: { id: string };
    };
    assert.equal(json.campaign.id, 'safe-journeys-senegal-2027');
    const admin = cookieOf(await login('admin@example.org'));
    const overview = await (await get('/dashboard/?sort=reach', admin)).text();
    for (const c of campaigns) assert.match(overview, new RegExp(c.campaign.title.replace(/[()]/g, '.')));
    assert.match(overview, /aria-sort="descending"><a href="\?sort=reach">/);
    assert.equal(
      (await get('/dashboard/safe-journeys-senegal-2027/report.html', cookie)).headers.get('content-type'),
      'text/html; charset=utf-8',
    );
  });

  test('the comparison marks unreliable effects and the withheld one; the report page shows the evidence tables in French (issue 17)', async () => {
    const admin = cookieOf(await login('admin@example.org'));
    const overview = await (await get('/dashboard/', admin)).text();
    assert.match(
      overview,
      /<li>exposure-recall: <strong>effect withheld \(small survey counts\)<\/strong><\/li>/,
    );
    assert.match(
      overview,
      /<li>intention: -?\d+\.\d pp \[[^\]]+\] <strong>unreliable: see the report for why<\/strong><\/li>/,
    );
    assert.doesNotMatch(overview, /60\.7/);
    const fr = cookieOf(await login('dakar@example.org'));
    const page = await (
      await get('/dashboard/safe-journeys-senegal-2027/', fr, { 'accept-language': 'fr' })
    ).text();
    for (const text of ['Parcours des répondants (CONSORT)', 'intention : taille d', 'Seules 4 grappes'])
      assert.ok(page.includes(text) || page.includes(text.replace("'", '&#39;')), text);
  });

  test('a filter value that is not a real date in range or not the campaign’s is a 400 naming the parameter, on the page and every export', async () => {
    const cookie = cookieOf(await login('dakar@example.org', PASSWORD, '10.0.0.93'));
    const c = '/dashboard/safe-journeys-senegal-2027';
    const bad: [string, string][] = [
      ['from=2027-13-45', 'from'],
      ['to=9999-99-99', 'to'],
      ['from=0000-00-00', 'from'],
      ['from=2027-03-01&to=2027-02-01', 'to'],
      ['channel=carrier-pigeon', 'channel'],
      ['audience=nobody', 'audience'],
      ['language=xx', 'language'],
    ];
    for (const [query, param] of bad) {
      for (const format of ['json', 'csv', 'html', 'pdf']) {
        const r = await get(`${c}/report.${format}?${query}`, cookie);
        assert.equal(r.status, 400, `report.${format}?${query}`);
        const body = (await r.json()) as { error: { code: string; message: string } };
        assert.equal(body.error.code, 'bad_request');
        assert.match(body.error.message, new RegExp(`“${param}”`), `report.${format}?${query}`);
      }
      const page = await get(`${c}/?${query}`, cookie, { 'accept-language': 'fr' });
      assert.equal(page.status, 400, query);
      assert.equal(page.headers.get('content-type'), 'text/html');
      const html = await page.text();
      assert.match(html, /<html lang="fr" dir="ltr">/);
      assert.match(html, new RegExp(`<p class="error" role="alert">Le filtre [^<]*« ${param} »`), query);
      assert.match(
        html,
        /<a href="\/dashboard\/safe-journeys-senegal-2027\/">Voir le rapport sans filtres<\/a>/,
      );
    }
    // The form's “All” sends empty values: no filter, no error.
    const all = await get(`${c}/?from=&to=&audience=&channel=&language=`, cookie);
    assert.equal(all.status, 200);
  });

  test('signing out ends the session on the server', async () => {
    const cookie = cookieOf(await login('dakar@example.org'));
    await fetch(`${base}/dashboard/logout/`, {
      method: 'POST',
      redirect: 'manual',
      headers: { ...form, cookie },
    });
    assert.equal((await get('/dashboard/', cookie)).status, 303);
  });

  test('40 parallel wrong guesses: 5 are let through to the password check (one address waits in one place only: the rest of them 503), 35 are refused 429 with Retry-After before any is hashed', async () => {
    const answers = await Promise.all(
      Array.from({ length: 40 }, () => login('guessed@example.org', 'nope nope nope', '10.0.0.40')),
    );
    const statuses = answers.map((r) => r.status).sort();
    const count = (s: number) => statuses.filter((x) => x === s).length;
    assert.deepEqual([count(401) + count(503), count(429)], [5, 35], statuses.join(' '));
    assert.ok(count(401) >= 3, 'two checks at once and one waiting from this address');
    assert.match(answers.find((r) => r.status === 429)!.headers.get('retry-after')!, /^\d+$/);
    // The same guesser keeps waiting, even with the right password …
    assert.equal((await login('guessed@example.org', PASSWORD, '10.0.0.40')).status, 429);
    // … while the real user, from their own address, signs in.
    assert.equal((await login('guessed@example.org', PASSWORD, '10.0.0.41')).status, 303);
  });

  test('a flood of sign-ins from many addresses: two password checks at once, sixteen waiting, the rest 503 and counted against their address', async () => {
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) => login(`flood-${i}@example.org`, 'nope nope nope', `10.1.0.${i}`)),
    );
    const statuses = answers.map((r) => r.status);
    assert.deepEqual(
      [statuses.filter((s) => s === 401).length, statuses.filter((s) => s === 503).length],
      [18, 12],
    );
    assert.equal(answers.find((r) => r.status === 503)!.headers.get('retry-after'), '5');
    // Refused as busy counts as a failure of its address: the same e-mail and address have four left.
    const busy = statuses.indexOf(503);
    const again: number[] = [];
    for (let i = 0; i < 5; i++)
      again.push((await login(`flood-${busy}@example.org`, 'nope nope nope', `10.1.0.${busy}`)).status);
    assert.deepEqual(again, [401, 401, 401, 401, 429]);
  });

  test('the e-mail is normalised once: spaces and capitals do not open a second allowance', async () => {
    for (let i = 0; i < 5; i++)
      assert.equal((await login('spaced@example.org', 'nope nope nope', '10.0.0.50')).status, 401);
    for (const variant of [' spaced@example.org', 'SPACED@example.org ', '\tSpaced@Example.ORG'])
      assert.equal(
        (await login(variant, 'nope nope nope', '10.0.0.50')).status,
        429,
        JSON.stringify(variant),
      );
  });

  test('a client-written X-Forwarded-For entry is not the address: rotating it does not reset the allowance', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++)
      statuses.push(
        (await login('rotated@example.org', 'nope nope nope', `203.0.113.${i}, 10.0.0.60`)).status,
      );
    assert.deepEqual(statuses, [401, 401, 401, 401, 401, 429, 429]);
  });

  test('after sign-in only a dashboard path of this site is followed', async () => {
    const cases: [string, string][] = [
      [
        '/dashboard/safe-journeys-senegal-2027/?channel=tiktok',
        '/dashboard/safe-journeys-senegal-2027/?channel=tiktok',
      ],
      ['//evil.example/dashboard/', '/dashboard/'],
      ['https://evil.example/dashboard/', '/dashboard/'],
      ['/\\evil.example/dashboard/', '/dashboard/'],
      ['/dashboard/../elsewhere', '/dashboard/'],
      ['/dashboard/%2e%2e/elsewhere', '/dashboard/'],
      ['javascript:alert(1)', '/dashboard/'],
    ];
    for (const [next, expected] of cases) assert.equal(safeNext(next), expected, next);
    const r = await login('real@example.org', PASSWORD, '10.0.0.70', { next: '//evil.example/' });
    assert.equal(r.headers.get('location'), '/dashboard/');
  });

  test('a hash with weaker scrypt parameters is replaced at the next sign-in; new hashes use N=2^17, r=8, p=1', async () => {
    const salt = Buffer.alloc(16, 7);
    const old = `scrypt$32768$8$1$${salt.toString('base64')}$${scryptSync(PASSWORD, salt, 64, { N: 32768, r: 8, p: 1, maxmem: 64 * 1024 * 1024 }).toString('base64')}`;
    await store.db
      .updateTable('users')
      .set({ password_hash: old })
      .where('email', '=', 'real@example.org')
      .execute();
    assert.equal((await login('real@example.org', PASSWORD, '10.0.0.71')).status, 303);
    const { password_hash } = await store.db
      .selectFrom('users')
      .select('password_hash')
      .where('email', '=', 'real@example.org')
      .executeTakeFirstOrThrow();
    assert.match(password_hash, /^scrypt\$131072\$8\$1\$/);
    assert.equal((await login('real@example.org', PASSWORD, '10.0.0.72')).status, 303);
  });

  test('the session cookie is Secure when the trusted proxy says the request came over https', async () => {
    const r = await fetch(`${base}/dashboard/login/`, {
      method: 'POST',
      redirect: 'manual',
      headers: { ...form, 'x-forwarded-for': '10.0.0.80', 'x-forwarded-proto': 'https' },
      body: new URLSearchParams({ email: 'real@example.org', password: PASSWORD }),
    });
    assert.match(r.headers.get('set-cookie')!, /; Secure$/);
    const plain = await login('real@example.org', PASSWORD, '10.0.0.81');
    assert.doesNotMatch(plain.headers.get('set-cookie')!, /Secure/);
  });

  test('the language: the account’s setting, else Accept-Language among en, fr and ar, else English; lang and dir follow', async () => {
    const cases: [string, Record<string, string>, string, string, RegExp][] = [
      ['no preference', {}, 'en', 'ltr', /<h1>Sign in to the dashboards<\/h1>/],
      [
        'French browser',
        { 'accept-language': 'fr-SN,fr;q=0.9,en;q=0.5' },
        'fr',
        'ltr',
        /<h1>Connexion aux tableaux de bord<\/h1>/,
      ],
      [
        'Arabic browser',
        { 'accept-language': 'ar-MA;q=0.9,de;q=0.95' },
        'ar',
        'rtl',
        /<h1>تسجيل الدخول إلى لوحات المتابعة<\/h1>/,
      ],
      [
        'only unsupported languages',
        { 'accept-language': 'de, ja;q=0.5' },
        'en',
        'ltr',
        /Sign in to the dashboards/,
      ],
      ['malformed header', { 'accept-language': ';;q=x,,*;q=abc' }, 'en', 'ltr', /Sign in to the dashboards/],
    ];
    for (const [what, headers, lang, dir, heading] of cases) {
      const html = await (await get('/dashboard/login/', undefined, headers)).text();
      assert.match(html, new RegExp(`<html lang="${lang}" dir="${dir}">`), what);
      assert.match(html, heading, what);
    }
    // The account says Arabic: it wins over an English browser, numbers in Latin digits with Arabic words.
    const cookie = cookieOf(await login('ar@example.org', PASSWORD, '10.0.0.90'));
    const page = await (
      await get('/dashboard/safe-journeys-senegal-2027/', cookie, { 'accept-language': 'en' })
    ).text();
    assert.match(page, /<html lang="ar" dir="rtl">/);
    assert.match(page, /<h2 id="headline-heading">نظرة سريعة<\/h2>/);
    assert.match(
      page,
      /\d{1,3}(,\d{3})+ – \d{1,3}(,\d{3})+/,
      'a reach range, grouped with commas, Latin digits',
    );
    // Issue 17: no English sentence on the Arabic page (three English words in a row), outside the
    // campaign's own words and text marked as another language.
    assert.deepEqual(englishRuns(page, stringsOf(senegal)), []);
  });

  test('the campaign page says which language versions follow their source text and who reviewed them', async () => {
    const cookie = cookieOf(await login('dakar@example.org', PASSWORD, '10.0.0.92'));
    const html = await (
      await get('/dashboard/safe-journeys-senegal-2027/', cookie, { 'accept-language': 'en' })
    ).text();
    const table =
      /<h2 id="translations-heading">Translations and review<\/h2>[\s\S]*?<\/table>/.exec(html)?.[0] ?? '';
    assert.match(table, /Each language version against the source text \(Français\)/);
    assert.match(
      table,
      /<th scope="row" lang="fr">Français<\/th><td>Source text<\/td><td>Needs review by a native speaker<\/td>/,
    );
    assert.match(table, /<th scope="row" lang="wo">Wolof<\/th><td>Up to date with Français<\/td>/);
  });

  test('the switcher keeps the choice: on the account when signed in, so every page follows it', async () => {
    const cookie = cookieOf(await login('dakar@example.org', PASSWORD, '10.0.0.91'));
    const r = await fetch(`${base}/dashboard/language/`, {
      method: 'POST',
      redirect: 'manual',
      headers: { ...form, cookie },
      body: new URLSearchParams({ language: 'fr', next: '/dashboard/?sort=cost' }),
    });
    assert.equal(r.status, 303);
    assert.equal(r.headers.get('location'), '/dashboard/?sort=cost');
    const overview = await (await get('/dashboard/', cookie)).text();
    assert.match(overview, /<html lang="fr" dir="ltr">/);
    assert.match(overview, /<caption>Comparaison des campagnes<\/caption>/);
    // French numbers: a narrow no-break space between thousands, a decimal comma.
    assert.match(overview, /\d{1,3}(\u202f\d{3})+ – \d{1,3}(\u202f\d{3})+/);
    const json = (await (await get('/dashboard/safe-journeys-senegal-2027/report.json', cookie)).json()) as {
      campaign: { id: string };
    };
    assert.equal(json.campaign.id, 'safe-journeys-senegal-2027', 'the data exports stay language-neutral');
    await fetch(`${base}/dashboard/language/`, {
      method: 'POST',
      redirect: 'manual',
      headers: { ...form, cookie },
      body: new URLSearchParams({ language: 'en' }),
    });
    const bad = await fetch(`${base}/dashboard/language/`, {
      method: 'POST',
      redirect: 'manual',
      headers: { ...form, cookie },
      body: new URLSearchParams({ language: 'xx' }),
    });
    assert.equal(bad.status, 400);
  });

  test('views from flagged bursts are shown on the campaign page and can be left out, in the page and its exports', async () => {
    // Stored as the collector stores them: 25 views of one day, 12 of them sent while their address was
    // flagged (tests/unit/collector.test.ts shows the collector marking them).
    await insertEvents(
      store,
      Array.from({ length: 25 }, (_, i) => ({
        campaign: 'safe-journeys-senegal-2027',
        day: '2027-02-03',
        hour: 10,
        type: 'view' as const,
        language: 'fr',
        channel: '',
        audience: '',
        target: '',
        visitor: `reader-${i}`,
        ...(i < 12 && { flagged: true }),
      })),
    );
    const cookie = cookieOf(await login('dakar@example.org'));
    const page = await (await get('/dashboard/safe-journeys-senegal-2027/', cookie)).text();
    assert.match(page, /12 page views came in bursts the collector flagged/);
    assert.match(page, /<input id="f-exclude" type="checkbox" name="exclude" value="flagged">/);
    const without = await (
      await get('/dashboard/safe-journeys-senegal-2027/?exclude=flagged', cookie)
    ).text();
    assert.match(without, /Left out: 12 page views that came in bursts the collector flagged/);
    assert.match(without, /<input id="f-exclude" type="checkbox" name="exclude" value="flagged" checked>/);
    assert.match(without, /href="report\.csv\?exclude=flagged"/);
    type Json = { engagement: { landingVisits: { value: number } }; flagged: { excluded: boolean } };
    const all = (await (
      await get('/dashboard/safe-journeys-senegal-2027/report.json', cookie)
    ).json()) as Json;
    const left = (await (
      await get('/dashboard/safe-journeys-senegal-2027/report.json?exclude=flagged', cookie)
    ).json()) as Json;
    assert.equal(all.engagement.landingVisits.value - left.engagement.landingVisits.value, 12);
    assert.deepEqual([all.flagged.excluded, left.flagged.excluded], [false, true]);
    const csv = await (
      await get('/dashboard/safe-journeys-senegal-2027/report.csv?exclude=flagged', cookie)
    ).text();
    assert.match(csv, /engagement,all,landingVisits in flagged bursts,12,,,,left out of this report/);
  });

  test('the report shows the tipline’s reach per platform and language, small counts hidden', async () => {
    const { recordTiplineTurn } = await import('../../src/core/tipline/index.ts');
    const day = new Date().toISOString().slice(0, 10);
    const turn = async (chat: string, language: string) =>
      recordTiplineTurn(store, {
        platform: 'telegram',
        day,
        chat,
        update: `u-${chat}`,
        before: undefined,
        state: { campaign: senegal.campaign.id, language, step: 'menu', code: '' },
        effects: { started: { code: '' }, reader: true },
        audience: '',
      });
    for (let i = 0; i < 12; i++) await turn(`en${i}`, 'en');
    for (let i = 0; i < 3; i++) await turn(`wo${i}`, 'wo');
    const cookie = cookieOf(await login('dakar@example.org', PASSWORD, '10.0.0.93'));
    const html = await (
      await get('/dashboard/safe-journeys-senegal-2027/', cookie, { 'accept-language': 'en' })
    ).text();
    const section =
      /<h2 id="tipline-heading">Tipline \(Telegram, WhatsApp\)<\/h2>[\s\S]*?<\/table>/.exec(html)?.[0] ?? '';
    assert.match(section, /Readers are counted once a day/);
    // wo's 3 is "<10", and en's 12 is withheld beside it: 15 − 12 would give wo away.
    assert.match(
      section,
      /Telegram<\/th><td[^>]*>Conversations started<\/td><td[^>]*>15<\/td><td[^>]*>en: withheld, wo: &lt;10<\/td>/,
    );
    assert.match(section, /Readers \(unique per day\)<\/td><td[^>]*>15<\/td>/);
  });
});
