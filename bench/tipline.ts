// Tipline webhook latency under load (issue 19): `node bench/tipline.ts [--rate 200] [--seconds 15]`.
// The whole `npm start` server (tests/fixtures/full-server.ts, over a server build without Astro: the
// webhook needs none) on a fresh SQLite file, Telegram's webhook switched on, its Bot API replaced by a
// stand-in in this process. Updates are sent open-loop at a fixed rate (each at its time, whether or not
// earlier ones were answered), from many readers each walking the conversation: start, language, the
// reality, the offer check (7 answers), the contact point. Prints the latency from sending an update to
// its 200 (p50, p95, p99, max), how many were not acknowledged, and how many replies reached the stand-in.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, createServer, request } from 'node:http';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: { rate: { type: 'string', default: '200' }, seconds: { type: 'string', default: '15' } },
});
const rate = Number(values.rate);
const seconds = Number(values.seconds);
const SECRET = 'bench-secret';

mkdirSync('bench/.work', { recursive: true });
const out = mkdtempSync(join('bench/.work', 'tipline-'));
mkdirSync(join(out, 'server'));
writeFileSync(
  join(out, 'server/entry.mjs'),
  'export const handler = (req, res) => { res.statusCode = 404; res.end(); };\n',
);

let replies = 0;
const standIn = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    if (req.url?.endsWith('/sendMessage')) replies++;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"ok":true,"result":true}');
  });
});
await new Promise<void>((ok) => standIn.listen(0, '127.0.0.1', ok));

const child: ChildProcess = spawn(process.execPath, ['tests/fixtures/full-server.ts'], {
  env: {
    ...process.env,
    SERVER_ENTRY: join(out, 'server/entry.mjs'),
    DATABASE_URL: `sqlite:${join(out, 'bench.db')}`,
    TELEGRAM_BOT_TOKEN: '1:bench',
    TELEGRAM_WEBHOOK_SECRET: SECRET,
    TELEGRAM_API_BASE: `http://127.0.0.1:${(standIn.address() as { port: number }).port}`,
  },
  stdio: ['ignore', 'pipe', 'inherit'],
});
const port = await new Promise<string>((ok) =>
  child.stdout!.once('data', (d: Buffer) => ok(d.toString().trim())),
);
const url = `http://127.0.0.1:${port}/api/tipline/telegram`;
const agent = new Agent({ keepAlive: true, maxSockets: 256 });

// One reader's walk; the check's answers are taken from the buttons the server would send (the mask
// travels in them), so they are computed here the same way.
const walk = (): ({ text: string } | { data: string })[] => {
  const steps: ({ text: string } | { data: string })[] = [
    { text: '/start' },
    { data: 'lang:fr' },
    { data: 'm:reality' },
    { data: 'm:check' },
    { data: 'ck:job' },
  ];
  let mask = 0;
  for (let i = 0; i < 7; i++) {
    const yes = i < 2;
    steps.push({ data: `a:job:${i}:${mask}:${yes ? 'y' : 'n'}` });
    if (yes) mask |= 1 << i;
  }
  steps.push({ data: 'm:contact' });
  return steps;
};
const WALK = walk();
const total = rate * seconds;
// Readers in flight at once: each sends its next step about every two seconds, like a person tapping.
const readers = Math.max(1, Math.round(rate * 2));
const latencies: number[] = [];
let failed = 0;
let updateId = 0;

async function send(reader: number, step: number) {
  const s = WALK[step % WALK.length]!;
  const chat = { id: 5_000_000 + reader + Math.floor(step / WALK.length) * readers, type: 'private' };
  const id = ++updateId;
  const body =
    'text' in s
      ? { update_id: id, message: { message_id: id, chat, date: 1, text: s.text } }
      : { update_id: id, callback_query: { id: `q${id}`, message: { message_id: 1, chat }, data: s.data } };
  const payload = Buffer.from(JSON.stringify(body));
  const t0 = performance.now();
  const status = await new Promise<number>((ok) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': payload.length,
          'x-telegram-bot-api-secret-token': SECRET,
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => ok(res.statusCode ?? 0));
      },
    );
    req.on('error', () => ok(0));
    req.end(payload);
  });
  if (status === 200) latencies.push(performance.now() - t0);
  else failed++;
}

// The server's own CPU time (user + system, /proc), so the cost of an update shows apart from the load
// the machine's other processes put on it.
const { readFileSync } = await import('node:fs');
const cpuMs = () => {
  const f = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(f[11]) + Number(f[12])) * 1000) / 100;
};
const cpu0 = cpuMs();
const steps = new Array<number>(readers).fill(0);
const inflight: Promise<void>[] = [];
const start = performance.now();
for (let i = 0; i < total; i++) {
  const due = start + (i * 1000) / rate;
  const wait = due - performance.now();
  if (wait > 1) await new Promise((ok) => setTimeout(ok, wait));
  const reader = i % readers;
  inflight.push(send(reader, steps[reader]!++));
}
await Promise.all(inflight);
const elapsed = (performance.now() - start) / 1000;
await new Promise((ok) => setTimeout(ok, 1000));
const serverCpu = cpuMs() - cpu0;

latencies.sort((a, b) => a - b);
const q = (p: number) =>
  latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]!.toFixed(1);
console.log(
  `tipline webhook, SQLite: ${total} updates at ${rate}/s over ${elapsed.toFixed(1)} s; ` +
    `latency ms p50 ${q(0.5)}, p95 ${q(0.95)}, p99 ${q(0.99)}, max ${latencies.at(-1)!.toFixed(1)}; ` +
    `not acknowledged ${failed}; replies sent ${replies}; server CPU ${(serverCpu / total).toFixed(2)} ms an update ` +
    `(${((serverCpu / 1000 / elapsed) * 100).toFixed(0)} % of a core)`,
);
child.kill();
await new Promise((ok) => child.once('exit', ok));
standIn.close();
rmSync(out, { recursive: true, force: true });
if (failed) process.exitCode = 1;
