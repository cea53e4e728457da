// Collector benchmark: the real `npm start` server (collector on SQLite, or PostgreSQL) against a bare
// node:http server that answers 204 to the same requests, both loaded by autocannon from loopback in
// this run. Afterwards every acknowledged event must be in the store.
// Usage: npm run bench:collector  (builds the server first if dist-server/ is missing; ROUNDS=5 and
//        ROUND_SECONDS=2 by default)
//        npm run bench:collector -- --workers 2   (the server with WORKERS=2, against a bare node:http
//        cluster of as many workers; the default is one process each)
//        npm run bench:collector -- --postgres postgres://user:pass@127.0.0.1/db   (a database for the
//        benchmark only: its events table grows with every run; events are counted before and after)
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { openStore } from '../src/core/metrics/index.ts';

// Interleaved rounds: this VM's speed drifts by a third from minute to minute (other tenants), so the
// two servers are loaded in turn, ROUNDS times ROUND_SECONDS each, and compared over the same minutes.
const ROUNDS = Number(process.env['ROUNDS'] ?? 5);
const ROUND_SECONDS = Number(process.env['ROUND_SECONDS'] ?? 2);
const CONNECTIONS = 50;
const UA =
  'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36';
const body = JSON.stringify({ c: 'safe-journeys-senegal-2027', l: 'fr', t: 'view' });

async function load(url: string, seconds = ROUND_SECONDS) {
  const r = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: seconds,
    method: 'POST',
    body,
    headers: { 'content-type': 'text/plain', 'user-agent': UA },
  });
  return { ok: r['2xx'], non2xx: r.non2xx, errors: r.errors, p50: r.latency.p50, p99: r.latency.p99 };
}

if (!existsSync('dist-server/server/entry.mjs'))
  execFileSync('npm', ['run', 'build:server', '--silent'], { stdio: 'inherit' });

const workersAt = process.argv.indexOf('--workers');
const WORKERS = workersAt > 0 ? Number(process.argv[workersAt + 1]) : 1;

// Bare baseline in a child process of its own, like the real server (a cluster of WORKERS processes
// when there are several, the primary printing once every worker listens).
const bareServer = `require('node:http').createServer((q,s)=>{q.resume();q.on('end',()=>{s.writeHead(204);s.end()})}).listen(4461,'127.0.0.1',()=>process.send?process.send('up'):console.log('ready'))`;
const bareCode =
  WORKERS > 1
    ? `const c=require('node:cluster');if(c.isPrimary){let n=0;for(let i=0;i<${WORKERS};i++)c.fork().on('message',()=>{if(++n===${WORKERS})console.log('ready')})}else{${bareServer}}`
    : bareServer;
// A file, not -e: cluster workers are forked from the primary's script.
const bareFile = join(mkdtempSync(join(tmpdir(), 'cp-bare-')), 'bare.cjs');
writeFileSync(bareFile, bareCode);

const pgAt = process.argv.indexOf('--postgres');
const databaseUrl =
  pgAt > 0
    ? process.argv[pgAt + 1]!
    : `sqlite:${join(mkdtempSync(join(tmpdir(), 'cp-bench-')), 'collector.db')}`;
const countEvents = async () => {
  const store = await openStore(databaseUrl); // also migrates a new database before the server starts
  const { n } = await store.db
    .selectFrom('events')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  await store.close();
  return Number(n);
};
const before = await countEvents();
// One process each: the servers on the last core and this process (autocannon) on the others, so the
// load generator never takes the server's core (where `taskset` exists; not with several workers).
const pin =
  WORKERS === 1 && cpus().length > 1 && existsSync('/usr/bin/taskset')
    ? String(cpus().length - 1)
    : undefined;
if (pin)
  execFileSync('taskset', ['-p', '-c', `0-${Number(pin) - 1}`, String(process.pid)], { stdio: 'ignore' });
const start = (args: string[], options: Parameters<typeof spawn>[2]) =>
  pin
    ? spawn('taskset', ['-c', pin, process.execPath, ...args], options)
    : spawn(process.execPath, args, options);
const bare = start([bareFile], { stdio: ['ignore', 'pipe', 'inherit'] });
const server = start(['src/server/main.ts'], {
  env: {
    ...process.env,
    DATABASE_URL: databaseUrl,
    PORT: '4462',
    COLLECT_RATE_PER_MINUTE: '100000000',
    WORKERS: String(WORKERS),
  },
  stdio: ['ignore', 'pipe', 'inherit'],
});
await Promise.all([bare, server].map((p) => new Promise((r) => p.stdout!.once('data', r))));
const BARE_URL = 'http://127.0.0.1:4461/api/collect';
const COLLECTOR_URL = 'http://127.0.0.1:4462/api/collect';
// Warm-up of both (the JIT, SQLite's page cache), counted for the store check but not in the ratio.
await load(BARE_URL);
let acknowledged = (await load(COLLECTOR_URL)).ok;
const rounds: { bare: number; collector: number }[] = [];
const runs = {
  bare: [] as Awaited<ReturnType<typeof load>>[],
  collector: [] as Awaited<ReturnType<typeof load>>[],
};
for (let i = 0; i < ROUNDS; i++) {
  // The order alternates too, so neither server always runs first in a round.
  const order = i % 2 ? (['collector', 'bare'] as const) : (['bare', 'collector'] as const);
  const round = { bare: 0, collector: 0 };
  for (const which of order) {
    const r = await load(which === 'bare' ? BARE_URL : COLLECTOR_URL);
    runs[which].push(r);
    round[which] = Math.round(r.ok / ROUND_SECONDS);
    if (which === 'collector') acknowledged += r.ok;
  }
  rounds.push(round);
}
bare.kill();
server.kill('SIGTERM');
await new Promise((r) => server.once('exit', r));
const stored = (await countEvents()) - before;

const total = (list: { ok: number }[]) => list.reduce((sum, r) => sum + r.ok, 0);
const seconds = ROUNDS * ROUND_SECONDS;
const summary = (list: Awaited<ReturnType<typeof load>>[]) => ({
  rps: Math.round(total(list) / seconds),
  // The worst round's p99: a round's percentiles cannot be merged into the whole run's.
  p99: Math.max(...list.map((r) => r.p99)),
  non2xx: list.reduce((sum, r) => sum + r.non2xx, 0),
  errors: list.reduce((sum, r) => sum + r.errors, 0),
});
const collector = summary(runs.collector);
const result = {
  machine: `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`,
  store: databaseUrl.startsWith('sqlite:') ? 'sqlite' : 'postgres',
  workers: WORKERS,
  connections: CONNECTIONS,
  rounds: `${ROUNDS} × ${ROUND_SECONDS} s each, alternating`,
  pinned: pin ? `servers on CPU ${pin}, load on the others` : 'no',
  bare: summary(runs.bare),
  collector,
  perRound: rounds.map((r) => ({ ...r, ratio: Number((r.collector / r.bare).toFixed(2)) })),
  ratio: Number((total(runs.collector) / total(runs.bare)).toFixed(2)),
  acknowledged,
  stored,
  // Stored may exceed acknowledged: requests in flight when the load stopped were written but not answered.
  missing: Math.max(0, acknowledged - stored),
  targets: 'ratio ≥ 0.7 (one process), p99 ≤ 20 ms, missing = 0',
};
console.log(JSON.stringify(result, null, 2));
process.exitCode = (WORKERS > 1 || result.ratio >= 0.7) && collector.p99 <= 20 && result.missing <= 0 ? 0 : 1;
