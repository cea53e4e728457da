import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, test } from 'node:test';

const cli = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, ['bin/counterpoint.js', ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });

describe('counterpoint validate', () => {
  test('prints every problem as file:line:column field: message, no stack trace, exit 1', () => {
    const r = cli(['validate', '--root', 'tests/fixtures/invalid/unsafe-markdown']);
    assert.equal(r.status, 1);
    const lines = r.stderr.trim().split('\n');
    assert.match(
      lines[0]!,
      /^tests\/fixtures\/invalid\/unsafe-markdown\/test-campaign\/en\.md:10:1 unsafe Markdown: a <script> element/,
    );
    assert.match(
      lines[1]!,
      /^tests\/fixtures\/invalid\/unsafe-markdown\/test-campaign\/en\.md:12:11 unsafe Markdown: a javascript: link/,
    );
    assert.match(r.stderr, /Nothing was built/);
    assert.doesNotMatch(r.stderr + r.stdout, /\n\s+at /);
  });

  test('a valid campaign gets the seven-rule scorecard and exit 0', () => {
    const r = cli(['validate', '--root', 'tests/fixtures/valid']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /test-campaign: seven-rule scorecard/);
    assert.match(
      r.stdout,
      /! warn 1\. Joint, with one uniform core message: carries shared-message, but not yet translated/,
    );
    assert.match(r.stdout, /✓ pass 7\. Contact point in the country of the campaign/);
  });
});

describe('npm run build', () => {
  test('with an invalid campaign writes nothing and explains why', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'cp-build-')), 'dist');
    const r = spawnSync('npm', ['run', 'build', '--silent'], {
      encoding: 'utf8',
      env: {
        ...process.env,
        COUNTERPOINT_CAMPAIGNS: 'tests/fixtures/invalid/wrong-type',
        COUNTERPOINT_OUT: out,
      },
    });
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /campaign\.yaml:21:11 audiences\[0\]\.size: expected a number, got text "lots"/);
    assert.equal(existsSync(out), false, 'no half-written site');
  });

  test('with an invalid campaign leaves the last good site as it was', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'cp-build-')), 'dist');
    mkdirSync(join(out, 'fr'), { recursive: true });
    writeFileSync(join(out, 'fr', 'index.html'), 'the site readers have now');
    const r = spawnSync('npm', ['run', 'build', '--silent'], {
      encoding: 'utf8',
      env: {
        ...process.env,
        COUNTERPOINT_CAMPAIGNS: 'tests/fixtures/invalid/end-before-start',
        COUNTERPOINT_OUT: out,
      },
    });
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /campaigns have errors, nothing was built/);
    assert.deepEqual(readdirSync(out, { recursive: true }).sort(), ['fr', join('fr', 'index.html')]);
    assert.equal(readFileSync(join(out, 'fr', 'index.html'), 'utf8'), 'the site readers have now');
  });
});

describe('the build', () => {
  const files = (dir: string): Map<string, Buffer> =>
    new Map(
      readdirSync(dir, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => [relative(dir, join(e.parentPath, e.name)), readFileSync(join(e.parentPath, e.name))]),
    );

  test('writes the pages, the flyers with their QR codes, the tracked-link redirects and the headers file', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'cp-build-')), 'dist');
    const r = spawnSync('npm', ['run', 'build', '--silent'], {
      encoding: 'utf8',
      env: { ...process.env, COUNTERPOINT_OUT: out },
    });
    assert.equal(r.status, 0, r.stderr);
    const a = files(out);
    assert.ok(a.size > 30, `a whole site (${a.size} files)`);
    assert.match(a.get('fr/safe-journeys-senegal-2027/index.html')!.toString(), /<html lang="fr" dir="ltr"/);
    assert.match(
      a.get('ps/eastern-route-afghanistan-2027/index.html')!.toString(),
      /<html lang="ps" dir="rtl"/,
    );
    assert.match(
      a.get('fr/safe-journeys-senegal-2027/print/index.html')!.toString(),
      /<svg role="img"[^>]*><rect[^>]*\/><path fill="#000" d="M4 4h7/,
    );
    const redirects = [...a.keys()].filter((k) => /^go\/[^/]+\/index\.html$/.test(k));
    assert.ok(redirects.length >= 10, `tracked-link redirect pages (${redirects.length})`);
    assert.match(a.get(redirects[0]!)!.toString(), /http-equiv="refresh"/);
    // Static hosts that read _headers get the server's security headers; partner sites may load the
    // banner script (cross-origin), nothing else.
    const headers = a.get('_headers')!.toString();
    assert.match(
      headers,
      /^\/\*\n {2}x-content-type-options: nosniff\n[\s\S]*? {2}content-security-policy: default-src 'none';[^\n]*frame-ancestors 'none'/,
    );
    assert.doesNotMatch(/^\/\*\n(?: {2}.*\n)*/.exec(headers)![0], /cross-origin-resource-policy/);
    assert.match(headers, /\n\/fr\/\*\n {2}cross-origin-resource-policy: same-origin\n/);
    assert.match(headers, /\n\/\n {2}cross-origin-resource-policy: same-origin\n/);
    assert.match(headers, /\n\/embed\/\*\n {2}cross-origin-resource-policy: cross-origin\n/);
    assert.ok(a.has('embed/eastern-route-afghanistan-2027.js'), 'the banner script is built');
  });
});
