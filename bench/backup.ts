// Backup benchmark (issue 18): a store of 10,000,000 first-party events and 1,000,000 facts on SQLite,
// the collector writing to it from 4 clients all along, `counterpoint backup` timed as an operator runs
// it (a separate process), then `counterpoint restore` into a new store and the events counted: every
// event acknowledged before the backup began must be there. Target: backup ≤ 30 s.
// Usage: node bench/backup.ts   (EVENTS=… FACTS=… to change the size)
import { spawn } from 'node:child_process';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { openStore } from '../src/core/metrics/index.ts';

const EVENTS = Number(process.env['EVENTS'] ?? 10_000_000);
const FACTS = Number(process.env['FACTS'] ?? 1_000_000);
const dir = mkdtempSync(join(process.env['BENCH_DIR'] ?? tmpdir(), 'cp-backup-bench-'));
const live = `sqlite:${join(dir, 'live.db')}`;
const UA =
  'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36';

const t0 = performance.now();
const store = await openStore(live);
await sql`
  with recursive n(i) as (select 1 union all select i + 1 from n where i < ${EVENTS})
  insert into events (campaign, day, hour, type, language, channel, audience, target)
  select 'test-campaign', '2027-02-' || printf('%02d', 1 + i % 28), i % 24,
         case i % 10 when 0 then 'contact-click' when 1 then 'share-click' else 'view' end,
         case i % 3 when 0 then 'fr' when 1 then 'wo' else 'en' end,
         case i % 4 when 0 then 'facebook' when 1 then 'radio' when 2 then 'whatsapp' else '' end,
         case i % 2 when 0 then 'youth' else 'families' end, ''
  from n`.execute(store.db);
await sql`
  with recursive n(i) as (select 1 union all select i + 1 from n where i < ${FACTS})
  insert into facts (campaign, day, source, channel, audience, language, detail, metric, value)
  select 'test-campaign', '2027-02-' || printf('%02d', 1 + i % 28), 'meta-ads', 'facebook', 'youth', 'fr',
         'detail-' || i, 'impressions', i % 1000
  from n`.execute(store.db);
await store.close();
const generated = (performance.now() - t0) / 1000;

function run(cmd: string[], env: Record<string, string>) {
  return new Promise<{ code: number | null; out: string; err: string; seconds: number }>((ok) => {
    const started = performance.now();
    const child = spawn(process.execPath, cmd, {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('exit', (code) => ok({ code, out, err, seconds: (performance.now() - started) / 1000 }));
  });
}

const collector = spawn(process.execPath, ['tests/fixtures/collector-server.ts'], {
  env: { ...process.env, DATABASE_URL: live },
  stdio: ['ignore', 'pipe', 'inherit'],
});
const port = await new Promise<string>((ok) =>
  collector.stdout.once('data', (d: Buffer) => ok(d.toString().trim())),
);
let acknowledged = 0;
let running = true;
const body = JSON.stringify({ c: 'test-campaign', l: 'en', t: 'view' });
const clients = Array.from({ length: 4 }, async () => {
  while (running) {
    const r = await fetch(`http://127.0.0.1:${port}/api/collect`, {
      method: 'POST',
      body,
      headers: { 'user-agent': UA },
    }).catch(() => undefined);
    if (r?.status === 204) acknowledged++;
  }
});
await new Promise((r) => setTimeout(r, 2000));
const before = acknowledged;
const backupFile = join(dir, 'backup.db');
const backup = await run(['bin/counterpoint.js', 'backup', backupFile], { DATABASE_URL: live });
const during = acknowledged;
await new Promise((r) => setTimeout(r, 1000));
running = false;
await Promise.all(clients);
collector.kill();
if (backup.code !== 0) throw new Error(`backup failed: ${backup.err}`);

const restoredUrl = `sqlite:${join(dir, 'restored.db')}`;
const restore = await run(['bin/counterpoint.js', 'restore', backupFile], { DATABASE_URL: restoredUrl });
if (restore.code !== 0) throw new Error(`restore failed: ${restore.err}`);
const restored = await openStore(restoredUrl);
const { rows } = await sql<{ n: number }>`select count(*) as n from events`.execute(restored.db);
await restored.close();
const beacons = Number(rows[0]!.n) - EVENTS;
const result = {
  events: EVENTS,
  facts: FACTS,
  storeBytes: statSync(join(dir, 'live.db')).size,
  backupBytes: statSync(backupFile).size,
  generateSeconds: Number(generated.toFixed(1)),
  backupSeconds: Number(backup.seconds.toFixed(1)),
  restoreSeconds: Number(restore.seconds.toFixed(1)),
  beaconsAcknowledgedBeforeBackup: before,
  beaconsAcknowledgedByItsEnd: during,
  beaconsAcknowledgedInAll: acknowledged,
  beaconsInRestoredStore: beacons,
  nothingLost: beacons >= before && beacons <= during,
};
console.log(JSON.stringify(result, null, 2));
if (!result.nothingLost) process.exitCode = 1;
