import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { addUser } from '../../src/core/auth/index.ts';
import { spawnFullServer } from '../fixtures/spawn-server.ts';
import { openStore } from '../../src/core/metrics/index.ts';

const PASSWORD = 'a long enough password';
const ID = 'safe-journeys-senegal-2027';
const day = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 10);

// The real `npm start` server over a real server build, a real SQLite file and a copy of the example
// campaigns (COUNTERPOINT_CAMPAIGNS), so the form writes a real claims.yaml that the test reads back.
describe('dashboard: recording a claim and its answer', () => {
  let stop: (() => Promise<void>) | undefined;
  let base = '';
  mkdirSync('test-results', { recursive: true });
  const out = mkdtempSync(join('test-results', 'claims-build-'));
  const work = mkdtempSync(join('test-results', 'claims-dash-'));
  const root = join(work, 'campaigns');
  const file = join(root, ID, 'claims.yaml');
  before(async () => {
    cpSync('campaigns', root, { recursive: true });
    const build = spawnSync(process.execPath, ['scripts/build.ts'], {
      encoding: 'utf8',
      env: { ...process.env, COUNTERPOINT_MODE: 'server', COUNTERPOINT_OUT: out },
    });
    assert.equal(build.status, 0, build.stderr);
    const db = join(work, 'd.db');
    const store = await openStore(`sqlite:${db}`);
    await addUser(store, 'dakar@example.org', PASSWORD, ['example-migration-centre-dakar'], 'evaluator');
    await addUser(store, 'kabul@example.org', PASSWORD, ['example-safe-routes-network'], 'evaluator');
    await store.close();
    ({ base, stop } = await spawnFullServer(out, {
      DATABASE_URL: `sqlite:${db}`,
      COUNTERPOINT_CAMPAIGNS: root,
      SITE_URL: '',
    }));
  });
  after(async () => {
    await stop?.();
    rmSync(out, { recursive: true, force: true });
  });

  const form = { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' };
  const login = async (email: string) => {
    const r = await fetch(`${base}/dashboard/login/`, {
      method: 'POST',
      redirect: 'manual',
      headers: form,
      body: new URLSearchParams({ email, password: PASSWORD }),
    });
    return r.headers.get('set-cookie')!.split(';')[0]!;
  };
  const post = (cookie: string, fields: Record<string, string>, headers: Record<string, string> = form) =>
    fetch(`${base}/dashboard/${ID}/claims/`, {
      method: 'POST',
      redirect: 'manual',
      headers: { ...headers, cookie },
      body: new URLSearchParams(fields),
    });
  const page = async (cookie: string) =>
    (await fetch(`${base}/dashboard/${ID}/`, { headers: { cookie } })).text();
  const claim = {
    seen: day(20),
    where: 'wechat',
    language: 'fr',
    audience: 'diaspora-italy',
    claim: 'Un visa de travail pour l’Italie en une semaine, 2 000 euros payés d’avance.',
  };
  const rule5 = (html: string) =>
    /<th scope="row">5\. [^<]*<\/th><td>([^<]*)<\/td><td>([^<]*)<\/td>/.exec(html);

  test('the form adds the claim to claims.yaml; the campaign page shows it at once and rule 5 warns', async () => {
    const cookie = await login('dakar@example.org');
    const before = await page(cookie);
    assert.match(
      before,
      /<form class="filters" method="post" action="\/dashboard\/safe-journeys-senegal-2027\/claims\/">/,
    );
    const r = await post(cookie, claim);
    assert.equal(r.status, 303);
    assert.equal(r.headers.get('location'), `/dashboard/${ID}/#claims`);
    const written = readFileSync(file, 'utf8');
    assert.match(
      written,
      /^# yaml-language-server: \$schema=\.\.\/\.\.\/schema\/claims\.schema\.json\n# Fictional claims log/,
    );
    assert.ok(
      written.endsWith(
        `  - id: wechat-${day(20)}\n    seen: ${day(20)}\n    where: wechat\n    language: fr\n    audience: diaspora-italy\n    claim: Un visa de travail pour l’Italie en une semaine, 2 000 euros payés d’avance.\n`,
      ),
    );
    const after = await page(cookie);
    // The claim's own text is marked with its language in the report's claims table.
    assert.match(
      after,
      new RegExp(`<th scope="row">wechat-${day(20)}</th>.*?<td lang="fr" dir="ltr">Un visa de travail`, 's'),
    );
    assert.match(after, /Not answered: overdue/);
    const [, verdict, reason] = rule5(after)!;
    assert.equal(verdict, 'warning');
    // The example's own unanswered claim (seen 2027-02-20) is overdue too once that date is 14 days past.
    assert.match(
      reason!,
      new RegExp(`unanswered after 14 days: (italy-jobs-waiting, )?wechat-${day(20)}(\\.|$)`),
    );
  });

  test('the answer form links it to a section; the days to answer count in rule 5', async () => {
    const cookie = await login('dakar@example.org');
    const r = await post(cookie, {
      action: 'answer',
      id: `wechat-${day(20)}`,
      answer: 'section:alternatives:fr',
      answeredOn: day(16),
    });
    assert.equal(r.status, 303);
    assert.match(
      readFileSync(file, 'utf8'),
      /\n {4}answeredBy: \{ section: alternatives, language: fr \}\n {4}answeredOn: \d{4}-\d\d-\d\d\n$/,
    );
    const [, , reason] = rule5(await page(cookie))!;
    // Answers of 3, 5, 2 and now 4 days: median 3.5.
    assert.match(
      reason!,
      /Answers claims in a median of 3\.5 days from seen to published \(4 answered\)\. 1 claim\(s\) (unanswered after 14 days: italy-jobs-waiting|awaiting an answer, seen within 14 days)\.$/,
    );
  });

  test('a wrong field is refused (400) with the message beside the field, and the file is untouched', async () => {
    const cookie = await login('dakar@example.org');
    const before = readFileSync(file, 'utf8');
    const r = await post(cookie, { ...claim, where: 'myspace', claim: '' });
    assert.equal(r.status, 400);
    const html = await r.text();
    assert.match(html, /<div role="alert">/);
    assert.match(
      html,
      /<p id="claim-where-error" lang="en">&quot;myspace&quot; is not allowed: expected one of facebook/,
    );
    assert.match(html, /aria-invalid="true" aria-describedby="claim-where-error"/);
    assert.equal(readFileSync(file, 'utf8'), before);
  });

  test('another organisation cannot write to the campaign (404), nor a form from another site (403), nor no one signed in (401)', async () => {
    const before = readFileSync(file, 'utf8');
    const other = await login('kabul@example.org');
    assert.equal((await post(other, claim)).status, 404);
    const own = await login('dakar@example.org');
    assert.equal(
      (
        await post(own, claim, {
          'content-type': 'application/x-www-form-urlencoded',
          'sec-fetch-site': 'cross-site',
        })
      ).status,
      403,
    );
    assert.equal((await post('cp_session=none', claim)).status, 401);
    assert.equal(readFileSync(file, 'utf8'), before);
  });
  test('an offer report from a reader becomes a claim in one step, and the campaign page shows it', async () => {
    const sent = await fetch(`${base}/api/offer-report`, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        ...form,
        'user-agent':
          'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36',
      },
      body: new URLSearchParams({
        c: ID,
        l: 'fr',
        kind: 'job',
        platform: 'dating-app',
        text: 'Travail en Pologne sans frais, billet payé, envoie ton passeport.',
      }),
    });
    assert.equal(sent.status, 303);
    const cookie = await login('dakar@example.org');
    const offers = await (await fetch(`${base}/dashboard/${ID}/offers/`, { headers: { cookie } })).text();
    const report = /name="report" value="(\d+)"/.exec(offers)?.[1];
    assert.ok(report, 'the report is listed with its button');
    const r = await fetch(`${base}/dashboard/${ID}/offers/claim/`, {
      method: 'POST',
      redirect: 'manual',
      headers: { ...form, cookie },
      body: new URLSearchParams({ report: report! }),
    });
    assert.equal(r.status, 303);
    assert.match(r.headers.get('location')!, /\?claim=done&id=dating-app-\d{4}-\d{2}-\d{2}/);
    assert.match(
      readFileSync(file, 'utf8'),
      /where: dating-app\n\s+language: fr\n\s+audience: [a-z-]+\n\s+claim: Travail en Pologne sans frais, billet payé, envoie ton passeport\.\n/,
    );
    assert.match(await page(cookie), /Travail en Pologne sans frais/);
  });
});
