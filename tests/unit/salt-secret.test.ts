import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { sql } from 'kysely';
import { openStore, queryTotals } from '../../src/core/metrics/index.ts';
import { dailySaltFromSecret, readSaltSecret, SaltSecretError } from '../../src/server/salt-secret.ts';

/**
 * Several machines behind one proxy on one PostgreSQL: every server derives the day's visitor salt from
 * SALT_SECRET, so a reader whose beacons reach two servers is one unique visitor.
 */
const SECRET = 'k3Yq0Vb8mXo2c5Rr9TnWzL1sAeGdHfJu7pQiE4yU6tOw';
const CAMPAIGN = 'safe-journeys-senegal-2027';
const UA =
  'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36';

describe('SALT_SECRET', () => {
  test('the daily salt is HMAC-SHA256 of the day: the same for every server, another each day', () => {
    const a = dailySaltFromSecret(Buffer.from(SECRET));
    const b = dailySaltFromSecret(Buffer.from(SECRET));
    assert.deepEqual(a('2027-03-10'), b('2027-03-10'));
    assert.notDeepEqual(a('2027-03-10'), a('2027-03-11'));
    assert.notDeepEqual(a('2027-03-10'), dailySaltFromSecret(Buffer.from(`${SECRET}x`))('2027-03-10'));
    assert.equal(a('2027-03-10').length, 32);
  });

  test('unset is no secret; a short one, two at once or a file others can read are refused by name', () => {
    assert.equal(readSaltSecret({}), undefined);
    assert.deepEqual(readSaltSecret({ SALT_SECRET: `  ${SECRET}\n` }), Buffer.from(SECRET));
    assert.throws(() => readSaltSecret({ SALT_SECRET: 'too short' }), {
      name: 'Error',
      message: /^SALT_SECRET is 9 characters long: use at least 32 random ones/,
    });
    const dir = mkdtempSync(join(tmpdir(), 'cp-salt-'));
    const file = join(dir, 'salt');
    writeFileSync(file, `${SECRET}\n`);
    chmodSync(file, 0o644);
    assert.throws(
      () => readSaltSecret({ SALT_SECRET_FILE: file }),
      (e: Error) => {
        assert.ok(e instanceof SaltSecretError);
        assert.match(
          e.message,
          /^SALT_SECRET_FILE \(.*\) can be read by other users \(mode 644\): chmod 600 it$/,
        );
        return true;
      },
    );
    chmodSync(file, 0o600);
    assert.deepEqual(readSaltSecret({ SALT_SECRET_FILE: file }), Buffer.from(SECRET));
    assert.throws(() => readSaltSecret({ SALT_SECRET: SECRET, SALT_SECRET_FILE: file }), /both set/);
    assert.throws(() => readSaltSecret({ SALT_SECRET_FILE: join(dir, 'none') }), /cannot be read \(ENOENT\)/);
    rmSync(dir, { recursive: true });
  });

  test('npm start refuses a short secret before listening, naming the variable', () => {
    const r = spawnSync(process.execPath, ['src/server/main.ts'], {
      encoding: 'utf8',
      env: { ...process.env, SALT_SECRET: 'short', WORKERS: '1', PORT: '0' },
      timeout: 30_000,
    });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /counterpoint server: SALT_SECRET is 5 characters long/);
  });
});

const pgUrl = process.env['TEST_POSTGRES_URL'];

describe('two servers on one PostgreSQL', { skip: pgUrl ? false : 'TEST_POSTGRES_URL is not set' }, () => {
  mkdirSync('test-results', { recursive: true });
  const out = mkdtempSync(join('test-results', 'salt-build-'));
  const children: ChildProcess[] = [];
  const databases: string[] = [];
  after(async () => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    rmSync(out, { recursive: true, force: true });
    const admin = await openStore(pgUrl!);
    for (const name of databases) await sql.raw(`drop database if exists ${name}`).execute(admin.db);
    await admin.close();
  });

  let built = false;
  const build = () => {
    if (built) return;
    const r = spawnSync(process.execPath, ['scripts/build.ts'], {
      encoding: 'utf8',
      env: { ...process.env, COUNTERPOINT_MODE: 'server', COUNTERPOINT_OUT: out },
    });
    assert.equal(r.status, 0, r.stderr);
    built = true;
  };

  async function freshDatabase(): Promise<string> {
    const name = `cp_salt_${process.pid}_${databases.length}`;
    databases.push(name);
    const admin = await openStore(pgUrl!);
    await sql.raw(`drop database if exists ${name}`).execute(admin.db);
    await sql.raw(`create database ${name}`).execute(admin.db);
    await admin.close();
    const url = new URL(pgUrl!);
    url.pathname = `/${name}`;
    return url.toString();
  }

  /** One `npm start` (one process, as one machine of several would run it) on `database`. */
  async function startServer(database: string, secret: string | undefined) {
    const env: Record<string, string | undefined> = {
      ...process.env,
      WORKERS: '1',
      PORT: '0',
      DATABASE_URL: database,
      SERVER_ENTRY: join(out, 'server/entry.mjs'),
    };
    delete env['SALT_SECRET'];
    delete env['SALT_SECRET_FILE'];
    if (secret) env['SALT_SECRET'] = secret;
    const child = spawn(process.execPath, ['src/server/main.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    child.stderr!.resume();
    const line = await new Promise<string>((ok, fail) => {
      let text = '';
      child.stdout!.on('data', (d) => {
        text += d;
        if (text.includes('\n')) ok(text.split('\n')[0]!);
      });
      child.once('exit', (code) => fail(new Error(`the server exited (${code}) before it listened`)));
    });
    if (secret) assert.match(line, /; salt from SALT_SECRET\)$/);
    const port = Number(/127\.0\.0\.1:(\d+)/.exec(line)![1]);
    const stop = () =>
      new Promise<void>((ok) => {
        child.once('exit', () => ok());
        child.kill('SIGTERM');
      });
    return { port, stop };
  }

  /** One beacon on a connection of its own, from a loopback address of the reader's own. */
  const beacon = (port: number, from: string) =>
    new Promise<number>((ok) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          path: '/api/collect',
          method: 'POST',
          localAddress: from,
          agent: false,
          headers: { 'user-agent': UA, 'content-type': 'text/plain', connection: 'close' },
        },
        (res) => {
          res.resume();
          res.on('end', () => ok(res.statusCode ?? 0));
        },
      );
      req.on('error', () => ok(0));
      req.end(JSON.stringify({ c: CAMPAIGN, l: 'fr', t: 'view' }));
    });
  const reader = (i: number) => `127.0.${1 + Math.floor(i / 250)}.${1 + (i % 250)}`;

  /** `readers` readers, each sending one beacon to each server; returns the site's totals. */
  async function countAcross(secret: string | undefined, readers: number) {
    build();
    const database = await freshDatabase();
    const servers = await Promise.all([startServer(database, secret), startServer(database, secret)]);
    const statuses: number[] = [];
    for (const server of servers)
      for (let i = 0; i < readers; i += 50)
        statuses.push(
          ...(await Promise.all(
            Array.from({ length: Math.min(50, readers - i) }, (_, k) => beacon(server.port, reader(i + k))),
          )),
        );
    assert.equal(statuses.filter((s) => s === 204).length, 2 * readers, statuses.join(' '));
    await Promise.all(servers.map((s) => s.stop()));
    const store = await openStore(database);
    const rows = await queryTotals(store, CAMPAIGN, ['metric'], 'site');
    await store.close();
    return (metric: string) => rows.find((r) => r['metric'] === metric)?.value ?? 0;
  }

  test('with SALT_SECRET, 1,000 readers whose beacons reach both servers are 1,000 unique visitors', async () => {
    const value = await countAcross(SECRET, 1000);
    assert.equal(value('page-views'), 2000);
    assert.equal(value('unique-visitors'), 1000);
  });

  test('without it each server draws its own salt, and the same readers count twice (as the README says)', async () => {
    const value = await countAcross(undefined, 100);
    assert.equal(value('page-views'), 200);
    assert.equal(value('unique-visitors'), 200);
  });
});
