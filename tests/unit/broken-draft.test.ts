import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { createAppContext } from '../../src/app/context.ts';

/**
 * An author's draft saved with its problems must not keep the server from starting before the first
 * publish (readers keep every other campaign); the static build stays strict, and an error outside every
 * campaign's folder (a shared message) still stops the server, since no page could be built without it.
 */
describe('a broken draft before the first publish', () => {
  const dirs: string[] = [];
  after(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });
  const copy = () => {
    const root = mkdtempSync(join(tmpdir(), 'cp-broken-'));
    dirs.push(root);
    cpSync('campaigns', root, { recursive: true });
    return root;
  };
  const breakYaml = (file: string) =>
    // The evaluation design is required: a draft saved without it (issue 16's first trap).
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^(\s+)design: .*$/m, '$1design: ""'));

  test('the server leaves the broken campaign out and serves the others; the static build refuses', () => {
    const root = copy();
    breakYaml(join(root, 'fake-job-offers-2027', 'campaign.yaml'));
    const strict = createAppContext({ campaignsRoot: root });
    assert.throws(() => strict.published(), /campaigns have errors:[\s\S]*fake-job-offers-2027/);
    const lenient = createAppContext({ campaignsRoot: root, leaveOutBroken: true });
    const ids = lenient.published().map((c) => c.campaign.id);
    assert.ok(!ids.includes('fake-job-offers-2027'), ids.join(', '));
    assert.ok(ids.includes('safe-journeys-senegal-2027'), ids.join(', '));
    assert.ok(ids.length >= 2);
  });

  test('an error in a shared message still stops the server, in words', () => {
    const root = copy();
    const msg = join(root, '_messages', 'no-one-should-die-for-a-journey', 'message.yaml');
    writeFileSync(msg, 'id: [unclosed\n');
    const lenient = createAppContext({ campaignsRoot: root, leaveOutBroken: true });
    assert.throws(() => lenient.published(), /campaigns have errors:[\s\S]*_messages/);
  });
});
