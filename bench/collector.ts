// Collector benchmark: the real `npm start` server (collector on SQLite) against a bare node:http
// server that answers 204 to the same requests, both loaded by autocannon from loopback in this run.
// Afterwards every acknowledged event must be in the store.
// Usage: npm run bench:collector  (builds the server first if dist-server/ is missing)
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import autocannon from 'autocannon';

const DURATION = Number(process.env['DURATION'] ?? 10);
const CONNECTIONS = 50;
const UA = 'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36';
const body = JSON.stringify({ c: 'safe-journeys-senegal-2027', l: 'fr', t: 'view' });

async function load(url: string) {
  const r = await autocannon({ url, connections: CONNECTIONS, duration: DURATION, method: 'POST', body, headers: { 'content-type': 'text/plain', 'user-agent': UA } });
  return { rps: Math.round(r.requests.average), p50: r.latency.p50, p99: r.latency.p99, ok: r['2xx'], non2xx: r.non2xx, errors: r.errors };
}

if (!existsSync('dist-server/server/entry.mjs')) execFileSync('npm', ['run', 'build:server', '--silent'], { stdio: 'inherit' });

// Bare baseline in a child process of its own, like the real server.
const bareCode = `require('node:http').createServer((q,s)=>{q.resume();q.on('end',()=>{s.writeHead(204);s.end()})}).listen(4461,'127.0.0.1',()=>console.log('ready'))`;
const bare = spawn(process.execPath, ['-e', bareCode], { stdio: ['ignore', 'pipe', 'inherit'] });
await new Promise((r) => bare.stdout.once('data', r));
await load('http://127.0.0.1:4461/api/collect'); // warm-up
const baseline = await load('http://127.0.0.1:4461/api/collect');
bare.kill();

const db = join(mkdtempSync(join(tmpdir(), 'cp-bench-')), 'collector.db');
const server = spawn(process.execPath, ['src/server/main.ts'], {
  env: { ...process.env, DATABASE_URL: `sqlite:${db}`, PORT: '4462', COLLECT_RATE_PER_MINUTE: '100000000' },
  stdio: ['ignore', 'pipe', 'inherit'],
});
await new Promise((r) => server.stdout.once('data', r));
const collector = await load('http://127.0.0.1:4462/api/collect');
server.kill('SIGTERM');
await new Promise((r) => server.once('exit', r));
const stored = Number((new DatabaseSync(db).prepare('select count(*) as n from events').get() as { n: number }).n);

const result = {
  machine: `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`,
  connections: CONNECTIONS,
  seconds: DURATION,
  bare: baseline,
  collector,
  ratio: Number((collector.rps / baseline.rps).toFixed(2)),
  acknowledged: collector.ok,
  stored,
  // Stored may exceed acknowledged: requests in flight when the load stopped were written but not answered.
  missing: Math.max(0, collector.ok - stored),
  targets: 'ratio ≥ 0.5, p99 ≤ 20 ms, missing = 0',
};
console.log(JSON.stringify(result, null, 2));
process.exitCode = result.ratio >= 0.5 && collector.p99 <= 20 && result.missing <= 0 ? 0 : 1;
