import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { loadCampaigns } from '../../src/core/workspace/index.ts';
import { generatedCode, negotiateLanguage, trackedLinks } from '../../src/core/site/index.ts';

const [loaded] = loadCampaigns('tests/fixtures/valid').campaigns;
const campaign = loaded!.campaign;

describe('tracked links', () => {
  test('one stable code per audience × channel, landing in the audience’s first published language', () => {
    const links = trackedLinks(campaign);
    assert.equal(links.length, campaign.audiences.length * campaign.channels.length);
    assert.equal(
      generatedCode('test-campaign', 'radio', 'youth'),
      generatedCode('test-campaign', 'radio', 'youth'),
    );
    assert.notEqual(
      generatedCode('test-campaign', 'radio', 'youth'),
      generatedCode('test-campaign', 'radio', 'diaspora'),
    );
    assert.deepEqual(links.find((l) => l.channel === 'radio' && l.audience === 'youth')?.language, 'fr');
  });

  const link = {
    code: 'x',
    campaign: 'c',
    channel: 'radio',
    audience: 'youth',
    language: 'wo',
    declared: false,
  };
  const cases: [string | undefined, string][] = [
    [undefined, 'wo'],
    ['wo-SN,fr;q=0.8', 'wo'],
    ['fr-FR,fr;q=0.9', 'fr'],
    ['en-US,en;q=0.9', 'en'],
    ['de-DE', 'wo'],
    ['de-DE,fr;q=0.5', 'fr'],
  ];
  for (const [accept, expected] of cases) {
    test(`Accept-Language ${accept ?? '(none)'} → ${expected}`, () =>
      assert.equal(negotiateLanguage(link, ['fr', 'wo', 'en'], accept), expected));
  }
});

describe('counterpoint links', () => {
  test('writes a CSV of every tracked link and an SVG QR code for each', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'cp-links-')), 'links');
    const r = spawnSync(
      process.execPath,
      ['bin/counterpoint.js', 'links', 'test-campaign', '--out', out, '--site', 'https://site.example'],
      {
        encoding: 'utf8',
        env: { ...process.env, COUNTERPOINT_CAMPAIGNS: 'tests/fixtures/valid' },
      },
    );
    assert.equal(r.status, 0, r.stderr);
    const [header, ...rows] = readFileSync(join(out, 'links.csv'), 'utf8').trim().split('\n');
    assert.equal(header, 'code,url,channel,audience,language,declared,qr');
    assert.equal(rows.length, trackedLinks(campaign).length);
    for (const row of rows) {
      const [code, url, , , , , qr] = row.split(',');
      assert.equal(url, `https://site.example/go/${code}`);
      const svg = readFileSync(join(out, qr!), 'utf8');
      assert.match(svg, /^<svg role="img" aria-label="Test campaign: /);
    }
  });
});
