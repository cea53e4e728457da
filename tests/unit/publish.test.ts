import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { addUser } from '../../src/core/auth/index.ts';
import { liveBuild } from '../../src/core/authoring/index.ts';
import { openStore } from '../../src/core/metrics/index.ts';
import { spawnFullServer } from '../fixtures/spawn-server.ts';

// The editor's foundations over HTTP: the real server over a real build, a real SQLite file and a temp
// copy of the campaigns; publishing builds for real (a child process) and the server switches to it.
const SITE = 'http://counterpoint.test';
const PASSWORD = 'a long enough password';
const ID = 'safe-journeys-senegal-2027';
const API = '/dashboard/editor/api';
const tmp = mkdtempSync(join(tmpdir(), 'cp-publish-'));
const root = join(tmp, 'campaigns');
const db = join(tmp, 'editor.db');
// Outside the checkout, as a deployment's /var/lib/counterpoint/site: publish links node_modules there.
const site = join(tmp, 'site');
const env = {
  DATABASE_URL: `sqlite:${db}`,
  COUNTERPOINT_CAMPAIGNS: root,
  PUBLISH_DIR: site,
  SITE_URL: SITE,
};
let base = '';
let stop = async () => {};
const cookies = new Map<string, string>();
let firstPublishMs = 0;

before(async () => {
  cpSync('campaigns', root, { recursive: true });
  const store = await openStore(`sqlite:${db}`);
  const dakar = ['example-migration-centre-dakar'];
  await addUser(store, 'pub@example.org', PASSWORD, dakar, 'publisher');
  await addUser(store, 'author@example.org', PASSWORD, dakar, 'author');
  await addUser(store, 'reviewer@example.org', PASSWORD, dakar, 'reviewer');
  await addUser(store, 'eva@example.org', PASSWORD, dakar, 'evaluator');
  await addUser(store, 'kabul@example.org', PASSWORD, ['example-safe-routes-network'], 'author');
  await store.close();
  // The first publish by the command line: it makes the build the server starts on.
  const t = performance.now();
  const cli = spawnSync(process.execPath, ['bin/counterpoint.js', 'publish', '--as', 'pub@example.org'], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
  firstPublishMs = performance.now() - t;
  assert.equal(cli.status, 0, cli.stderr + cli.stdout);
  assert.match(
    cli.stdout,
    new RegExp(
      `^published ${ID}; kept as last published: [a-z0-9, -]*eastern-route-afghanistan-2027, fake-job-offers-2027 \\(`,
    ),
  );
  assert.match(
    cli.stderr,
    new RegExp(`${ID}/wo\\.md: warning: published without review \\(needs-native-review\\)`),
  );
  ({ base, stop } = await spawnFullServer(join(liveBuild(site)!, 'site'), env));
  for (const who of ['pub', 'author', 'reviewer', 'eva', 'kabul']) {
    const r = await fetch(`${base}/dashboard/login/`, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        origin: SITE,
        'sec-fetch-site': 'same-origin',
      },
      body: new URLSearchParams({ email: `${who}@example.org`, password: PASSWORD }),
    });
    assert.equal(r.status, 303, `${who} signs in`);
    cookies.set(who, r.headers.get('set-cookie')!.split(';')[0]!);
  }
});
after(async () => {
  await stop();
  rmSync(tmp, { recursive: true, force: true });
  rmSync(site, { recursive: true, force: true });
});

const call = (who: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
  fetch(`${base}${API}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: {
      cookie: cookies.get(who) ?? '',
      'sec-fetch-site': 'same-origin',
      ...(body !== undefined && { 'content-type': 'application/json' }),
      ...headers,
    },
    ...(body !== undefined && { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
const fr = () => readFileSync(join(root, ID, 'fr.md'), 'utf8');
const landing = async () => (await fetch(`${base}/fr/${ID}/`)).text();

describe('editor API: who may do what', () => {
  test('an account sees only its organisation’s campaigns; another organisation’s author can neither read nor write them', async () => {
    const mine = (await (await call('author', '/campaigns')).json()) as {
      campaigns: { id: string; may: object }[];
    };
    assert.deepEqual(mine.campaigns, [
      { id: ID, owner: 'example-migration-centre-dakar', may: { edit: true, review: false, publish: false } },
    ]);
    const theirs = (await (await call('kabul', '/campaigns')).json()) as { campaigns: { id: string }[] };
    assert.deepEqual(
      theirs.campaigns.map((c) => c.id),
      ['eastern-route-afghanistan-2027'],
    );
    assert.equal((await call('kabul', `/campaigns/${ID}`)).status, 404);
    assert.equal((await call('kabul', `/campaigns/${ID}/history`)).status, 404);
    const write = await call('kabul', `/campaigns/${ID}`, { files: { 'fr.md': 'hijacked' } });
    assert.equal(write.status, 404);
    assert.doesNotMatch(fr(), /hijacked/);
    assert.equal((await call('nobody', '/campaigns')).status, 401);
  });

  test('an evaluator reads but cannot save; a reviewer cannot save but marks a language reviewed; an author cannot publish', async () => {
    assert.equal((await call('eva', `/campaigns/${ID}`)).status, 200);
    assert.equal((await call('eva', `/campaigns/${ID}`, { files: { 'fr.md': fr() } })).status, 403);
    assert.equal((await call('reviewer', `/campaigns/${ID}`, { files: { 'fr.md': fr() } })).status, 403);
    const review = await call('reviewer', `/campaigns/${ID}/review`, { language: 'wo', by: 'Awa Ndiaye' });
    assert.equal(review.status, 200, await review.clone().text());
    assert.match(
      readFileSync(join(root, ID, 'wo.md'), 'utf8'),
      /review:\n {2}status: reviewed\n {2}by: Awa Ndiaye\n {2}on: \d{4}-\d\d-\d\d/,
    );
    assert.equal((await call('author', `/campaigns/${ID}/review`, { language: 'fr' })).status, 403);
    assert.equal((await call('author', '/publish', {})).status, 403);
    assert.equal((await call('eva', '/publish', {})).status, 403);
  });

  test('a new campaign is created by an author of the organisation its campaign.yaml names, and no one else', async () => {
    const yaml = (owner: string, id: string) =>
      readFileSync(join(root, ID, 'campaign.yaml'), 'utf8')
        .replace(/^id: .*$/m, `id: ${id}`)
        .replace('id: example-migration-centre-dakar', `id: ${owner}`);
    const stolen = await call('kabul', '/campaigns/kabul-into-dakar-2027', {
      files: { 'campaign.yaml': yaml('example-migration-centre-dakar', 'kabul-into-dakar-2027') },
    });
    assert.equal(stolen.status, 403);
    assert.equal(existsSync(join(root, 'kabul-into-dakar-2027')), false);
    const created = await call('kabul', '/campaigns/kabul-draft-2027', {
      files: { 'campaign.yaml': yaml('example-safe-routes-network', 'kabul-draft-2027') },
    });
    assert.equal(created.status, 201, await created.clone().text());
    const body = (await created.json()) as { valid: boolean; version: { account: string } };
    assert.equal(body.version.account, 'kabul@example.org');
    assert.equal(body.valid, false, 'without its pages it is a draft');
    const dakar = (await (await call('author', '/campaigns')).json()) as { campaigns: { id: string }[] };
    assert.deepEqual(
      dakar.campaigns.map((c) => c.id),
      [ID],
    );
    assert.equal((await call('author', '/campaigns/kabul-draft-2027')).status, 404);
    const taken = await call('kabul', `/campaigns/${ID}`, {
      files: { 'campaign.yaml': 'owner: { id: example-safe-routes-network }' },
    });
    assert.equal(taken.status, 404, 'an existing campaign of another organisation is not created over');
  });

  test('bad requests are 4xx naming what is wrong; a cross-site or form POST is refused', async () => {
    const badName = await call('author', `/campaigns/${ID}`, { files: { '../x.md': 'x' } });
    assert.equal(badName.status, 400);
    assert.deepEqual(((await badName.json()) as { error: { field: string } }).error.field, 'files.../x.md');
    const notJson = await call('author', `/campaigns/${ID}`, '{files', {});
    assert.equal(notJson.status, 400);
    const noFiles = await call('author', `/campaigns/${ID}`, { file: {} });
    assert.match(((await noFiles.json()) as { error: { message: string } }).error.message, /^files:/);
    const form = await call('author', `/campaigns/${ID}`, 'files=x', {
      'content-type': 'application/x-www-form-urlencoded',
    });
    assert.equal(form.status, 415);
    const cross = await call(
      'author',
      `/campaigns/${ID}`,
      { files: { 'fr.md': 'x' } },
      { 'sec-fetch-site': 'cross-site' },
    );
    assert.equal(cross.status, 403);
    const version = await call('author', `/campaigns/${ID}/restore`, { version: 'nope' });
    assert.equal(version.status, 404);
    assert.equal(((await version.json()) as { error: { field: string } }).error.field, 'version');
    const owner = await call('author', `/campaigns/${ID}`, {
      files: {
        'campaign.yaml': readFileSync(join(root, ID, 'campaign.yaml'), 'utf8').replace(
          'id: example-migration-centre-dakar',
          'id: example-safe-routes-network',
        ),
      },
    });
    assert.equal(owner.status, 403, 'an author cannot give the campaign to another organisation');
  });
});

describe('drafts, publish, history', () => {
  test('a save with an error is a draft: problems listed, readers keep the published page, Publish refuses and lists them', async () => {
    const broken = fr().replace(/^## .*\{#reality\}$/m, '## Sans ancre');
    const r = await call('author', `/campaigns/${ID}`, { files: { 'fr.md': broken } });
    const saved = (await r.json()) as { valid: boolean; problems: { severity: string; file: string }[] };
    assert.equal(r.status, 200);
    assert.equal(saved.valid, false);
    assert.ok(
      saved.problems.some((p) => p.severity === 'error' && p.file.endsWith('fr.md')),
      JSON.stringify(saved.problems),
    );
    const liveBefore = readlinkSync(join(site, 'live'));
    const refused = await call('pub', '/publish', {});
    assert.equal(refused.status, 422);
    const body = (await refused.json()) as { error: { code: string }; problems: { file: string }[] };
    assert.equal(body.error.code, 'publish_problems');
    assert.ok(body.problems.every((p) => p.file.includes(ID)));
    assert.equal(readlinkSync(join(site, 'live')), liveBefore, 'the live site is as it was');
    assert.match(await landing(), /La mer ne pardonne pas/);
  });

  test('restore, save, publish: the running server serves the new page without a restart and no request fails meanwhile', async () => {
    const history = (await (await call('author', `/campaigns/${ID}/history`)).json()) as {
      versions: { id: string; account: string | null; action: string }[];
    };
    assert.deepEqual(
      history.versions.slice(0, 2).map((v) => [v.action, v.account]),
      [
        ['save', 'author@example.org'],
        ['save', 'reviewer@example.org'],
      ],
    );
    const good = history.versions.find((v) => v.account === 'reviewer@example.org')!;
    const restored = await call('author', `/campaigns/${ID}/restore`, { version: good.id });
    assert.equal(((await restored.json()) as { valid: boolean }).valid, true);
    const changed = fr().replace(/^headline: .*$/m, 'headline: "Nouveau titre publié."');
    const saved = await call('author', `/campaigns/${ID}`, { files: { 'fr.md': changed } });
    assert.equal(((await saved.json()) as { valid: boolean }).valid, true);
    assert.match(await landing(), /La mer ne pardonne pas/, 'a valid save is not live before Publish');

    let failures = 0;
    let requests = 0;
    let publishing = true;
    const load = (async () => {
      while (publishing) {
        const r = await fetch(`${base}/fr/${ID}/`);
        await r.arrayBuffer();
        requests++;
        if (r.status !== 200) failures++;
      }
    })();
    const published = await call('pub', '/publish', {});
    publishing = false;
    await load;
    const result = (await published.json()) as {
      ok: boolean;
      published: string[];
      unreviewed: { language: string }[];
      ms: number;
    };
    assert.equal(published.status, 200, JSON.stringify(result));
    assert.deepEqual(result.published, [ID]);
    assert.deepEqual(
      (result as unknown as { skipped: string[] }).skipped,
      ['kabul-draft-2027'],
      'another organisation’s draft is not published, nor checked',
    );
    assert.deepEqual(result.unreviewed.map((u) => u.language).sort(), ['en', 'fr'], 'wo was reviewed');
    assert.match(await landing(), /Nouveau titre publié\./);
    assert.equal(failures, 0, `${failures} of ${requests} requests failed during the publish`);
    assert.ok(requests > 0);
    const after = (await (await call('pub', `/campaigns/${ID}/history`)).json()) as {
      versions: { id: string; action: string; account: string }[];
      publishes: { account: string; campaigns: Record<string, string> }[];
    };
    // The files published are those of the author's last save: the publish records no new version.
    assert.deepEqual([after.versions[0]!.action, after.versions[0]!.account], ['save', 'author@example.org']);
    assert.equal(after.publishes.length, 2);
    assert.equal(
      after.publishes[0]!.campaigns[ID],
      after.versions[0]!.id,
      'the publish names the version it took',
    );
    assert.equal(after.publishes[0]!.account, 'pub@example.org');
    console.log(
      `publish to live: first (command line, process start included) ${(firstPublishMs / 1000).toFixed(1)} s, second (server) ${(result.ms / 1000).toFixed(1)} s`,
    );
  });

  test('a publish from the command line while the server runs: the server follows the live link within seconds', async () => {
    const before = readlinkSync(join(site, 'live'));
    const yaml = readFileSync(join(root, ID, 'fr.md'), 'utf8').replace(
      /^headline: .*$/m,
      'headline: "Publié par la ligne de commande."',
    );
    const saved = await call('author', `/campaigns/${ID}`, { files: { 'fr.md': yaml } });
    assert.equal(((await saved.json()) as { valid: boolean }).valid, true);
    const cli = spawnSync(process.execPath, ['bin/counterpoint.js', 'publish', '--as', 'pub@example.org'], {
      encoding: 'utf8',
      env: { ...process.env, ...env },
    });
    assert.equal(cli.status, 0, cli.stderr);
    let page = '';
    for (let i = 0; i < 50 && !/Publié par la ligne de commande/.test(page); i++) {
      await new Promise((r) => setTimeout(r, 200));
      page = await landing();
    }
    assert.match(page, /Publié par la ligne de commande\./);
    const builds = readdirSync(join(site, 'builds'));
    assert.equal(builds.length, 2, 'the build before last is removed');
    assert.ok(builds.includes(before.replace('builds/', '')), 'the one before stays, for rollback');
  });

  test('a refused publish leaves no build behind; the live build and the one before it (rollback) stay', () => {
    const builds = spawnSync('ls', [join(site, 'builds')], { encoding: 'utf8' })
      .stdout.trim()
      .split('\n');
    assert.equal(builds.length, 2);
    assert.ok(existsSync(join(liveBuild(site)!, 'site', 'server', 'entry.mjs')));
  });

  test('after a publish, the server build of npm start is made from the published copy, not from drafts', () => {
    writeFileSync(
      join(root, ID, 'fr.md'),
      fr().replace(/^headline: .*$/m, 'headline: "Brouillon jamais publié."'),
    );
    const out = join(site, 'npm-start-build');
    const build = spawnSync(process.execPath, ['scripts/build.ts'], {
      encoding: 'utf8',
      env: {
        ...process.env,
        COUNTERPOINT_MODE: 'server',
        COUNTERPOINT_OUT: out,
        PUBLISH_DIR: site,
        SITE_URL: SITE,
      },
    });
    assert.equal(build.status, 0, build.stderr);
    const html = readFileSync(join(out, 'client', 'fr', ID, 'index.html'), 'utf8');
    assert.match(html, /Publié par la ligne de commande\./);
    assert.doesNotMatch(html, /Brouillon jamais publié/);
  });
});
