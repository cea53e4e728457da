// `npm test`: everything CI runs. The formatter and linter (Biome: one check), unit tests (node:test),
// then the browser tests (Playwright with the system's Chromium), then one closing line
// "tests: N passed, N failed".
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BROWSER_HELP, findBrowser, installBrowser } from './find-browser.js';

const node = process.execPath;
let passed = 0;
let failed = 0;
let skipped = 0;

function run(label, cmd, args, env = {}) {
  console.log(`\n── ${label} ──`);
  const r = spawnSync(cmd, args, {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, ...env },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  process.stdout.write(r.stdout ?? '');
  return r;
}

// Formatting and lint (`npm run format` fixes most of what this finds).
const lint = run('format and lint (biome check)', node, [
  'node_modules/@biomejs/biome/bin/biome',
  'check',
  '--error-on-warnings',
  '.',
]);
if (lint.status === 0) passed += 1;
else failed += 1;

// 0. A browser: the browser tests and the PDF export need Chromium.
let browser = findBrowser();
if (!browser) browser = installBrowser();
if (!browser) console.error(`\n${BROWSER_HELP}`);
const browserEnv = browser ? { CHROMIUM_PATH: browser } : {};

// 1. Unit tests
const unit = run(
  'unit tests',
  node,
  ['--test', '--test-reporter=spec', 'tests/unit/**/*.test.ts'],
  browserEnv,
);
const count = (name) => Number(new RegExp(`ℹ ${name} (\\d+)`).exec(unit.stdout ?? '')?.[1] ?? 0);
passed += count('pass');
failed += count('fail') + count('cancelled');
skipped += count('skipped');
if (unit.status !== 0 && count('fail') === 0) failed += 1;

// 2. Browser tests
if (!browser) {
  failed += 1;
} else {
  const report = join(mkdtempSync(join(tmpdir(), 'cp-e2e-')), 'report.json');
  const e2e = run('browser tests', node, ['node_modules/@playwright/test/cli.js', 'test'], {
    CHROMIUM_PATH: browser,
    PW_JSON_REPORT: report,
  });
  try {
    const stats = JSON.parse(readFileSync(report, 'utf8')).stats;
    passed += stats.expected + stats.flaky;
    failed += stats.unexpected;
    skipped += stats.skipped;
    if (e2e.status !== 0 && stats.unexpected === 0) failed += 1;
  } catch {
    failed += 1;
  }
}

console.log(`\ntests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exitCode = failed > 0 ? 1 : 0;
