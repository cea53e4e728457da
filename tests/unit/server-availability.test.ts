import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { addUser } from '../../src/core/auth/index.ts';
import { openStore } from '../../src/core/metrics/index.ts';
import { spawnFullServer } from '../fixtures/spawn-server.ts';

// Issue 15, availability: the real `npm start` server over a real build and a real SQLite file, attacked
// from outside the process. Every 127.x.y.z address is loopback on Linux, so each attacker and the
// normal reader bind their sockets to an address of their own (`localAddress`).
mkdirSync('test-results', { recursive: true });
const out = mkdtempSync(join('test-results', 'availability-build-'));
const dir = mkdtempSync(join(tmpdir(), 'cp-avail-'));
const PAGE = '/fr/safe-journeys-senegal-2027/';
const PASSWORD = 'a long enough password';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

before(() => {
  const build = spawnSync(process.execPath, ['scripts/build.ts'], {
    encoding: 'utf8',
    env: { ...process.env, COUNTERPOINT_MODE: 'server', COUNTERPOINT_OUT: out },
  });
  assert.equal(build.status, 0, build.stderr);
});
after(() => rmSync(out, { recursive: true, force: true }));

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  ms: number;
}

/** One HTTP request from a given local address (0 as status when the connection failed). */
function send(
  base: string,
  path: string,
  opts: {
    from: string;
    method?: string;
    headers?: Record<string, string>;
    body?: string;
    timeoutMs?: number;
  },
): Promise<Answer> {
  const started = Date.now();
  const url = new URL(base);
  return new Promise((resolve) => {
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        path,
        method: opts.method ?? 'GET',
        localAddress: opts.from,
        agent: false,
        headers: { connection: 'close', ...opts.headers },
        timeout: opts.timeoutMs ?? 5000,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (body += d));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body, ms: Date.now() - started }),
        );
        res.on('error', () => resolve({ status: 0, headers: {}, body, ms: Date.now() - started }));
      },
    );
    req.on('timeout', () => req.destroy());
    req.on('error', (e) => resolve({ status: 0, headers: {}, body: e.message, ms: Date.now() - started }));
    req.end(opts.body);
  });
}

/** A socket from `from` that writes `data` and then never reads (paused: whatever comes stays unread). */
function neverReads(port: number, from: string, data: string): Promise<Socket> {
  return new Promise((ok) => {
    const s = connect({ port, host: '127.0.0.1', localAddress: from }, () => {
      s.pause();
      s.write(data);
      ok(s);
    });
    s.on('error', () => ok(s));
  });
}

/** Asks for the page from `from` every 250 ms until it is served or `withinMs` have passed. */
async function servedWithin(base: string, from: string, withinMs: number): Promise<Answer> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const r = await send(base, PAGE, { from, timeoutMs: 2000 });
    if (r.status === 200 || Date.now() > deadline) return r;
    await sleep(250);
  }
}

const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.ceil(xs.length * 0.95) - 1]!;

describe('connections that never read', () => {
  let base = '';
  let port = 0;
  let stop: (() => Promise<void>) | undefined;
  before(async () => {
    ({ base, stop } = await spawnFullServer(out, {
      DATABASE_URL: `sqlite:${join(dir, 'connections.db')}`,
      HEADERS_TIMEOUT_MS: '1000',
      REQUEST_TIMEOUT_MS: '2000',
      MAX_CONNECTIONS: '150',
      MAX_PER_ADDRESS: '40',
    }));
    port = Number(new URL(base).port);
  });
  after(async () => await stop?.());

  test('after the 400 for a partial request the socket is closed, read or not: its slot is free again', async () => {
    const from = '127.0.3.1';
    const held = await Promise.all(
      Array.from({ length: 40 }, () => neverReads(port, from, 'GET / HTTP/1.1\r\nhost: x\r\n')),
    );
    // Headers timeout (1 s), checked every second, the 400, and a margin for a loaded machine.
    await sleep(2000);
    const r = await servedWithin(base, from, 8000);
    for (const s of held) s.destroy();
    assert.equal(r.status, 200, 'the address has its connections back');
  });

  test('a connection that says nothing is closed after the request timeout', async () => {
    const from = '127.0.3.2';
    const held = await Promise.all(Array.from({ length: 40 }, () => neverReads(port, from, '')));
    const r = await servedWithin(base, from, 8000);
    for (const s of held) s.destroy();
    assert.equal(r.status, 200);
  });

  test('11 addresses filling every connection with requests they never finish or read: a reader from another address still gets pages (p95 under 1 s)', async (t) => {
    let attacking = true;
    const sockets: { s: Socket; at: number }[] = [];
    // Each address opens a connection every 50 ms that sends part of a request and never reads; it
    // cannot see when the server lets go of one (it reads nothing), so it drops its own after 4 s.
    const attacker = async (from: string) => {
      while (attacking) {
        sockets.push({
          s: await neverReads(port, from, 'GET / HTTP/1.1\r\nhost: x\r\nx-slow: '),
          at: Date.now(),
        });
        while (sockets.length && Date.now() - sockets[0]!.at > 4000) sockets.shift()!.s.destroy();
        await sleep(50);
      }
    };
    // 11 addresses against 150 connections in all, 40 per address at most.
    const attackers = Array.from({ length: 11 }, (_, a) => attacker(`127.0.1.${a + 1}`));
    await sleep(1500);
    const times: number[] = [];
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) {
      const r = await send(base, PAGE, { from: '127.0.2.1', timeoutMs: 5000 });
      statuses.push(r.status);
      times.push(r.ms);
      await sleep(50);
    }
    attacking = false;
    await Promise.all(attackers);
    for (const { s } of sockets) s.destroy();
    assert.deepEqual(
      statuses.filter((s) => s !== 200),
      [],
      `statuses ${statuses.join(' ')}`,
    );
    t.diagnostic(`reader during the attack: p95 ${p95(times)} ms, max ${Math.max(...times)} ms`);
    assert.ok(p95(times) < 1000, `p95 ${p95(times)} ms; times ${times.join(' ')}`);
  });
});

describe('answers that are never read', () => {
  let base = '';
  let stop: (() => Promise<void>) | undefined;
  before(async () => {
    ({ base, stop } = await spawnFullServer(out, {
      DATABASE_URL: `sqlite:${join(dir, 'unread.db')}`,
      HEADERS_TIMEOUT_MS: '1000',
      REQUEST_TIMEOUT_MS: '2000',
      MAX_PER_ADDRESS: '1',
    }));
  });
  after(async () => await stop?.());

  test('a client that asks for more than the socket buffers hold and never reads is cut off after the request timeout', async () => {
    const from = '127.0.3.3';
    // 5,000 pipelined requests for the landing page: megabytes of answers, far past what the kernel
    // buffers on both sides hold, so the server's writes stop moving.
    const held = await neverReads(
      Number(new URL(base).port),
      from,
      `GET ${PAGE} HTTP/1.1\r\nhost: x\r\n\r\n`.repeat(5000),
    );
    // Writes stop moving within a few seconds (the first answers are slower on a cold server), then
    // the request timeout (2 s), checked every second; a generous deadline for a loaded machine.
    const r = await servedWithin(base, from, 15_000);
    held.destroy();
    assert.equal(
      r.status,
      200,
      `the stalled connection was closed, so the address may connect again (${r.status} after ${r.ms} ms ${r.body.slice(0, 100)})`,
    );
  });
});

describe('sign-in flood', () => {
  let base = '';
  let stop: (() => Promise<void>) | undefined;
  const db = join(dir, 'sign-in.db');
  before(async () => {
    const store = await openStore(`sqlite:${db}`);
    await addUser(store, 'real@example.org', PASSWORD, ['example-migration-centre-dakar'], 'evaluator');
    await store.close();
    // No proxy: the address is the socket's, and each attacker has its own.
    ({ base, stop } = await spawnFullServer(out, { DATABASE_URL: `sqlite:${db}` }));
  });
  after(async () => await stop?.());

  // The real user waits as long as a browser would; the flood gives up sooner (it only wants to flood).
  const signIn = (from: string, email: string, password: string, timeoutMs = 30_000) =>
    send(base, '/dashboard/login/', {
      from,
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
      body: new URLSearchParams({ email, password }).toString(),
      timeoutMs,
    });

  test('40 concurrent sign-ins with fresh e-mails from 12 addresses: the real user, from another address, signs in on the first or second try', async (t) => {
    let flooding = true;
    const statuses = new Map<number, number>();
    let n = 0;
    const flooder = async (from: string) => {
      while (flooding) {
        const r = await signIn(from, `fresh-${n++}@example.org`, 'nope nope nope', 5000);
        statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
      }
    };
    const flood = Array.from({ length: 40 }, (_, i) => flooder(`127.0.6.${(i % 12) + 1}`));
    await sleep(1500);
    const tries: number[] = [];
    for (let i = 0; i < 2 && tries.at(-1) !== 303; i++) {
      if (i) await sleep(5000); // the Retry-After of a busy answer
      tries.push((await signIn('127.0.7.1', 'real@example.org', PASSWORD)).status);
    }
    flooding = false;
    await Promise.all(flood);
    t.diagnostic(`flood answers: ${JSON.stringify(Object.fromEntries(statuses))}; real user: ${tries}`);
    assert.equal(tries.at(-1), 303, `the real user's tries: ${tries.join(', ')}`);
  });
});

describe('one canonical path: one policy, one handler', () => {
  let base = '';
  let stop: (() => Promise<void>) | undefined;
  before(async () => {
    ({ base, stop } = await spawnFullServer(out, { DATABASE_URL: `sqlite:${join(dir, 'paths.db')}` }));
  });
  after(async () => await stop?.());
  const csp = (r: Answer) => String(r.headers['content-security-policy'] ?? '');
  const get = (path: string, method = 'GET') => send(base, path, { from: '127.0.0.1', method });

  test('an alias of a dashboard path redirects to the canonical one; nothing answers under it with the public policy', async () => {
    const dashboardCsp = csp(await get('/dashboard/login/'));
    assert.match(dashboardCsp, /script-src 'self' 'sha256-/);
    for (const alias of [
      '/%64ashboard/login/',
      '//dashboard/login/',
      '/dashboard//login/',
      '/./dashboard/login/',
      '/a/../dashboard/login/',
      '/%2e/dashboard/login/',
      '/\\dashboard/login/',
    ]) {
      const r = await get(`${alias}?next=%2Fdashboard%2F`);
      assert.equal(r.status, 301, alias);
      assert.equal(r.headers.location, '/dashboard/login/?next=%2Fdashboard%2F', alias);
      assert.equal(csp(r), dashboardCsp, alias);
    }
    for (const notAlias of [
      '/Dashboard/login/',
      '/DASHBOARD/',
      '/dashboard%2Flogin/',
      '/dashboard%5Clogin/',
    ]) {
      const r = await get(notAlias);
      assert.equal(r.status, 404, notAlias);
      assert.equal(csp(r), dashboardCsp, notAlias);
    }
    // A public page keeps its own policy (the beacon's hash), and its aliases redirect too.
    assert.doesNotMatch(csp(await get(PAGE)), /script-src 'self'/);
    const alias = await get('/fr//safe-journeys-senegal-2027/');
    assert.equal(alias.status, 301);
    assert.equal(alias.headers.location, PAGE);
    assert.equal((await get('/go/%')).status, 400);
  });

  test('a POST to a path without its trailing slash is redirected 308, so the form is sent again as a POST', async () => {
    const r = await send(base, '/dashboard/login', {
      from: '127.0.0.1',
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
      body: 'email=nobody%40example.org&password=wrong+password',
    });
    assert.equal(r.status, 308);
    assert.equal(r.headers.location, '/dashboard/login/');
    const get = await send(base, '/dashboard/login?next=%2Fdashboard%2F', { from: '127.0.0.1' });
    assert.equal(get.status, 301);
    assert.equal(get.headers.location, '/dashboard/login/?next=%2Fdashboard%2F');
    const again = await send(base, r.headers.location, {
      from: '127.0.0.1',
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
      body: 'email=nobody%40example.org&password=wrong+password',
    });
    assert.equal(again.status, 401, 'the form reached the sign-in');
  });
});
