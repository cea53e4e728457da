import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { request as httpRequest } from 'node:http';
import { connect as http2Connect } from 'node:http2';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import { addUser } from '../../src/core/auth/index.ts';
import { openStore, queryTotals } from '../../src/core/metrics/index.ts';
import { renderNginxConfig } from '../../src/server/deploy/nginx.ts';
import { securityPolicy } from '../../src/server/security.ts';

/**
 * The production path of the README's Deploy section, for real: Debian's nginx with TLS and HTTP/2 in
 * front of `npm start` (TRUST_PROXY=1), configured by `counterpoint deploy nginx`, everything on
 * loopback. Readers connect from different loopback addresses (127.0.0.x) so the test sees which
 * address the server took for theirs.
 */
const NGINX = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((p) => existsSync(p));
const UA =
  'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36';
const CAMPAIGN = 'safe-journeys-senegal-2027';

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((ok) => s.listen(0, '127.0.0.1', ok));
  const port = (s.address() as { port: number }).port;
  await new Promise((ok) => s.close(ok));
  return port;
}

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** Each header's raw lines, to see a header sent twice. */
  raw: string[];
  body: Buffer;
}

function call(
  url: string,
  opts: { method?: string; headers?: Record<string, string>; body?: string; from?: string } = {},
): Promise<Answer> {
  const u = new URL(url);
  const request = u.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((ok, fail) => {
    const req = request(
      u,
      {
        method: opts.method ?? 'GET',
        headers: { 'user-agent': UA, ...opts.headers },
        rejectUnauthorized: false,
        ...(opts.from && { localAddress: opts.from }),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () =>
          ok({
            status: res.statusCode ?? 0,
            headers: res.headers,
            raw: res.rawHeaders,
            body: Buffer.concat(chunks),
          }),
        );
      },
    );
    req.on('error', fail);
    req.end(opts.body);
  });
}

/** How many times a header appears in an answer. */
const times = (a: Answer, name: string) =>
  a.raw.filter((_, i) => i % 2 === 0).filter((h) => h.toLowerCase() === name).length;

const SECURITY = [
  'content-security-policy',
  'x-content-type-options',
  'referrer-policy',
  'x-frame-options',
  'cross-origin-opener-policy',
  'cross-origin-resource-policy',
  'permissions-policy',
];

if (!NGINX)
  test('behind nginx', {
    skip: 'nginx is not installed: apt-get install -y nginx (.ci/run installs it) to run the reverse-proxy test',
  }, () => {});
else
  describe('behind nginx (TLS, HTTP/2, TRUST_PROXY=1)', () => {
    const work = mkdtempSync(join(tmpdir(), 'cp-proxy-'));
    mkdirSync('test-results', { recursive: true });
    const out = resolve(mkdtempSync(join('test-results', 'proxy-build-')));
    const db = join(work, 'proxy.db');
    let site = '';
    let plain = '';
    let server: ChildProcess;
    let nginx: ChildProcess;
    const logLines: string[] = [];

    before(async () => {
      const [httpsPort, httpPort] = [await freePort(), await freePort()];
      site = `https://localhost:${httpsPort}`;
      plain = `http://localhost:${httpPort}`;
      const build = spawnSync(process.execPath, ['scripts/build.ts'], {
        encoding: 'utf8',
        env: { ...process.env, COUNTERPOINT_MODE: 'server', COUNTERPOINT_OUT: out, SITE_URL: site },
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

      server = spawn(process.execPath, ['tests/fixtures/full-server.ts'], {
        env: {
          ...process.env,
          DATABASE_URL: `sqlite:${db}`,
          SITE_URL: site,
          TRUST_PROXY: '1',
          REQUEST_LOG: 'json',
          SERVER_ENTRY: join(out, 'server/entry.mjs'),
        },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let pending = '';
      const port = await new Promise<string>((ok, fail) => {
        server.stdout!.on('data', (d: Buffer) => {
          pending += d.toString();
          const lines = pending.split('\n');
          pending = lines.pop()!;
          for (const line of lines) {
            if (/^\d+$/.test(line)) ok(line);
            else logLines.push(line);
          }
        });
        server.once('exit', () => fail(new Error('the server exited before it listened')));
      });

      const key = join(work, 'key.pem');
      const cert = join(work, 'cert.pem');
      const ssl = spawnSync('openssl', [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '2',
        '-subj',
        '/CN=localhost',
        '-keyout',
        key,
        '-out',
        cert,
      ]);
      assert.equal(ssl.status, 0, ssl.stderr?.toString());
      const siteConfig = renderNginxConfig(
        {
          serverName: 'localhost',
          root: join(out, 'client'),
          upstream: `127.0.0.1:${port}`,
          certificate: cert,
          certificateKey: key,
          listen: `127.0.0.1:${httpsPort}`,
          listenHttp: `127.0.0.1:${httpPort}`,
        },
        await securityPolicy(),
      );
      for (const d of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(join(work, d));
      writeFileSync(
        join(work, 'nginx.conf'),
        `${process.getuid?.() === 0 ? 'user root;\n' : ''}daemon off;
worker_processes 1;
pid ${work}/nginx.pid;
error_log ${work}/error.log warn;
events { worker_connections 256; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    client_body_temp_path ${work}/body;
    proxy_temp_path ${work}/proxy;
    fastcgi_temp_path ${work}/fastcgi;
    uwsgi_temp_path ${work}/uwsgi;
    scgi_temp_path ${work}/scgi;
${siteConfig}
}
`,
      );
      const check = spawnSync(NGINX, ['-t', '-c', join(work, 'nginx.conf'), '-p', work], {
        encoding: 'utf8',
      });
      assert.equal(check.status, 0, `nginx -t: ${check.stderr}`);
      nginx = spawn(NGINX, ['-c', join(work, 'nginx.conf'), '-p', work], { stdio: 'ignore' });
      for (let i = 0; i < 100; i++) {
        const up = await call(`${site}/healthz`).catch(() => undefined);
        if (up?.status === 200) break;
        await new Promise((r) => setTimeout(r, 100));
      }
    });
    after(async () => {
      nginx?.kill('SIGQUIT');
      server?.kill();
      await new Promise((r) => setTimeout(r, 200));
      rmSync(out, { recursive: true, force: true });
    });

    test('pages come from nginx over HTTP/2, compressed, revalidated, with each security header once', async () => {
      const page = await call(`${site}/fr/${CAMPAIGN}/`, { headers: { 'accept-encoding': 'gzip' } });
      assert.equal(page.status, 200);
      assert.equal(page.headers['content-encoding'], 'gzip');
      assert.match(gunzipSync(page.body).toString(), /<html lang="fr" dir="ltr"/);
      assert.equal(page.headers['cache-control'], 'no-cache');
      for (const h of SECURITY) assert.equal(times(page, h), 1, `${h} once on a static page`);
      assert.equal(
        logLines.some((l) => l.includes(`/fr/${CAMPAIGN}/"`)),
        false,
        'nginx served the page, not Node',
      );

      const h2 = http2Connect(site, { rejectUnauthorized: false });
      const status = await new Promise<number>((ok, fail) => {
        const s = h2.request({ ':path': `/en/${CAMPAIGN}/` });
        s.on('response', (h) => ok(Number(h[':status'])));
        s.on('error', fail);
        s.resume();
      });
      h2.close();
      assert.equal(status, 200, 'HTTP/2 at the proxy');

      const embed = await call(`${site}/embed/eastern-route-afghanistan-2027.js`);
      assert.equal(embed.status, 200);
      assert.equal(embed.headers['cross-origin-resource-policy'], 'cross-origin');
      assert.equal(times(embed, 'cross-origin-resource-policy'), 1);
      assert.match(String(embed.headers['cache-control']), /max-age=300/);

      const redirect = await call(`${plain}/fr/`);
      assert.equal(redirect.status, 301);
      assert.match(String(redirect.headers['location']), /^https:\/\/localhost(:\d+)?\/fr\/$/);
    });

    test('beacons count each reader by the address nginx saw, not by what the client wrote', async () => {
      const beacon = (from: string, spoof: string) =>
        call(`${site}/api/collect`, {
          method: 'POST',
          from,
          headers: { 'content-type': 'text/plain', 'x-forwarded-for': spoof },
          body: JSON.stringify({ c: CAMPAIGN, l: 'fr', t: 'view' }),
        });
      const answers = [
        await beacon('127.0.0.2', '203.0.113.7'),
        await beacon('127.0.0.3', '203.0.113.8'),
        await beacon('127.0.0.3', '198.51.100.9'),
      ];
      assert.deepEqual(
        answers.map((a) => a.status),
        [204, 204, 204],
      );
      for (const a of answers)
        for (const h of ['content-security-policy', 'x-content-type-options']) assert.equal(times(a, h), 1);
      const store = await openStore(`sqlite:${db}`);
      const rows = await queryTotals(store, CAMPAIGN, ['metric'], 'site');
      await store.close();
      const value = (m: string) => rows.find((r) => r['metric'] === m)?.value;
      assert.equal(value('page-views'), 3);
      assert.equal(
        value('unique-visitors'),
        2,
        'two readers: 127.0.0.2 and 127.0.0.3, whatever X-Forwarded-For they wrote',
      );
    });

    test('dashboard sign-in over the proxy gives a Secure cookie; its answers carry the dashboard policy once', async () => {
      const form = await call(`${site}/dashboard/login/`);
      assert.equal(form.status, 200);
      assert.match(String(form.headers['content-security-policy']), /script-src 'self' 'sha256-/);
      for (const h of SECURITY) assert.equal(times(form, h), 1, `${h} once on a proxied page`);
      assert.equal(form.headers['cache-control'], 'no-store');
      const signIn = await call(`${site}/dashboard/login/`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
        body: new URLSearchParams({
          email: 'eva@example.org',
          password: 'a long enough password',
        }).toString(),
      });
      assert.equal(signIn.status, 303);
      assert.match(String(signIn.headers['set-cookie']), /; Secure/);
    });

    test('health check through the proxy, and request logs without addresses or user agents', async () => {
      const health = await call(`${site}/healthz`);
      assert.equal(health.status, 200);
      assert.deepEqual(JSON.parse(health.body.toString()), { status: 'ok', store: 'sqlite' });
      await new Promise((r) => setTimeout(r, 200));
      const entries = logLines.map((l) => JSON.parse(l) as Record<string, unknown>);
      assert.ok(entries.some((e) => e['path'] === '/api/collect' && e['status'] === 204));
      const all = logLines.join('\n');
      for (const secret of ['127.0.0.2', '127.0.0.3', '203.0.113.7', 'Android', 'eva@example.org'])
        assert.equal(all.includes(secret), false, `${secret} is not in the request log`);
      for (const e of entries)
        for (const k of Object.keys(e))
          assert.ok(
            ['time', 'method', 'path', 'status', 'ms', 'bytes', 'aborted'].includes(k),
            `log field ${k}`,
          );
    });
  });
