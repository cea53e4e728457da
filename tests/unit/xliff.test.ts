import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { importXliff } from '../../src/cli/xliff.ts';
import { loadCampaigns } from '../../src/core/workspace/index.ts';
import { createI18n, readLocales } from '../../src/core/i18n/index.ts';
import { buildLandingView } from '../../src/core/site/index.ts';
import { translationStatus } from '../../src/core/translation/index.ts';

const X = 'tests/fixtures/xliff';
const cli = (args: string[]) =>
  spawnSync(process.execPath, ['bin/counterpoint.js', ...args], { encoding: 'utf8' });

/** The fixture campaign and the locales, copied so an import can write to them. */
function workspace() {
  const base = mkdtempSync(join(tmpdir(), 'cp-xliff-'));
  cpSync(`${X}/campaigns`, join(base, 'campaigns'), { recursive: true });
  cpSync('locales', join(base, 'locales'), { recursive: true });
  return {
    root: join(base, 'campaigns'),
    locales: join(base, 'locales'),
    dir: join(base, 'campaigns', 'xliff-campaign'),
  };
}

const snapshot = (dirs: string[]) =>
  dirs.flatMap((d) =>
    readdirSync(d)
      .sort()
      .map((f) => [f, readFileSync(join(d, f), 'utf8')]),
  );

describe('XLIFF export', () => {
  test('one trans-unit per unit with stable ids, existing targets, notes from the schema, codes protected, UI strings as a second file', () => {
    const r = cli(['xliff', 'export', 'xliff-campaign', '--to', 'fr', '--root', `${X}/campaigns`]);
    assert.equal(r.status, 0, r.stderr);
    const xml = r.stdout;
    assert.match(xml, /<xliff version="1\.2" xmlns="urn:oasis:names:tc:xliff:document:1\.2">/);
    assert.deepEqual(
      [...xml.matchAll(/<trans-unit id="xliff-campaign\/([^"]+)"/g)].map((m) => m[1]),
      [
        'headline',
        'summary',
        'share',
        'facts.0',
        'facts.1',
        'intro',
        'sections.reality',
        'sections.alternatives',
        'sections.help',
      ],
    );
    assert.match(
      xml,
      /<trans-unit id="xliff-campaign\/share" maxwidth="200" size-unit="char">\n {8}<source>Read this before you go<\/source>\n {8}<target state="translated">Lis ceci avant de partir<\/target>\n {8}<note from="counterpoint">Text pre-filled when a reader shares the page on WhatsApp or Telegram\.<\/note>/,
    );
    assert.match(xml, /Call the help desk on <ph id="2" ctype="x-phone">\+221 00 000 00 01<\/ph>/);
    assert.match(
      xml,
      /\[Find out more\]\(<ph id="2" ctype="x-url">https:\/\/example\.org\/seasonal-work<\/ph>\)/,
    );
    assert.match(xml, /<file original="locales\/en\.json" source-language="en" target-language="fr"/);
    assert.match(
      xml,
      /<trans-unit id="ui\/list\.read">\n {8}<source>Read: <ph id="1" ctype="x-placeholder">\{\{headline\}\}<\/ph><\/source>/,
    );
  });

  test('exporting and importing unchanged changes nothing', () => {
    const w = workspace();
    const out = join(w.root, '..', 'fr.xlf');
    assert.equal(
      cli([
        'xliff',
        'export',
        'xliff-campaign',
        '--to',
        'fr',
        '--root',
        w.root,
        '--locales',
        w.locales,
        '--out',
        out,
      ]).status,
      0,
    );
    const fr = () => loadCampaigns(w.root).campaigns[0]!.pages['fr']!;
    const before = fr();
    const plan = importXliff(out, w.root, w.locales);
    assert.deepEqual(plan.problems, []);
    const after = fr();
    assert.deepEqual(after.translation.hashes, before.translation.hashes, 'every unit the same text');
    assert.deepEqual(after.translation.from?.units, before.translation.from?.units);
    assert.deepEqual([after.headline, after.sections], [before.headline, before.sections]);
  });
});

describe('XLIFF round trip through a file edited outside the tool', async () => {
  const i18n = await createI18n(readLocales('locales'));

  test("the CAT tool's targets become the French page, its units are up to date, the UI string is updated", () => {
    const w = workspace();
    const r = cli(['xliff', 'import', `${X}/cat-tool-fr.xlf`, '--root', w.root, '--locales', w.locales]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /fr\.md: 9 unit\(s\) imported from en/);
    const result = loadCampaigns(w.root);
    assert.deepEqual(
      result.problems.filter((p) => p.severity === 'error'),
      [],
    );
    const loaded = result.campaigns[0]!;
    const view = buildLandingView(loaded, 'fr', i18n.getFixedT('fr'), 'https://site.example');
    assert.equal(view.headline, 'Ce que personne ne vous dit sur la traversée');
    const help = view.sections.find((s) => s.id === 'help')!;
    assert.equal(help.heading, "Parler à quelqu'un");
    assert.match(help.html, /Le bureau d'aide répond au \+221 00 000 00 01 : c'est gratuit/);
    assert.match(
      view.sections.find((s) => s.id === 'alternatives')!.html,
      /<a href="https:\/\/example\.org\/seasonal-work" rel="noopener noreferrer">En savoir plus<\/a>/,
    );
    assert.equal(view.introHtml, '<p>Beaucoup de jeunes pensent à partir.\nNous le respectons.</p>');
    assert.equal(translationStatus(loaded).languages.find((l) => l.lang === 'fr')!.state, 'up-to-date');
    assert.match(
      readFileSync(join(w.locales, 'fr.json'), 'utf8'),
      /^ {2}"list\.read": "À lire : \{\{headline\}\}",$/m,
    );
    assert.match(
      readFileSync(join(w.locales, 'fr.json'), 'utf8'),
      /^ {2}"_meta": \{ "status": "needs-review", /m,
      'the locale keeps its review marker',
    );
  });

  test('a unit translated from an older source text stays out of date after the import', () => {
    const w = workspace();
    const en = join(w.dir, 'en.md');
    writeFileSync(
      en,
      readFileSync(en, 'utf8').replace('free and confidential.', 'free, confidential, open on Saturdays.'),
    );
    assert.deepEqual(importXliff(`${X}/cat-tool-fr.xlf`, w.root, w.locales).problems, []);
    const fr = translationStatus(loadCampaigns(w.root).campaigns[0]!).languages.find((l) => l.lang === 'fr')!;
    assert.deepEqual(
      fr.changes.map((c) => `${c.label} ${c.change}`),
      ['section help changed'],
    );
  });
});

describe('XLIFF import refuses bad files with located errors and writes nothing', () => {
  const F = `${X}/invalid`;
  const cases: [string, string[]][] = [
    [
      'not-well-formed',
      [
        `${F}/not-well-formed.xlf:10: not well-formed XML: Expected closing tag 'target' (opened in line 9, col 1) instead of closing tag 'trans-unit'.`,
      ],
    ],
    [
      'xliff-2',
      [
        `${F}/xliff-2.xlf:3: XLIFF version 2.0 is not supported; export the file as XLIFF 1.2 (every CAT tool offers it)`,
      ],
    ],
    [
      'unknown-language',
      [
        `${F}/unknown-language.xlf:4: target-language "xx" is not a language Counterpoint knows; use a code from src/core/i18n/languages.ts`,
      ],
    ],
    [
      'wrong-target-language',
      [
        `${F}/wrong-target-language.xlf:17: xliff-campaign/share: the target is marked xml:lang="wo" but the file's target-language is "fr"; translate into one language per file`,
      ],
    ],
    [
      'unknown-unit',
      [
        /^tests\/fixtures\/xliff\/invalid\/unknown-unit\.xlf:15: xliff-campaign\/sections\.testimonies: no unit "sections\.testimonies" in .*en\.md; known: headline, summary, share, facts\.0, facts\.1, intro, sections\.reality, sections\.alternatives, sections\.help \(export the file again if the source changed\)$/
          .source,
      ],
    ],
    [
      'too-long',
      [
        `${F}/too-long.xlf:9: xliff-campaign/headline: is 140 characters long; keep it to 120 or fewer so it fits a phone screen`,
      ],
    ],
    [
      'placeholder-changed',
      [
        `${F}/placeholder-changed.xlf:64: ui/list.read: placeholders differ from the source: expected {{headline}}, found {{titre}}`,
      ],
    ],
    [
      'section-id-lost',
      [
        `${F}/section-id-lost.xlf:54: xliff-campaign/sections.help: headings differ from the source: expected "## … {#help}", found "## … (no id)"; keep each heading and its {#id} as in the source`,
        `${F}/section-id-lost.xlf:54: xliff-campaign/sections.help: a section starts with its heading line, like "## … {#help}"`,
      ],
    ],
    [
      'list-items-merged',
      [
        `${F}/list-items-merged.xlf:37: xliff-campaign/sections.reality: the source has 2 list item(s), the translation 1; keep one item per source item`,
      ],
    ],
    [
      'url-changed',
      [
        `${F}/url-changed.xlf:46: xliff-campaign/sections.alternatives: link addresses differ from the source: expected https://example.org/seasonal-work, found https://example.org/fr/travail; keep every address as it is`,
      ],
    ],
    [
      'phone-changed',
      [
        `${F}/phone-changed.xlf:54: xliff-campaign/sections.help: phone numbers differ from the source: expected +221000000001, found +221000000009; readers call these, keep them exactly`,
      ],
    ],
    [
      'unknown-code',
      [
        `${F}/unknown-code.xlf:37: xliff-campaign/sections.reality: inline code <ph id="7"> is not in the source; keep only the source's codes`,
      ],
    ],
    [
      'unsafe-markdown',
      [
        `${F}/unsafe-markdown.xlf:29: xliff-campaign/intro: unsafe Markdown in the translation: a <script> element is not allowed; landing pages must stay free of scripts and other sites' content (readers' safety and the page budget), so remove it and use plain Markdown text and https:// links`,
      ],
    ],
  ];
  const w = workspace();
  const before = snapshot([w.dir, w.locales]);
  for (const [name, expected] of cases) {
    test(name, () => {
      const problems = importXliff(`${F}/${name}.xlf`, w.root, w.locales).problems;
      if (name === 'unknown-unit') assert.match(problems[0]!, new RegExp(expected[0]!));
      else assert.deepEqual(problems.slice(0, expected.length), expected);
      assert.deepEqual(snapshot([w.dir, w.locales]), before, 'nothing written');
    });
  }

  test('on the command line: every problem on stderr, exit 1, no stack trace', () => {
    const r = cli(['xliff', 'import', `${F}/phone-changed.xlf`, '--root', w.root, '--locales', w.locales]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /phone-changed\.xlf:54: xliff-campaign\/sections\.help: phone numbers differ/);
    assert.match(r.stderr, /1 problem\(s\); nothing was written\./);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  });
});
