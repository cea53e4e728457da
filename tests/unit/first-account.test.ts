import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { addUser } from '../../src/core/auth/index.ts';
import { openStore } from '../../src/core/metrics/index.ts';

const db = () => `sqlite:${join(mkdtempSync(join(tmpdir(), 'cp-first-')), 'c.db')}`;
const run = (url: string) =>
  spawnSync(process.execPath, ['tests/fixtures/first-account.ts', url], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });

describe('npm start on a store without accounts', () => {
  test('says in one line how to create the first account, and creates none by itself', () => {
    const r = run(db());
    assert.equal(r.status, 0, r.stderr);
    assert.equal(
      r.stderr,
      'No dashboard account yet: create one with  npx counterpoint users add you@example.org --org example-migration-centre-dakar  (password on standard input; --admin to see every campaign)\n',
    );
    assert.equal(r.stdout, '');
  });

  test('says nothing once an account exists', async () => {
    const url = db();
    const store = await openStore(url);
    await addUser(
      store,
      'evaluator@example.org',
      'a long enough password',
      ['example-migration-centre-dakar'],
      'evaluator',
    );
    await store.close();
    const r = run(url);
    assert.equal(r.stderr, '');
    assert.equal(r.stdout, 'account: evaluator@example.org evaluator\n');
  });

  test('in a terminal, asks for an e-mail and a password it does not echo, and creates an admin', {
    skip:
      !process.stdin.isTTY && spawnSync('script', ['--version']).status !== 0 && 'needs util-linux script',
  }, async () => {
    const url = db();
    // `script` gives the child a pseudo-terminal, as when someone types `npm start`.
    const child = spawn(
      'script',
      ['-qec', `"${process.execPath}" tests/fixtures/first-account.ts ${url}`, '/dev/null'],
      { stdio: ['pipe', 'pipe', 'pipe'] },
    );
    let out = '';
    let seen: (() => void) | undefined;
    child.stdout.on('data', (d: Buffer) => ((out += d.toString()), seen?.()));
    const waitFor = (text: string) =>
      new Promise<void>((ok, fail) => {
        const timer = setTimeout(() => fail(new Error(`no "${text}" in: ${out}`)), 20_000);
        (seen = () => void (out.includes(text) && (clearTimeout(timer), ok())))();
      });
    await waitFor('(Enter to skip): ');
    child.stdin.write('first@example.org\r');
    await waitFor('not shown): ');
    child.stdin.write('a secret typed here\r');
    await new Promise((ok) => child.on('close', ok));
    assert.match(out, /Created first@example\.org \(admin\)/);
    assert.match(out, /account: first@example\.org admin/);
    assert.doesNotMatch(out, /a secret typed here/, 'the password is not echoed');
  });
});
