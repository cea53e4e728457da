// Server CPU per beacon: the real `npm start` server (one process, a fresh SQLite file) takes WARM
// beacons, then COUNT more over 50 connections; `utime + stime` of the server process from /proc over
// the COUNT beacons, divided by COUNT. Steadier than throughput on a shared machine (the load generator
// and other processes do not count). `--cpu-prof DIR` writes the server's CPU profile there.
// Usage: node bench/collector-cpu.ts [--bare] [--cpu-prof DIR]   (builds the server first if dist-server/ is missing)
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';

const WARM = 10_000;
const COUNT = Number(process.env['COUNT'] ?? 100_000);
const UA =
  'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36';
const body = JSON.stringify({ c: 'safe-journeys-senegal-2027', l: 'fr', t: 'view' });

if (!existsSync('dist-server/server/entry.mjs'))
  execFileSync('npm', ['run', 'build:server', '--silent'], { stdio: 'inherit' });
const profAt = process.argv.indexOf('--cpu-prof');
const flags = [
  ...(profAt > 0 ? ['--cpu-prof', '--cpu-prof-dir', process.argv[profAt + 1]!] : []),
  ...(process.env['SERVER_NODE_FLAGS']?.split(' ').filter(Boolean) ?? []),
];
const db = join(mkdtempSync(join(tmpdir(), 'cp-cpu-')), 'c.db');
// `--bare`: the same measure of a bare node:http server answering 204, the benchmark's baseline.
const BARE = `process.on('SIGTERM',()=>process.exit(0));require('node:http').createServer((q,s)=>{q.resume();q.on('end',()=>{s.writeHead(204);s.end()})}).listen(4463,'127.0.0.1',()=>console.log('ready'))`;
const args = process.argv.includes('--bare') ? ['-e', BARE] : ['src/server/main.ts'];
// The server on the last core and this process (autocannon) on the others, where `taskset` exists: the
// load generator then never shares the server's core.
const pin = cpus().length > 1 && existsSync('/usr/bin/taskset') ? String(cpus().length - 1) : undefined;
if (pin)
  execFileSync('taskset', ['-p', '-c', `0-${Number(pin) - 1}`, String(process.pid)], { stdio: 'ignore' });
const options = {
  env: {
    ...process.env,
    DATABASE_URL: `sqlite:${db}`,
    PORT: '4463',
    COLLECT_RATE_PER_MINUTE: '100000000',
    WORKERS: '1',
  },
  stdio: ['ignore', 'pipe', 'inherit'] as ['ignore', 'pipe', 'inherit'],
};
// taskset replaces itself with node (exec), so the child's pid is the server's.
const server = pin
  ? spawn('taskset', ['-c', pin, process.execPath, ...flags, ...args], options)
  : spawn(process.execPath, [...flags, ...args], options);
await new Promise((r) => server.stdout.once('data', r));
const cpu = () => {
  const fields = readFileSync(`/proc/${server.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  // utime and stime are fields 14 and 15 of /proc/<pid>/stat, in clock ticks (100 a second here).
  return (Number(fields[11]) + Number(fields[12])) * 10_000; // µs
};
const shoot = (amount: number) =>
  autocannon({
    url: 'http://127.0.0.1:4463/api/collect',
    connections: 50,
    amount,
    method: 'POST',
    body,
    headers: { 'content-type': 'text/plain', 'user-agent': UA },
  });
await shoot(WARM);
const before = cpu();
const r = await shoot(COUNT);
const used = cpu() - before;
server.kill('SIGTERM');
await new Promise((ok) => server.once('exit', ok));
console.log(
  JSON.stringify({
    server: args[0] === '-e' ? 'bare node:http' : 'collector',
    pinned: pin ? `server on CPU ${pin}` : 'no',
    beacons: COUNT,
    ok: r['2xx'],
    usPerBeacon: Number((used / COUNT).toFixed(1)),
    p99: r.latency.p99,
  }),
);
