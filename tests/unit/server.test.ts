import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { Agent, get } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { addUser } from '../../src/core/auth/index.ts';
import { DatabaseSync } from 'node:sqlite';
import { loadCampaigns } from '../../src/core/workspace/index.ts';
import { openStore } from '../../src/core/metrics/index.ts';
import { trackedLinks } from '../../src/core/site/index.ts';
import { canPrintPdf } from '../../src/views/pdf.ts';
import { withinOneMinute } from '../fixtures/minute.ts';

// The real server over a real server build and a real SQLite file, attacked from outside the process.
const UA =
  'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36';
const SITE = 'http://counterpoint.test';
const dir = mkdtempSync(join(tmpdir(), 'cp-server-'));
const db = join(dir, 'server.db');
// Inside the checkout: the server build imports its packages from node_modules.
mkdirSync('test-results', { recursive: true });
const out = mkdtempSync(join('test-results', 'server-build-'));
let child: ChildProcess;
let base = '';
let port = 0;
let exited: number | null | undefined;

before(async () => {
  const build = spawnSync(process.execPath, ['scripts/build.ts'], {
    encoding: 'utf8',
    env: { ...process.env, COUNTERPOINT_MODE: 'server', COUNTERPOINT_OUT: out, SITE_URL: SITE },
  });
  assert.equal(build.status, 0, build.stderr);
  const store = await openStore(`sqlite:${db}`);
  await addUser(
    store,
    'eva@example.org',
    'a long enough password',
    ['example-migration-centre-dakar'],
    'evaluator',
  );
  await store.close();
  child = spawn(process.execPath, ['tests/fixtures/full-server.ts'], {
    env: {
      ...process.env,
      DATABASE_URL: `sqlite:${db}`,
      SITE_URL: SITE,
      SERVER_ENTRY: join(out, 'server/entry.mjs'),
      HEADERS_TIMEOUT_MS: '1500',
      REQUEST_TIMEOUT_MS: '3000',
      MAX_PER_ADDRESS: '60',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.on('exit', (code) => (exited = code));
  child.stderr!.resume();
  port = Number(
    await new Promise<string>((ok, fail) => {
      child.stdout!.once('data', (d: Buffer) => ok(d.toString().trim()));
      child.once('exit', () => fail(new Error('server exited before it listened')));
    }),
  );
  base = `http://127.0.0.1:${port}`;
});
after(async () => {
  if (child && exited === undefined)
    await new Promise((r) => {
      child.once('exit', r);
      child.kill();
    });
  child?.stdout?.destroy();
  child?.stderr?.destroy();
  rmSync(out, { recursive: true, force: true });
});

/** One request written by hand on a socket, so nothing (not even fetch) tidies it first. */
function raw(
  request: string | Buffer,
  timeoutMs = 5000,
): Promise<{ status: number; head: string; closedAfterMs: number }> {
  return new Promise((resolve) => {
    const started = Date.now();
    const socket = connect(port, '127.0.0.1');
    let data = '';
    socket.on('data', (d) => (data += d.toString('latin1')));
    const done = () => {
      clearTimeout(timer);
      const head = data.split('\r\n\r\n')[0] ?? '';
      resolve({
        status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0),
        head,
        closedAfterMs: Date.now() - started,
      });
    };
    const timer = setTimeout(() => {
      socket.destroy();
      done();
    }, timeoutMs);
    socket.on('close', done);
    socket.on('error', () => {});
    socket.write(request);
  });
}

async function stillServes() {
  assert.equal(exited, undefined, 'the server process is still running');
  const r = await fetch(`${base}/fr/safe-journeys-senegal-2027/`);
  assert.equal(r.status, 200);
}

describe('no request ends the process', () => {
  test('a malformed percent-encoding in a tracked link is answered 400, and the server still serves', async () => {
    for (const path of ['/go/%', '/go/%zz', '/go/%c0%af', '/go/%E0%A4%A']) {
      const r = await raw(`GET ${path} HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n`);
      assert.equal(r.status, 400, path);
    }
    await stillServes();
  });

  test('fuzz: 3,000 random paths, methods, headers and bodies; no answer is a 5xx and the server still serves', async () => {
    // A small seeded generator (mulberry32), so a failure can be replayed.
    let seed = 20261201;
    const rnd = () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
    const junk = (n: number) =>
      Array.from({ length: n }, () => String.fromCharCode(33 + Math.floor(rnd() * 94))).join('');
    const prefixes = [
      '/',
      '/go/',
      '/api/collect',
      '/api/offer-check',
      '/api/offer-report',
      '/embed/eastern-route-afghanistan-2027.js',
      '/dashboard/',
      '/dashboard/safe-journeys-senegal-2027/offers/',
      '/dashboard/safe-journeys-senegal-2027/offers/claim/',
      '/dashboard/safe-journeys-senegal-2027/claims/',
      '/dashboard/login',
      '/dashboard/logout',
      '/dashboard/safe-journeys-senegal-2027/',
      '/dashboard/safe-journeys-senegal-2027/report.csv',
      '/fr/',
      '/fr/safe-journeys-senegal-2027/',
      '/_image',
      '/_server-islands/x',
      '/_astro/',
      '/404/',
    ];
    const pieces = [
      '%',
      '%zz',
      '%00',
      '%c0%af',
      '..',
      '%2e%2e/',
      '//',
      '\\',
      '?next=//evil',
      '?sort=cost&from=2027-13-99',
      '?channel=%ff',
      `?${'a='.repeat(300)}`,
      '#x',
      'ü',
      '%F0%9F%92%A9',
      'index.html',
      'report.pdf',
    ];
    const methods = [
      'GET',
      'GET',
      'POST',
      'POST',
      'HEAD',
      'PUT',
      'DELETE',
      'OPTIONS',
      'PATCH',
      'TRACE',
      'PROPFIND',
      'X',
    ];
    const headerSets: (() => string[])[] = [
      () => [],
      () => [
        `content-type: ${pick(['application/json', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', junk(10)])}`,
      ],
      () => [`origin: ${pick(['http://evil.example', 'null', SITE, junk(20)])}`],
      () => [`sec-fetch-site: ${pick(['cross-site', 'same-origin', 'none', junk(5)])}`],
      () => [
        `cookie: cp_session=${junk(43)}`,
        `accept-language: ${pick(['*', 'fr;q=abc', ',,,;q=', junk(50)])}`,
      ],
      () => [
        `x-forwarded-for: ${pick(['', ',,,', junk(30), '1.1.1.1, 2.2.2.2'])}`,
        `user-agent: ${pick(['', UA, junk(200), 'Googlebot/2.1'])}`,
      ],
      () => [`content-length: ${pick(['-1', '99999999999', 'abc', '0'])}`],
    ];
    const bodies = () =>
      pick([
        '',
        '{}',
        'null',
        '[]',
        '{"c":"safe-journeys-senegal-2027","l":"fr","t":"view"}',
        `{"c":${'['.repeat(2000)}`,
        'email=a&password=b&next=//evil',
        junk(Math.floor(rnd() * 3000)),
        '\u0000\u0001\u0002',
      ]);
    const statuses = new Map<number, number>();
    const failing: string[] = [];
    const requests = Array.from({ length: 3000 }, () => {
      const method = pick(methods);
      const path =
        pick(prefixes) + Array.from({ length: Math.floor(rnd() * 3) }, () => pick(pieces)).join('');
      const body = method === 'GET' || method === 'HEAD' ? '' : bodies();
      const headers = [
        `host: ${pick(['127.0.0.1', 'counterpoint.test', junk(8)])}`,
        ...pick(headerSets)(),
        ...pick(headerSets)(),
      ];
      if (!headers.some((h) => h.startsWith('content-length')))
        headers.push(`content-length: ${Buffer.byteLength(body)}`);
      return `${method} ${path} HTTP/1.1\r\n${headers.join('\r\n')}\r\nconnection: close\r\n\r\n${body}`;
    });
    for (let i = 0; i < requests.length; i += 25) {
      const batch = requests.slice(i, i + 25);
      const answers = await Promise.all(batch.map((r) => raw(r, 4000)));
      answers.forEach((a, j) => {
        statuses.set(a.status, (statuses.get(a.status) ?? 0) + 1);
        if (a.status >= 500 && failing.length < 5) failing.push(batch[j]!.slice(0, 300));
      });
    }
    const fives = [...statuses].filter(([s]) => s >= 500);
    assert.deepEqual(
      fives,
      [],
      `5xx answers: ${JSON.stringify(Object.fromEntries(statuses))}; for example:\n${failing.join('\n---\n')}`,
    );
    await stillServes();
  });

  test('garbage that is not HTTP at all gets a 400 and a closed connection', async () => {
    for (const junk of [
      '\u0000\u0001\u0002\r\n\r\n',
      'GET / HTTP/9.9\r\n\r\n',
      'GET / HTTP/1.1\r\nhost: x\r\nbad header\r\n\r\n',
      `GET /${'a'.repeat(20_000)} HTTP/1.1\r\nhost: x\r\n\r\n`,
    ]) {
      const r = await raw(junk);
      assert.ok([400, 414, 431].includes(r.status), `${JSON.stringify(junk.slice(0, 20))} → ${r.status}`);
    }
    await stillServes();
  });
});

describe('slow and oversized clients', () => {
  test('a client that never finishes its headers is cut off after the headers timeout', async () => {
    const r = await raw('GET / HTTP/1.1\r\nhost: x\r\n', 8000);
    assert.ok(r.closedAfterMs < 6000, `closed after ${r.closedAfterMs} ms`);
    await stillServes();
  });

  test('one address cannot hold every connection: past its share new ones are closed, and others still get in', async () => {
    const held = await Promise.all(
      Array.from(
        { length: 60 },
        () =>
          new Promise<import('node:net').Socket>((ok) => {
            const s = connect(port, '127.0.0.1', () => ok(s));
            s.on('error', () => {});
          }),
      ),
    );
    const refused = await raw('GET / HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n', 3000);
    assert.equal(refused.status, 0, 'the 61st connection from one address is closed without an answer');
    for (const s of held) s.destroy();
    await new Promise((r) => setTimeout(r, 200));
    await stillServes();
  });

  test('a body over the limit is refused as soon as it passes it, without waiting for the rest', async () => {
    // 10 MB announced as chunked, of which only the first 2 KB is ever sent.
    const r = await raw(
      `POST /api/collect HTTP/1.1\r\nhost: x\r\nuser-agent: ${UA}\r\ntransfer-encoding: chunked\r\n\r\n800\r\n${'x'.repeat(2048)}\r\n`,
      8000,
    );
    assert.equal(r.status, 413);
    assert.ok(r.closedAfterMs < 2000, `answered and closed after ${r.closedAfterMs} ms`);
  });
});

describe('headers and origins', () => {
  const csp = (r: Response) => r.headers.get('content-security-policy') ?? '';
  const hashesIn = (policy: string) => [...policy.matchAll(/'(sha256-[^']+)'/g)].map((m) => m[1]);
  const inlineScripts = (html: string) =>
    [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
  const sha = (s: string) => `sha256-${createHash('sha256').update(s).digest('base64')}`;

  test('every kind of response carries the security headers, from one place', async () => {
    const session = await signIn();
    const answers = await Promise.all([
      fetch(`${base}/`),
      fetch(`${base}/fr/safe-journeys-senegal-2027/`),
      fetch(`${base}/no-such-page/`),
      fetch(`${base}/go/nope`),
      fetch(`${base}/go/%`),
      fetch(`${base}/api/collect`, { method: 'POST', body: 'x', headers: { 'user-agent': UA } }),
      fetch(`${base}/dashboard/login/`),
      fetch(`${base}/dashboard/safe-journeys-senegal-2027/`, { headers: { cookie: session } }),
      fetch(`${base}/dashboard/safe-journeys-senegal-2027/report.csv`, { headers: { cookie: session } }),
    ]);
    for (const r of answers) {
      const where = `${r.url} (${r.status})`;
      assert.match(csp(r), /frame-ancestors 'none'/, where);
      assert.match(csp(r), /default-src 'none'/, where);
      assert.equal(r.headers.get('x-content-type-options'), 'nosniff', where);
      assert.equal(r.headers.get('referrer-policy'), 'no-referrer', where);
    }
  });

  test("every answer of the collector carries the API's security headers, each once", async () => {
    const beacon = (body: string, init: RequestInit = {}) =>
      fetch(`${base}/api/collect`, { method: 'POST', body, ...init, headers: { 'user-agent': UA } });
    const answers = [
      await beacon(JSON.stringify({ c: 'safe-journeys-senegal-2027', l: 'fr', t: 'view' })),
      await fetch(`${base}/api/collect`, { headers: { 'user-agent': UA } }),
      await beacon(JSON.stringify({ c: 'no-such-campaign', l: 'fr', t: 'view' })),
      await beacon(JSON.stringify({ c: 'safe-journeys-senegal-2027', l: 'fr', t: 'nonsense' })),
      await beacon('x'.repeat(2048)),
    ];
    assert.deepEqual(
      answers.map((r) => r.status),
      [204, 405, 404, 400, 413],
    );
    for (const r of answers) {
      const where = `${r.status}`;
      // A header sent twice reaches fetch as one value joined by ", ".
      assert.equal(csp(r), "default-src 'none'; frame-ancestors 'none'", where);
      assert.equal(r.headers.get('x-content-type-options'), 'nosniff', where);
      assert.equal(r.headers.get('referrer-policy'), 'no-referrer', where);
      assert.equal(r.headers.get('cache-control'), 'no-store', where);
    }
  });

  test("the one inline script of a landing page is the beacon, allowed by its hash; the dashboard runs only its own same-origin charts' script", async () => {
    const landing = await fetch(`${base}/fr/safe-journeys-senegal-2027/`);
    const scripts = inlineScripts(await landing.text());
    assert.equal(scripts.length, 1);
    assert.deepEqual(hashesIn(csp(landing)), [sha(scripts[0]!)]);
    assert.doesNotMatch(csp(landing), /script-src[^;]*'self'/);

    const dash = await fetch(`${base}/dashboard/safe-journeys-senegal-2027/`, {
      headers: { cookie: await signIn() },
    });
    assert.equal(dash.status, 200);
    const policy = csp(dash);
    assert.match(policy, /script-src 'self' 'sha256-[^']+'; /);
    const html = await dash.text();
    // The charts' data are JSON (never run); the one script that runs is loaded from the server itself.
    assert.deepEqual(
      inlineScripts(html.replaceAll(/<script type="application\/json"[\s\S]*?<\/script>/g, '')),
      [],
    );
    assert.deepEqual(
      [...html.matchAll(/<script[^>]*\bsrc="([^"]+)"/g)].map((m) => m[1]),
      ['/dashboard/charts.js'],
    );
    const script = await fetch(`${base}/dashboard/charts.js`);
    assert.equal(script.status, 200);
    assert.match(script.headers.get('content-type') ?? '', /^text\/javascript/);
    // The same script, inline in the self-contained HTML report, is what the policy's hash allows.
    assert.deepEqual(hashesIn(policy), [sha(await script.text())]);
    for (const s of inlineScripts(html.replaceAll(/<script type="application\/json"[\s\S]*?<\/script>/g, '')))
      assert.ok(
        hashesIn(policy).includes(sha(s)),
        `inline script not allowed by the CSP: ${s.slice(0, 60)}…`,
      );
  });

  test('a sign-in or sign-out posted from another site is refused 403; from this site it works', async () => {
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const body = new URLSearchParams({ email: 'eva@example.org', password: 'a long enough password' });
    for (const headers of [
      { origin: 'http://evil.example' },
      { 'sec-fetch-site': 'cross-site' },
      { origin: 'null' },
      {},
    ] as Record<string, string>[]) {
      const r = await fetch(`${base}/dashboard/login/`, {
        method: 'POST',
        redirect: 'manual',
        headers: { ...form, ...headers },
        body,
      });
      assert.equal(r.status, 403, JSON.stringify(headers));
      assert.equal(r.headers.get('set-cookie'), null);
    }
    const session = await signIn();
    const out = await fetch(`${base}/dashboard/logout/`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: session, origin: 'http://evil.example' },
    });
    assert.equal(out.status, 403);
    assert.equal(
      (await fetch(`${base}/dashboard/`, { redirect: 'manual', headers: { cookie: session } })).status,
      200,
      'the session survived the forged sign-out',
    );
    const beacon = await fetch(`${base}/api/collect`, {
      method: 'POST',
      headers: { 'user-agent': UA, origin: 'http://evil.example' },
      body: '{"c":"safe-journeys-senegal-2027","l":"fr","t":"view"}',
    });
    assert.equal(beacon.status, 403);
    // A partner site's embedded banner may send its impression, only for one of the placements and
    // only from that placement's site (https://example.org in the example campaign).
    const afghanistan = loadCampaigns('campaigns').campaigns.find(
      (c) => c.campaign.id === 'eastern-route-afghanistan-2027',
    )!.campaign;
    const links = trackedLinks(afghanistan);
    const impression = (code: string, origin = 'https://example.org') =>
      fetch(`${base}/api/collect`, {
        method: 'POST',
        headers: { 'user-agent': UA, origin, 'sec-fetch-site': 'cross-site' },
        body: JSON.stringify({ c: afghanistan.id, l: 'ps', t: 'embed-impression', k: code }),
      });
    assert.equal((await impression(links.find((l) => l.partner)!.code)).status, 204);
    assert.equal(
      (await impression(links.find((l) => l.partner)!.code, 'http://partner.example')).status,
      403,
    );
    assert.equal((await impression(links.find((l) => !l.partner)!.code)).status, 404);
  });
});

describe('limits', () => {
  test('tracked-link clicks go through the beacon rate limit: past it the reader is still redirected, the click not counted', async () => {
    const senegal = loadCampaigns('campaigns').campaigns.find(
      (c) => c.campaign.id === 'safe-journeys-senegal-2027',
    )!;
    const code = trackedLinks(senegal.campaign)[0]!.code;
    const clicks = () =>
      Number(
        (
          new DatabaseSync(db)
            .prepare("select count(*) as n from events where type = 'link-click'")
            .get() as { n: number }
        ).n,
      );
    await withinOneMinute(30);
    const before = clicks();
    const statuses = new Set<number>();
    // One client clicking again and again on its one keep-alive connection (the limit is per connection).
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const click = () =>
      new Promise<number>((resolve, reject) =>
        get(`${base}/go/${code}`, { agent, headers: { 'user-agent': `${UA} clicker` } }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode!));
        }).on('error', reject),
      );
    for (let i = 0; i < 130; i++) statuses.add(await click());
    agent.destroy();
    assert.deepEqual([...statuses], [302]);
    assert.equal(clicks() - before, 120);
  });

  test('PDF exports beyond the print queue are answered 503 with Retry-After, not with more browsers', {
    skip: !canPrintPdf() && 'no Chromium here',
  }, async () => {
    const cookie = await signIn();
    const answers = await Promise.all(
      Array.from({ length: 6 }, () =>
        fetch(`${base}/dashboard/safe-journeys-senegal-2027/report.pdf`, { headers: { cookie } }),
      ),
    );
    const busy = answers.filter((r) => r.status === 503);
    assert.ok(busy.length >= 1 && busy.length <= 3, `statuses ${answers.map((r) => r.status)}`);
    for (const r of busy) assert.match(r.headers.get('retry-after') ?? '', /^\d+$/);
    for (const r of answers.filter((a) => a.status === 200))
      assert.equal(r.headers.get('content-type'), 'application/pdf');
  });
});

/** Signs in as a page of this site would (same-origin form post) and returns the session cookie. */
async function signIn(): Promise<string> {
  const r = await fetch(`${base}/dashboard/login/`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: `http://127.0.0.1:${port}` },
    body: new URLSearchParams({ email: 'eva@example.org', password: 'a long enough password' }),
  });
  assert.equal(r.status, 303);
  return r.headers.get('set-cookie')!.split(';')[0]!;
}
