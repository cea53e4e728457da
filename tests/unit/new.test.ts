import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { formatProblem } from '../../src/core/campaign/index.ts';
import { loadCampaigns } from '../../src/core/workspace/index.ts';

const cli = (args: string[]) =>
  spawnSync(process.execPath, ['bin/counterpoint.js', ...args], { encoding: 'utf8' });

describe('counterpoint new', () => {
  const root = mkdtempSync(join(tmpdir(), 'cp-new-'));
  const r = cli(['new', 'my-campaign', '--languages', 'fr,wo,en', '--root', root]);
  const dir = join(root, 'my-campaign');

  test('writes campaign.yaml and one page per language; the first language is the default', () => {
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(readdirSync(dir).sort(), ['campaign.yaml', 'en.md', 'fr.md', 'wo.md']);
    assert.match(
      readFileSync(join(dir, 'campaign.yaml'), 'utf8'),
      /^languages:\n {2}default: fr\n {2}published: \[fr, wo, en\]$/m,
    );
  });

  test('its own output validates: no error, every placeholder a warning while it is a draft', () => {
    const result = loadCampaigns(root);
    assert.deepEqual(result.problems.filter((p) => p.severity === 'error').map(formatProblem), []);
    assert.equal(result.campaigns.length, 1);
    const unfinished = result.problems.filter((p) => p.code === 'E_UNFINISHED');
    assert.deepEqual([...new Set(unfinished.map((p) => p.file.split('/').at(-1)))].sort(), [
      'campaign.yaml',
      'en.md',
      'fr.md',
      'wo.md',
    ]);
    const fr = unfinished.filter((p) => p.file.endsWith('fr.md')).map((p) => p.field);
    assert.deepEqual(fr, [
      'headline',
      'summary',
      'share',
      'facts.0',
      'intro',
      'sections.reality',
      'sections.alternatives',
      'sections.help',
    ]);
    assert.ok(
      unfinished.some(
        (p) => p.field === 'contactPoints[0].country' && p.message.startsWith('"XX" is a placeholder'),
      ),
    );
  });

  test('an unfinished campaign set to active is an error, so it cannot be published by mistake', () => {
    const activeRoot = mkdtempSync(join(tmpdir(), 'cp-new-'));
    assert.equal(cli(['new', 'rushed', '--languages', 'en', '--root', activeRoot]).status, 0);
    const yaml = join(activeRoot, 'rushed', 'campaign.yaml');
    writeFileSync(yaml, readFileSync(yaml, 'utf8').replace('status: draft', 'status: active'));
    const errors = loadCampaigns(activeRoot).problems.filter((p) => p.severity === 'error');
    assert.ok(errors.length > 0);
    assert.ok(errors.every((p) => p.code === 'E_UNFINISHED'));
    assert.match(
      formatProblem(errors.find((p) => p.field === 'headline')!),
      /rushed\/en\.md:2:1 headline: still a placeholder \(TODO\); the campaign is active, so readers would see it: replace it, or set status: draft until it is written$/,
    );
  });

  test('refuses to overwrite, and --default must be one of the languages', () => {
    const again = cli(['new', 'my-campaign', '--languages', 'fr', '--root', root]);
    assert.equal(again.status, 1);
    assert.match(again.stderr, /my-campaign already exists; nothing was written/);
    const bad = cli(['new', 'other', '--languages', 'fr,wo', '--default', 'en', '--root', root]);
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /--default en is not among --languages fr,wo/);
    assert.deepEqual(readdirSync(root), ['my-campaign']);
  });

  test('--default picks another default language', () => {
    const other = mkdtempSync(join(tmpdir(), 'cp-new-'));
    assert.equal(cli(['new', 'c', '--languages', 'wo,fr', '--default', 'fr', '--root', other]).status, 0);
    assert.match(
      readFileSync(join(other, 'c', 'campaign.yaml'), 'utf8'),
      /default: fr\n {2}published: \[wo, fr\]/,
    );
  });
});
