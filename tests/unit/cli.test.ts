import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';

const cli = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, ['bin/counterpoint.js', ...args], { encoding: 'utf8', env: { ...process.env, ...env } });

describe('counterpoint validate', () => {
  test('prints every problem as file:line:column field: message, no stack trace, exit 1', () => {
    const r = cli(['validate', '--root', 'tests/fixtures/invalid/unsafe-markdown']);
    assert.equal(r.status, 1);
    const lines = r.stderr.trim().split('\n');
    assert.match(lines[0]!, /^tests\/fixtures\/invalid\/unsafe-markdown\/test-campaign\/en\.md:10:1 unsafe Markdown: a <script> element/);
    assert.match(lines[1]!, /^tests\/fixtures\/invalid\/unsafe-markdown\/test-campaign\/en\.md:12:11 unsafe Markdown: a javascript: link/);
    assert.match(r.stderr, /Nothing was built/);
    assert.doesNotMatch(r.stderr + r.stdout, /\n\s+at /);
  });

  test('a valid campaign gets the seven-rule scorecard and exit 0', () => {
    const r = cli(['validate', '--root', 'tests/fixtures/valid']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /test-campaign: seven-rule scorecard/);
    assert.match(r.stdout, /! warn 1\. Joint, with one uniform core message: carries shared-message, but not yet translated/);
    assert.match(r.stdout, /✓ pass 7\. Contact point in the country of the campaign/);
  });
});

describe('npm run build', () => {
  test('with an invalid campaign writes nothing and explains why', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'cp-build-')), 'dist');
    const r = spawnSync('npm', ['run', 'build', '--silent'], {
      encoding: 'utf8',
      env: { ...process.env, COUNTERPOINT_CAMPAIGNS: 'tests/fixtures/invalid/wrong-type', COUNTERPOINT_OUT: out },
    });
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /campaign\.yaml:21:11 audiences\[0\]\.size: expected a number, got text "lots"/);
    assert.equal(existsSync(out), false, 'no half-written site');
  });
});
