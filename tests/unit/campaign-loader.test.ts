import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatProblem } from '../../src/core/campaign/index.ts';
import { loadCampaigns } from '../../src/core/workspace/index.ts';

const errorsOf = (fixture: string) =>
  loadCampaigns(`tests/fixtures/invalid/${fixture}`)
    .problems.filter((p) => p.severity === 'error')
    .map(formatProblem);

const F = 'tests/fixtures/invalid';

describe('campaign loader: one fixture per failure mode, exact message with file, line and field', () => {
  const cases: [string, string[]][] = [
    [
      // A joint message names the organisations that agreed it: another one's campaign cannot carry it.
      'message-not-allowed',
      [
        `${F}/message-not-allowed/test-campaign/campaign.yaml:14:12 messages[0]: core message "shared-message" may be carried by another-org; this campaign's owner "test-org" is not one of them: ask its partners to add it under organisations in campaigns/_messages/shared-message/message.yaml`,
      ],
    ],
    [
      'mark-script',
      [
        `${F}/mark-script/test-campaign/campaign.yaml:7:9 owner.mark: <script> is not allowed in a mark (only <svg>, <g>, <path>, <circle>, <ellipse>, <rect>, <line>, <polyline>, <polygon>, <title>)`,
      ],
    ],
    [
      'mark-url-value',
      [
        `${F}/mark-url-value/test-campaign/campaign.yaml:7:9 owner.mark: the value of fill is not allowed in a mark: colours and numbers only (a url(…) would load something from elsewhere)`,
      ],
    ],
    [
      'mark-too-large',
      [
        `${F}/mark-too-large/test-campaign/campaign.yaml:7:9 owner.mark: the mark is 2386 bytes; at most 2048 (every reader downloads it with the page): simplify the drawing`,
      ],
    ],
    [
      'yaml-syntax',
      [
        `${F}/yaml-syntax/test-campaign/campaign.yaml:6:1 YAML syntax: Tabs are not allowed as indentation; indent with spaces and put each "field: value" on its own line`,
      ],
    ],
    [
      'alias-bomb',
      [
        `${F}/alias-bomb/test-campaign/campaign.yaml:57:8 too many aliases: the file expands to more than 100 copies of aliased values (a "billion laughs" attack, or anchors used far more than a campaign needs); write the values out, or use each &anchor only a few times`,
      ],
    ],
    [
      'rate-in-budget-currency',
      [
        `${F}/rate-in-budget-currency/test-campaign/campaign.yaml:60:19 budget.rates[1].currency: EUR is the budget's own currency and needs no rate; remove this rate`,
      ],
    ],
    [
      'wrong-type',
      [
        `${F}/wrong-type/test-campaign/campaign.yaml:21:11 audiences[0].size: expected a number, got text "lots"`,
      ],
    ],
    [
      'unknown-field',
      [
        `${F}/unknown-field/test-campaign/campaign.yaml:31:1 budjet: unknown field (did you mean "budget"?); allowed here: id, title, example, owner, status, window, languages, messages, audiences, channels, contactPoints, measures, partners, placements, evaluation, links, budget, review, offerCheck, offerReports, tipline`,
      ],
    ],
    [
      'end-before-start',
      [
        `${F}/end-before-start/test-campaign/campaign.yaml:10:8 window.end: the campaign ends (2027-01-15) before it starts (2027-02-01); set window.end to a date on or after window.start`,
      ],
    ],
    [
      'missing-content',
      [
        `${F}/missing-content/test-campaign/campaign.yaml:13:19 languages.published[1]: "fr" is published but ${F}/missing-content/test-campaign/fr.md does not exist; write the page in that language or remove "fr" from languages.published`,
      ],
    ],
    [
      'duplicate-audience',
      [
        `${F}/duplicate-audience/test-campaign/campaign.yaml:23:9 audiences[1].id: audience id "youth" is used twice; imports and reports attribute numbers by audience id, so give each audience its own id`,
      ],
    ],
    [
      'missing-contact-point',
      [
        `${F}/missing-contact-point/test-campaign/campaign.yaml:19:21 audiences[0].countries[1]: no contact point in ML; every country of the campaign needs one that readers can call (rule 7), so add a contact point with country: ML`,
      ],
    ],
    [
      'unsafe-markdown',
      [
        `${F}/unsafe-markdown/test-campaign/en.md:10:1 unsafe Markdown: a <script> element is not allowed; landing pages must stay free of scripts and other sites' content (readers' safety and the page budget), so remove it and use plain Markdown text and https:// links`,
        `${F}/unsafe-markdown/test-campaign/en.md:12:11 unsafe Markdown: a javascript: link is not allowed; landing pages must stay free of scripts and other sites' content (readers' safety and the page budget), so remove it and use plain Markdown text and https:// links`,
      ],
    ],
  ];
  for (const [fixture, expected] of cases) {
    test(fixture, () => {
      assert.deepEqual(errorsOf(fixture), expected);
      assert.equal(
        loadCampaigns(`${F}/${fixture}`).campaigns.length,
        0,
        'an invalid campaign is never handed to the build',
      );
    });
  }
});

describe('campaign loader: valid campaign', () => {
  const result = loadCampaigns('tests/fixtures/valid');
  const [loaded] = result.campaigns;

  test('loads with defaults applied and no errors', () => {
    assert.deepEqual(
      result.problems.filter((p) => p.severity === 'error'),
      [],
    );
    assert.equal(loaded?.campaign.audiences[0]?.gender, 'all');
    assert.deepEqual(Object.keys(loaded!.pages).sort(), ['en', 'fr']);
  });

  test('sections keep page order and fall back to the UI heading when the author gives none', () => {
    assert.deepEqual(
      loaded!.pages['en']!.sections.map((s) => [s.id, s.heading]),
      [
        ['reality', ''],
        ['alternatives', 'Safer ways'],
      ],
    );
  });

  test('an untranslated core message falls back along the chain and is reported as a warning', () => {
    const fr = loaded!.pages['fr']!.messages[0]!;
    assert.equal(fr.lang, 'en');
    const warning = result.problems.find((p) => p.severity === 'warning')!;
    assert.equal(
      formatProblem(warning),
      'tests/fixtures/valid/test-campaign/campaign.yaml:14:12 warning: messages[0]: core message "shared-message" has no fr text yet; the fr page shows it in en. Add campaigns/_messages/shared-message/fr.md',
    );
  });
});
