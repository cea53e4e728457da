import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { formatProblem, lettersOutsideScript } from '../../src/core/campaign/index.ts';
import { loadCampaigns } from '../../src/core/workspace/index.ts';
import { FACT_FORMATS, importFacts } from '../../src/core/imports/index.ts';
import { openStore } from '../../src/core/metrics/index.ts';
import { buildReport } from '../../src/core/report/index.ts';
import { trackedLinks } from '../../src/core/site/index.ts';

const F = 'tests/fixtures/invalid';
const examples = loadCampaigns('campaigns').campaigns;
const example = (id: string) => examples.find((c) => c.campaign.id === id)!;
const tmp = () => mkdtempSync(join(tmpdir(), 'cp-redirect-'));

describe('redirect keywords in campaign.yaml: one fixture per failure mode, located', () => {
  const cases: [string, string][] = [
    [
      'redirect-duplicate-keyword',
      `${F}/redirect-duplicate-keyword/test-campaign/campaign.yaml:39:38 audiences[1].redirect.lists[0].keywords[1]: phrase keyword "prix  PIROGUE" (fr) is already in audience "youth", list 1 ("boat to Spain"); one search can lead to one audience only, so remove one of them`,
    ],
    [
      'redirect-wrong-script',
      `${F}/redirect-wrong-script/test-campaign/campaign.yaml:39:43 audiences[1].redirect.lists[0].keywords[1]: "работа в италии" has letters (р а б о т в и л) outside the Latin script of "en"; write it in Latin script, or move it to a list of the language it is written in`,
    ],
    [
      'redirect-unpublished-page',
      `${F}/redirect-unpublished-page/test-campaign/campaign.yaml:39:17 audiences[1].redirect.lists[0].page: the landing page in "wo" is not published, so these searches would lead nowhere; publish "wo" (languages.published) or set page to one of: en, fr`,
    ],
    [
      'redirect-no-search-channel',
      `${F}/redirect-no-search-channel/test-campaign/campaign.yaml:24:7 audiences[0].redirect: redirect keywords need the "search" channel: its tracked links are the final URLs of the search ads, so add search to channels`,
    ],
    [
      'redirect-match-punctuation',
      `${F}/redirect-match-punctuation/test-campaign/campaign.yaml:39:22 audiences[1].redirect.lists[0].keywords[0]: expected words only, without quotes, brackets, symbols (! @ % ^ * = ( ) { } [ ] ; ~ < > ? | " + ,) or a leading -: the match type goes in the list's "match" field, negatives in "negative"`,
    ],
  ];
  for (const [fixture, expected] of cases) {
    test(fixture, () => {
      const loaded = loadCampaigns(`${F}/${fixture}`);
      assert.deepEqual(loaded.problems.filter((p) => p.severity === 'error').map(formatProblem), [expected]);
      assert.equal(loaded.campaigns.length, 0, 'a campaign with a redirect error is not loaded');
    });
  }

  test('the example campaigns carry redirect keywords and load without errors', () => {
    assert.equal(examples.length, 4);
    for (const c of examples) assert.ok(c.campaign.audiences.some((a) => a.redirect?.lists.length));
  });
});

describe("a keyword's letters must be in its language's script (registry script, Unicode Script_Extensions)", () => {
  const cases: [string, string, string[]][] = [
    ['boza', 'wo', []],
    ['gaal bu dem espaañ', 'wo', []],
    ['numéro passeur', 'fr', []],
    ['قاچاقبر ترکیه', 'prs', []],
    ['اروپا ته قاچاقي لاره', 'ps', []],
    ['قاچاق boza', 'ps', ['b', 'o', 'z', 'a']],
    ['работа в польше', 'ru', []],
    ['робота в польщі 2027', 'uk', []],
    ['job in poland', 'uk', ['j', 'o', 'b', 'i', 'n', 'p', 'o', 'l', 'a', 'n', 'd']],
    ['出国打工 高薪', 'zh-Hans', []],
    ['出国 job', 'zh-Hans', ['j', 'o', 'b']],
    ['ሥራ', 'ti', []],
  ];
  for (const [keyword, language, outside] of cases)
    test(`${keyword} (${language})`, () =>
      assert.deepEqual(lettersOutsideScript(keyword, language), outside));
});

function exportFile(id: string, dir: string): Record<string, string>[] {
  const out = join(dir, `${id}.csv`);
  const r = spawnSync(
    'node_modules/.bin/node',
    ['bin/counterpoint.js', 'redirect', id, '--out', out, '--site', 'https://example.org'],
    { encoding: 'utf8' },
  );
  assert.equal(r.status, 0, r.stderr);
  return parse(readFileSync(out), { columns: true, bom: true }) as Record<string, string>[];
}

describe('counterpoint redirect: a Google Ads Editor import', () => {
  const dir = tmp();

  test('Senegal: one paused Search campaign, an ad group per audience × language, keywords with their match type and tracked final URL', () => {
    const rows = exportFile('safe-journeys-senegal-2027', dir);
    const campaignRows = rows.filter((r) => r['Campaign Type']);
    assert.deepEqual(
      campaignRows.map((r) => [
        r.Campaign,
        r['Campaign Type'],
        r['Campaign Status'],
        r['Start Date'],
        r['End Date'],
      ]),
      [['safe-journeys-senegal-2027 - redirect', 'Search', 'Paused', '2027-02-01', '2027-02-28']],
    );
    assert.deepEqual(
      rows.filter((r) => r['Ad Group Status']).map((r) => r['Ad Group']),
      ['youth-dakar - wo', 'youth-dakar - fr', 'youth-thies - fr'],
    );
    const keywords = rows.filter((r) => r.Keyword && !r['Criterion Type']!.startsWith('Negative'));
    const yaml = readFileSync('campaigns/safe-journeys-senegal-2027/campaign.yaml', 'utf8');
    for (const k of keywords) assert.ok(yaml.includes(k.Keyword!), `${k.Keyword} comes from campaign.yaml`);
    assert.equal(keywords.length, 13);
    assert.ok(keywords.every((k) => k['Criterion Type'] === 'Phrase' && k.Status === 'Enabled'));
    const search = trackedLinks(example('safe-journeys-senegal-2027').campaign).filter(
      (l) => l.channel === 'search',
    );
    const code = (audience: string) => search.find((l) => l.audience === audience)!.code;
    // youth-dakar lands in Wolof first: its Wolof keywords take the /go/ link, its French ones the French page with the code.
    assert.equal(
      keywords.find((k) => k['Ad Group'] === 'youth-dakar - wo')!['Final URL'],
      `https://example.org/go/${code('youth-dakar')}`,
    );
    assert.equal(
      keywords.find((k) => k['Ad Group'] === 'youth-dakar - fr')!['Final URL'],
      `https://example.org/fr/safe-journeys-senegal-2027/?k=${code('youth-dakar')}`,
    );
    assert.equal(
      keywords.find((k) => k['Ad Group'] === 'youth-thies - fr')!['Final URL'],
      `https://example.org/go/${code('youth-thies')}`,
    );
    assert.deepEqual(
      rows.filter((r) => r['Criterion Type'] === 'Negative Phrase').map((r) => [r['Ad Group'], r.Keyword]),
      [
        ['youth-dakar - wo', 'boza song'],
        ['youth-dakar - wo', 'boza chanson'],
        ['youth-dakar - fr', 'boza chanson'],
        ['youth-dakar - fr', 'boza paroles'],
      ],
    );
  });

  test('Afghanistan: Dari and Pashto keywords in Arabic script come out as written, the Pashto ones leading to the Pashto page', () => {
    const rows = exportFile('eastern-route-afghanistan-2027', dir);
    const pashto = rows.filter((r) => r['Ad Group'] === 'young-men-herat-kabul - ps' && r.Keyword);
    assert.deepEqual(
      pashto.map((r) => r.Keyword),
      ['قاچاقبر شمېره', 'اروپا ته قاچاقي لاره'],
    );
    assert.match(
      pashto[0]!['Final URL']!,
      /^https:\/\/example\.org\/ps\/eastern-route-afghanistan-2027\/\?k=[a-z0-9]+$/,
    );
  });

  test('a campaign without redirect keywords, or a bad --daily-budget, is one line and no file', () => {
    const out = join(dir, 'none.csv');
    const r = spawnSync(
      'node_modules/.bin/node',
      [
        'bin/counterpoint.js',
        'redirect',
        'safe-journeys-senegal-2027',
        '--out',
        out,
        '--daily-budget',
        'ten',
      ],
      { encoding: 'utf8' },
    );
    assert.equal(r.status, 1);
    assert.equal(
      r.stderr.trim(),
      'counterpoint redirect: --daily-budget ten: expected an amount above zero, like 10 or 12.50',
    );
    assert.throws(() => readFileSync(out));
  });
});

describe('the Google Ads keyword report comes back in, per keyword, and the report sums it per theme', () => {
  const senegal = example('safe-journeys-senegal-2027');

  test('the sample report: totals rows skipped, each keyword stored with its match type, themes from campaign.yaml', async () => {
    const store = await openStore(`sqlite:${join(tmp(), 'store.db')}`);
    const outcome = await importFacts({
      store,
      campaign: senegal.campaign,
      format: FACT_FORMATS['google-ads-keywords']!,
      file: 'tests/fixtures/samples/google-ads-keyword-report.csv',
    });
    assert.equal(outcome.ok, true);
    assert.equal(outcome.rowsAccepted, 7 * 14);
    const report = await buildReport(store, senegal);
    // Figures summed from the file's rows by the script that generated it (Python's csv module).
    assert.deepEqual(
      report.searchThemes.map((t) => [t.theme, t.keywords, t.impressions.display, t.clicks.display, t.cost]),
      [
        ['boat to Spain', 7, '39,390', '1,432', 209.86],
        ['smuggler contact', 3, '19,433', '699', 105.49],
        ['job abroad no fee', 3, '17,744', 'withheld', null],
        [null, 1, '114', '<10', null],
      ],
    );
    // The file's own "Total: Account" row, which the import skipped: the ladder counts each impression once.
    assert.equal(report.reach.total.impressions, 76681);
    await store.close();
  });

  test('round trip: a report of the exported keywords finds every theme again (no keyword left without one)', async () => {
    const dir = tmp();
    const rows = exportFile('fake-job-offers-2027', dir);
    const keywords = rows.filter((r) => r.Keyword && !r['Criterion Type']!.startsWith('Negative'));
    const lines = [
      'Search keyword report',
      '"March 1, 2027 - March 1, 2027"',
      'Keyword,Match type,Campaign,Ad group,Day,Currency code,Impr.,Clicks,Cost',
      ...keywords.map(
        (k) =>
          `${k.Keyword},${k['Criterion Type']} match,${k.Campaign},${k['Ad Group']},2027-03-01,EUR,100,10,2.50`,
      ),
      `Total: Account,,,,,EUR,${keywords.length * 100},${keywords.length * 10},${(keywords.length * 2.5).toFixed(2)}`,
    ];
    const file = join(dir, 'report.csv');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const loaded = example('fake-job-offers-2027');
    const store = await openStore(`sqlite:${join(dir, 'store.db')}`);
    const outcome = await importFacts({
      store,
      campaign: loaded.campaign,
      format: FACT_FORMATS['google-ads-keywords']!,
      file,
    });
    assert.equal(outcome.ok, true, outcome.ok ? '' : outcome.fatal);
    const report = await buildReport(store, loaded);
    const lists = loaded.campaign.audiences.flatMap((a) => a.redirect?.lists ?? []);
    const themes = [...new Set(lists.map((l) => l.theme))];
    assert.deepEqual(
      report.searchThemes.map((t) => t.theme),
      themes,
    );
    for (const t of report.searchThemes) {
      const n = lists.filter((l) => l.theme === t.theme).reduce((s, l) => s + l.keywords.length, 0);
      assert.equal(t.keywords, n);
      assert.equal(t.impressions.value, n * 100);
      assert.equal(t.clicks.value, n * 10);
    }
    await store.close();
  });
});

describe('the report shows the themes', () => {
  test('HTML report in French: the search redirection section with its table, small clicks withheld', () => {
    const dir = tmp();
    const env = { ...process.env, DATABASE_URL: `sqlite:${join(dir, 'store.db')}` };
    const run = (...args: string[]) =>
      spawnSync('node_modules/.bin/node', ['bin/counterpoint.js', ...args], { encoding: 'utf8', env });
    const imported = run(
      'import',
      'google-ads-keywords',
      'tests/fixtures/samples/google-ads-keyword-report.csv',
      '--campaign',
      'safe-journeys-senegal-2027',
    );
    assert.equal(imported.status, 0, imported.stderr);
    const out = join(dir, 'report.html');
    const r = run(
      'report',
      'safe-journeys-senegal-2027',
      '--format',
      'html',
      '--language',
      'fr',
      '--out',
      out,
    );
    assert.equal(r.status, 0, r.stderr);
    const html = readFileSync(out, 'utf8');
    assert.match(html, /<h2 id="search-heading">Redirection des recherches<\/h2>/);
    const table = html.slice(html.indexOf('search-heading'));
    assert.match(table, /Impressions, clics et coût par thème de mots clés/);
    assert.match(table, /boat to Spain/);
    assert.match(table, /Mots clés absents de la campagne/);
    assert.match(table, /&lt;10|<10/);
  });
});
