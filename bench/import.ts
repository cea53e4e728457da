// Import benchmark: a 1,000,000-row Meta Ads export (day × ad set × age × gender × placement), imported
// with `counterpoint import` into a fresh SQLite store; wall time and peak memory (VmHWM) of the process.
// Usage: npm run bench:import  [-- --rows 1000000] [--usd]  (--usd: spend in USD, converted with --rate USD=0.92)
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';

const i = process.argv.indexOf('--rows');
const ROWS = i >= 0 ? Number(process.argv[i + 1]) : 1_000_000;
const USD = process.argv.includes('--usd');
const dir = mkdtempSync(join(tmpdir(), 'cp-import-'));
const file = join(dir, 'meta-1m.csv');

async function writeExport() {
  const out = createWriteStream(file);
  const write = (s: string) => (out.write(s) ? Promise.resolve() : new Promise((r) => out.once('drain', r)));
  await write(
    `Reporting starts,Reporting ends,Campaign name,Ad set name,Day,Age,Gender,Placement,Reach,Impressions,Frequency,Amount spent (${USD ? 'USD' : 'EUR'}),Link clicks,ThruPlays\n`,
  );
  const adSets = ['Dakar youth - Wolof', 'Thies youth - French', 'Dakar youth - Retargeting'];
  const ages = ['18-24', '25-34', '35-44', '45-54', '55-64', '65+'];
  const genders = ['male', 'female', 'unknown'];
  let n = 0;
  let chunk = '';
  while (n < ROWS) {
    const day = `2027-${String(1 + (Math.floor(n / 30000) % 12)).padStart(2, '0')}-${String(1 + (Math.floor(n / 1000) % 28)).padStart(2, '0')}`;
    const reach = 100 + (n % 900);
    chunk += `${day},${day},Safe Journeys Senegal 2027,${adSets[n % 3]},${day},${ages[n % 6]},${genders[n % 3]},placement-${n % 37},${reach},${reach * 2},2.00,${((n % 500) / 100).toFixed(2)},${n % 13},${n % 50}\n`;
    n++;
    if (n % 5000 === 0) {
      await write(chunk);
      chunk = '';
    }
  }
  await write(chunk);
  await new Promise((r) => out.end(r));
}

await writeExport();
const size = statSync(file).size;
let peak = 0;
const start = process.hrtime.bigint();
const child = spawn(
  process.execPath,
  [
    'bin/counterpoint.js',
    'import',
    'meta-ads',
    file,
    '--campaign',
    'safe-journeys-senegal-2027',
    ...(USD ? ['--rate', 'USD=0.92'] : []),
  ],
  {
    env: { ...process.env, DATABASE_URL: `sqlite:${join(dir, 'bench.db')}` },
    stdio: ['ignore', 'pipe', 'inherit'],
  },
);
let output = '';
child.stdout.on('data', (d: Buffer) => (output += d));
const poll = setInterval(() => {
  const status = `/proc/${child.pid}/status`;
  if (!existsSync(status)) return;
  const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(status, 'utf8'));
  if (hwm) peak = Math.max(peak, Number(hwm[1]) * 1024);
}, 20);
const code = await new Promise<number>((r) => child.once('exit', (c) => r(c ?? 1)));
clearInterval(poll);
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
const result = {
  machine: `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`,
  rows: ROWS,
  currency: USD ? 'USD, converted at 0.92' : 'EUR',
  fileMB: Number((size / 2 ** 20).toFixed(1)),
  seconds: Number(seconds.toFixed(2)),
  rowsPerSecond: Math.round(ROWS / seconds),
  peakMemoryMB: Number((peak / 2 ** 20).toFixed(0)),
  exitCode: code,
  output: output.trim(),
  targets: 'seconds ≤ 15, peak memory ≤ 300 MB',
};
console.log(JSON.stringify(result, null, 2));
rmSync(dir, { recursive: true, force: true });
process.exitCode = code === 0 && seconds <= 15 && peak <= 300 * 2 ** 20 ? 0 : 1;
