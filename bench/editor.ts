// The editor on `npm start`, as an author meets it: how long a campaign's screen, a page's form and the
// translator's view take to be drawn in Chromium (navigation until the editor's script has drawn them;
// no throttling), then the settings form once opened, and how long a save answers
// (the editor API: the atomic write, the campaign checked as `validate` checks it, the version kept).
// Runs the whole server over a server build (the one in dist-server, else one built into
// bench/.work/editor-build), on a copy of the example campaigns and a fresh SQLite file.
// Usage: node bench/editor.ts [--runs 5] [--saves 20]
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, findBrowser } from '../scripts/find-browser.js';
import { addUser } from '../src/core/auth/index.ts';
import { openStore } from '../src/core/metrics/index.ts';
import { spawnFullServer } from '../tests/fixtures/spawn-server.ts';

const option = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const runs = Number(option('runs') ?? 5);
const saves = Number(option('saves') ?? 20);
const ID = 'central-med-tunisia-morocco-2027';
const PASSWORD = 'bench password long enough';

let out = resolve('dist-server');
if (!existsSync(join(out, 'server/entry.mjs'))) {
  out = resolve('bench/.work/editor-build');
  mkdirSync(out, { recursive: true });
  const b = spawnSync(process.execPath, ['scripts/build.ts'], {
    stdio: 'inherit',
    env: { ...process.env, COUNTERPOINT_MODE: 'server', COUNTERPOINT_OUT: out },
  });
  if (b.status !== 0) throw new Error('the server build failed');
}
const work = mkdtempSync(join(tmpdir(), 'counterpoint-bench-editor-'));
cpSync('campaigns', join(work, 'campaigns'), { recursive: true });
const db = `sqlite:${join(work, 'store.db')}`;
const store = await openStore(db);
await addUser(store, 'author@example.org', PASSWORD, ['example-mediterranean-youth-network'], 'author');
await store.close();
const server = await spawnFullServer(out, {
  DATABASE_URL: db,
  COUNTERPOINT_CAMPAIGNS: join(work, 'campaigns'),
  PUBLISH_DIR: join(work, 'site'),
  SITE_URL: '',
});
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
try {
  const login = await fetch(`${server.base}/dashboard/login/`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
    body: new URLSearchParams({ email: 'author@example.org', password: PASSWORD }),
  });
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  const [name, value] = cookie.split('=') as [string, string];

  const browser = await chromium.launch({ executablePath: findBrowser(), args: CHROMIUM_ARGS });
  const loads: Record<string, number[]> = {};
  const pages = {
    'campaign screen': [`/dashboard/editor/${ID}/`, '#languages-heading'],
    'Arabic page form': [`/dashboard/editor/${ID}/ar/`, '#root_headline'],
    'translator view (French)': [`/dashboard/editor/${ID}/fr/translate/`, 'textarea'],
  } as const;
  for (let r = 0; r < runs; r++) {
    // A new context each run: nothing cached (the first visit of an author's day).
    const context = await browser.newContext();
    await context.addCookies([{ name, value, url: `${server.base}/dashboard/` }]);
    const page = await context.newPage();
    for (const [label, [path, ready]] of Object.entries(pages)) {
      const t = performance.now();
      await page.goto(`${server.base}${path}`);
      await page.locator(ready).first().waitFor();
      (loads[label] ??= []).push(performance.now() - t);
    }
    await page.goto(`${server.base}/dashboard/editor/${ID}/`);
    await page.locator('#settings-heading').waitFor();
    const t = performance.now();
    await page.locator('#settings-heading').click();
    await page.locator('#root_id').waitFor();
    (loads['settings form, once opened'] ??= []).push(performance.now() - t);
    await context.close();
  }
  await browser.close();

  const file = join(work, 'campaigns', ID, 'ar.md');
  const text = readFileSync(file, 'utf8');
  const times: number[] = [];
  for (let s = 0; s < saves; s++) {
    const changed = text.replace(/^headline: .*$/m, `headline: "العنوان ${s}"`);
    const t = performance.now();
    const r = await fetch(`${server.base}/dashboard/editor/api/campaigns/${ID}`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json', 'sec-fetch-site': 'same-origin' },
      body: JSON.stringify({ files: { 'ar.md': changed } }),
    });
    await r.json();
    times.push(performance.now() - t);
    if (r.status !== 200) throw new Error(`save answered ${r.status}`);
  }
  const ms = (x: number) => `${Math.round(x)} ms`;
  for (const [label, xs] of Object.entries(loads))
    console.log(`${label}: ${xs.map(ms).join(', ')} (median ${ms(median(xs))}; target ≤ 2000 ms)`);
  console.log(
    `save (${saves}): first ${ms(times[0]!)}, median ${ms(median(times))}, max ${ms(Math.max(...times))} (target ≤ 300 ms)`,
  );
} finally {
  await server.stop();
  rmSync(work, { recursive: true, force: true });
}
