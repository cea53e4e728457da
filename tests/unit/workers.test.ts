import assert from 'node:assert/strict';
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { openStore, queryTotals } from '../../src/core/metrics/index.ts';

/**
 * `npm start` with WORKERS=2: a primary and two workers over one SQLite file. Readers come from
 * distinct loopback addresses, each on new connections, so the primary's round robin spreads each
 * reader's requests over both workers; the daily salt the primary hands them makes each reader one.
 */
const CAMPAIGN = 'safe-journeys-senegal-2027';
const UA =
  'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36';
mkdirSync('test-results', { recursive: true });
const out = mkdtempSync(join('test-results', 'workers-build-'));
const children: ChildProcess[] = [];

before(() => {
  const build = spawnSync(process.execPath, ['scripts/build.ts'], {
    encoding: 'utf8',
    env: { ...process.env, COUNTERPOINT_MODE: 'server', COUNTERPOINT_OUT: out },
  });
  assert.equal(build.status, 0, build.stderr);
});
after(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  rmSync(out, { recursive: true, force: true });
});

async function startWorkers(db: string) {
  const child = spawn(process.execPath, ['src/server/main.ts'], {
    env: {
      ...process.env,
      WORKERS: '2',
      PORT: '0',
      DATABASE_URL: `sqlite:${db}`,
      SERVER_ENTRY: join(out, 'server/entry.mjs'),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
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
  assert.match(line, /; 2 workers\)$/);
  const port = Number(/127\.0\.0\.1:(\d+)/.exec(line)![1]);
  const workers = () => {
    try {
      return execFileSync('ps', ['-o', 'pid=', '--ppid', String(child.pid)], { encoding: 'utf8' })
        .split('\n')
        .map((s) => Number(s.trim()))
        .filter(Boolean);
    } catch {
      return []; // ps exits 1 when the process has no children
    }
  };
  return { child, port, workers };
}

/** One beacon on a connection of its own, from a loopback address of the reader's own. */
function beacon(port: number, from: string): Promise<number> {
  return new Promise((ok) => {
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
}

const reader = (i: number) => `127.0.${1 + Math.floor(i / 250)}.${1 + (i % 250)}`;

async function siteTotals(db: string) {
  const store = await openStore(`sqlite:${db}`);
  const rows = await queryTotals(store, CAMPAIGN, ['metric'], 'site');
  await store.close();
  return (metric: string) => rows.find((r) => r['metric'] === metric)?.value ?? 0;
}

describe('two workers, one count', () => {
  test('1,000 readers, each reaching both workers, are 1,000 unique visitors', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'cp-workers-')), 'w.db');
    const { child, port, workers } = await startWorkers(db);
    assert.equal(workers().length, 2, 'a primary with two workers');
    const statuses: number[] = [];
    for (let round = 0; round < 2; round++)
      for (let i = 0; i < 1000; i += 50)
        statuses.push(
          ...(await Promise.all(Array.from({ length: 50 }, (_, k) => beacon(port, reader(i + k))))),
        );
    assert.equal(statuses.filter((s) => s === 204).length, 2000);
    await new Promise((ok) => {
      child.once('exit', ok);
      child.kill('SIGTERM');
    });
    const value = await siteTotals(db);
    assert.equal(value('page-views'), 2000);
    assert.equal(value('unique-visitors'), 1000);
  });

  test('every acknowledged beacon is stored across a kill -9 of a worker, then of the primary', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'cp-workers-kill-')), 'k.db');
    const { child, port, workers } = await startWorkers(db);
    let acknowledged = 0;
    let running = true;
    const clients = Array.from({ length: 8 }, async (_, c) => {
      for (let i = 0; running; i++)
        if ((await beacon(port, reader(c * 100 + (i % 100)))) === 204) acknowledged++;
    });
    while (acknowledged < 200) await new Promise((r) => setTimeout(r, 10));
    const [first] = workers();
    process.kill(first!, 'SIGKILL');
    const afterWorker = acknowledged;
    while (acknowledged < afterWorker + 200) await new Promise((r) => setTimeout(r, 10));
    for (let i = 0; i < 100 && workers().length < 2; i++) await new Promise((r) => setTimeout(r, 100));
    const orphans = workers();
    assert.equal(orphans.length, 2, 'the dead worker was replaced');
    process.kill(child.pid!, 'SIGKILL');
    await new Promise((r) => setTimeout(r, 1500));
    running = false;
    await Promise.all(clients);
    // The orphaned workers finish their writes and exit on their own.
    const alive = (pid: number) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    for (let i = 0; i < 100 && orphans.some(alive); i++) await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(orphans.filter(alive), [], 'the workers left when the primary died');
    const value = await siteTotals(db);
    assert.ok(acknowledged >= 400);
    assert.ok(
      value('page-views') >= acknowledged,
      `${acknowledged} acknowledged, ${value('page-views')} stored`,
    );
  });
});
