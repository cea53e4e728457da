import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { formatProblem } from '../../src/core/campaign/index.ts';
import { loadCampaigns } from '../../src/core/workspace/index.ts';
import { createI18n, readLocales } from '../../src/core/i18n/index.ts';
import { buildLandingView } from '../../src/core/site/index.ts';
import { hashText, translationStatus } from '../../src/core/translation/index.ts';

const FIXTURE = 'tests/fixtures/xliff/campaigns';
const cli = (args: string[]) =>
  spawnSync(process.execPath, ['bin/counterpoint.js', ...args], { encoding: 'utf8' });

/** A copy of the fixture campaign (en source, fr translation marked up to date) to change. */
function copy(): { root: string; dir: string } {
  const root = join(mkdtempSync(join(tmpdir(), 'cp-translation-')), 'campaigns');
  cpSync(FIXTURE, root, { recursive: true });
  return { root, dir: join(root, 'xliff-campaign') };
}

const edit = (file: string, from: string, to: string) => {
  const text = readFileSync(file, 'utf8');
  assert.ok(text.includes(from), `${file} contains ${from}`);
  writeFileSync(file, text.replace(from, to));
};

describe('source fingerprints: what counts as a change', () => {
  const cases: [string, string, string, boolean][] = [
    [
      'a paragraph re-wrapped',
      'Boats are overcrowded and\nthe sea is deadly.',
      'Boats are overcrowded\nand the sea is deadly.',
      false,
    ],
    ['spaces and tabs', 'Call  the help desk.\t', 'Call the help desk.', false],
    ['one word changed', 'Boats are overcrowded.', 'Boats are full.', true],
    ['a number changed', 'Call +221 00 000 00 01', 'Call +221 00 000 00 02', true],
    ['two list items merged', '- one\n- two', '- one - two', true],
    ['a paragraph split', 'One. Two.', 'One.\n\nTwo.', true],
  ];
  for (const [name, a, b, changed] of cases) {
    test(name, () => assert.equal(hashText(a) !== hashText(b), changed));
  }
});

describe('a changed source section shows up as out of date in the other languages', async () => {
  const i18n = await createI18n(readLocales('locales'));

  test('the fixture translation is tracked and up to date: no warning, no notice', () => {
    const result = loadCampaigns(FIXTURE);
    const status = translationStatus(result.campaigns[0]!);
    assert.deepEqual(
      status.languages.map((l) => [l.lang, l.state]),
      [
        ['en', 'source'],
        ['fr', 'up-to-date'],
      ],
    );
    assert.equal(result.problems.filter((p) => p.code === 'E_TRANSLATION_STALE').length, 0);
    const view = buildLandingView(result.campaigns[0]!, 'fr', i18n.getFixedT('fr'), 'https://site.example');
    assert.ok(!view.notices.includes(i18n.getFixedT('fr')('page.outdated')));
  });

  test('the help text changes in en.md: fr.md is warned at the help section, the French page says so in French', () => {
    const { root, dir } = copy();
    edit(join(dir, 'en.md'), 'free and confidential.', 'free, confidential, and open on Saturdays.');
    const result = loadCampaigns(root);
    const loaded = result.campaigns[0]!;
    const fr = translationStatus(loaded).languages.find((l) => l.lang === 'fr')!;
    assert.equal(fr.state, 'stale');
    assert.deepEqual(
      fr.changes.map((c) => [c.unit, c.change]),
      [['sections.help', 'changed']],
    );
    const stale = result.problems.filter((p) => p.code === 'E_TRANSLATION_STALE').map(formatProblem);
    assert.equal(stale.length, 1);
    assert.ok(
      stale[0]!.endsWith(
        '/xliff-campaign/fr.md:27:1 warning: section help changed in en.md since this translation; update it, then run `npx counterpoint translations xliff-campaign --mark fr`',
      ),
      stale[0],
    );
    const notices = buildLandingView(loaded, 'fr', i18n.getFixedT('fr'), 'https://site.example').notices;
    assert.ok(
      notices.includes(
        'Cette traduction n’est peut-être plus à jour : le texte original a changé depuis qu’elle a été faite.',
      ),
      notices.join(' | '),
    );
    const en = buildLandingView(loaded, 'en', i18n.getFixedT('en'), 'https://site.example').notices;
    assert.ok(!en.some((n) => n.includes('out of date')), 'the source page has no such notice');
  });

  test('a changed risk fact, a new fact and a removed section are each named', () => {
    const { root, dir } = copy();
    edit(join(dir, 'en.md'), '  - The sea is dangerous\n', '  - The sea is deadly\n  - Smugglers lie\n');
    edit(
      join(dir, 'en.md'),
      '## Talk to someone {#help}\n\nCall the help desk on +221 00 000 00 01, free and confidential.\n',
      '',
    );
    const fr = translationStatus(loadCampaigns(root).campaigns[0]!).languages.find((l) => l.lang === 'fr')!;
    assert.deepEqual(
      new Set(fr.changes.map((c) => `${c.label} ${c.change}`)),
      new Set(['fact 1 changed', 'fact 2 changed', 'fact 3 added', 'section help removed']),
    );
  });

  test('counterpoint translations --mark records the new source version: no longer stale', () => {
    const { root, dir } = copy();
    edit(join(dir, 'en.md'), 'free and confidential.', 'free, confidential, and open on Saturdays.');
    edit(join(dir, 'fr.md'), 'gratuit et confidentiel.', 'gratuit, confidentiel, et ouvert le samedi.');
    const r = cli(['translations', 'xliff-campaign', '--root', root, '--mark', 'fr']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(
      r.stdout,
      /^ {2}fr {2}up to date with en \(marked \d{4}-\d\d-\d\d\); review: needs native review$/m,
    );
    const loaded = loadCampaigns(root).campaigns[0]!;
    assert.equal(translationStatus(loaded).languages.find((l) => l.lang === 'fr')!.state, 'up-to-date');
    assert.match(
      readFileSync(join(dir, 'fr.md'), 'utf8'),
      /^review:\n {2}status: needs-native-review\ntranslatedFrom:\n {2}language: en\n/m,
      'the rest of the front matter is kept',
    );
  });

  test('a translation without translatedFrom is "not tracked": a warning, not an error', () => {
    const { root, dir } = copy();
    const text = readFileSync(join(dir, 'fr.md'), 'utf8');
    writeFileSync(join(dir, 'fr.md'), text.replace(/translatedFrom:\n(?: {2}.*\n)+/, ''));
    const result = loadCampaigns(root);
    assert.equal(result.campaigns.length, 1);
    const p = result.problems.find((x) => x.code === 'E_TRANSLATION_UNTRACKED')!;
    assert.equal(p.severity, 'warning');
    assert.match(
      formatProblem(p),
      /fr\.md:1:1 warning: translation not tracked: the front matter has no translatedFrom, so a change in en\.md would go unnoticed here; once this text matches en\.md, run `npx counterpoint translations xliff-campaign --mark fr`$/,
    );
  });
});

describe('review status per language and per campaign', () => {
  test('validate prints it per campaign and warns for a published language not reviewed', () => {
    const r = cli(['validate', '--root', FIXTURE]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(
      r.stdout,
      /xliff-campaign: translations \(source en; campaign review: no review recorded\)\n {2}en {2}source; review: reviewed by Test reviewer on 2027-01-10\n {2}fr {2}up to date with en \(marked [\d-]+\); review: needs native review/,
    );
    assert.match(
      r.stderr,
      /fr\.md:9:1 warning: review: review status is needs-native-review, but the fr page is published; have a native speaker review it/,
    );
    assert.doesNotMatch(r.stderr, /en\.md:\d+:\d+ warning: review/);
  });

  test('"reviewed" without a reviewer is an error naming the field', () => {
    const { root, dir } = copy();
    edit(join(dir, 'fr.md'), 'status: needs-native-review', 'status: reviewed');
    const errors = loadCampaigns(root)
      .problems.filter((p) => p.severity === 'error')
      .map(formatProblem);
    assert.equal(errors.length, 1);
    assert.match(
      errors[0]!,
      /fr\.md:9:3 review\.by: a reviewed text needs "by": the name or role of the native speaker who reviewed it/,
    );
  });

  test('the example campaigns validate without errors, every translation tracked and up to date', () => {
    const result = loadCampaigns('campaigns');
    assert.deepEqual(
      result.problems.filter((p) => p.severity === 'error'),
      [],
    );
    for (const loaded of result.campaigns) {
      for (const l of translationStatus(loaded).languages)
        assert.ok(['source', 'up-to-date'].includes(l.state), `${loaded.campaign.id} ${l.lang}: ${l.state}`);
    }
  });
});
