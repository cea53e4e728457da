import assert from 'node:assert/strict';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { formatProblem, type Claim, type LoadedCampaign } from '../../src/core/campaign/index.ts';
import { loadCampaigns, scoreCampaign } from '../../src/core/workspace/index.ts';
import { addClaim, answerClaim, claimContext, median } from '../../src/core/claims/index.ts';

mkdirSync('test-results', { recursive: true });
const F = 'tests/fixtures/claims';

/** The valid fixture campaign in a fresh folder, with `claims` as its claims.yaml. */
function fixtureRoot(claimsFile?: string): string {
  const root = mkdtempSync(join('test-results', 'claims-'));
  cpSync('tests/fixtures/valid', root, { recursive: true });
  if (claimsFile) cpSync(claimsFile, join(root, 'test-campaign', 'claims.yaml'));
  return root;
}

describe('claims.yaml: one fixture per failure mode, exact message with file, line and field', () => {
  const cases: [string, string][] = [
    [
      'unknown-channel',
      'claims.yaml:4:12 claims[0].where: "tik-tok" is not allowed: expected one of facebook, instagram, tiktok, youtube, whatsapp, telegram, search, radio, tv, print, community-event, diaspora-ambassador, partner-site, dating-app, forum, marketplace, wechat, tipline, other (did you mean "tiktok"?)',
    ],
    [
      'unknown-audience',
      'claims.yaml:6:15 claims[0].audience: no audience "students" in campaign.yaml; use one of youth, diaspora',
    ],
    [
      'section-not-on-page',
      'claims.yaml:8:28 claims[0].answeredBy.section: the fr page has no section {#help}; it has {#reality}, {#alternatives}',
    ],
    [
      'language-not-published',
      'claims.yaml:8:47 claims[0].answeredBy.language: "wo" is not a published language of the campaign; use one of en, fr',
    ],
    [
      'message-not-carried',
      'claims.yaml:8:28 claims[0].answeredBy.message: the campaign does not carry joint message "other-message"; use one of shared-message, or add it under messages: in campaign.yaml',
    ],
    [
      'section-without-language',
      'claims.yaml:8:17 claims[0].answeredBy.language: a section answers in one language: add language, like "fr"',
    ],
    [
      'answer-without-date',
      'claims.yaml:2:5 claims[0].answeredOn: answeredBy is set: add answeredOn, the day the answer went live, so rule 5 can time it',
    ],
    [
      'answered-before-seen',
      'claims.yaml:9:17 claims[0].answeredOn: the answer (2027-01-30) went live before the claim was seen (2027-02-03); set answeredOn to the day the answer was published',
    ],
    [
      'duplicate-id',
      'claims.yaml:8:9 claims[1].id: claim id "free-seats" is used twice (first in claims[0]); give each claim its own id',
    ],
    [
      'bare-list',
      'claims.yaml:1:1 the file is a bare list; write "claims:" on a line of its own and indent the list under it',
    ],
    [
      'yaml-syntax',
      'claims.yaml:3:1 YAML syntax: Tabs are not allowed as indentation; indent with spaces and put each "field: value" on its own line',
    ],
  ];
  for (const [fixture, expected] of cases) {
    test(fixture, () => {
      const root = fixtureRoot(join(F, `${fixture}.yaml`));
      const result = loadCampaigns(root);
      const errors = result.problems.filter((p) => p.severity === 'error').map(formatProblem);
      assert.deepEqual(errors, [`${root}/test-campaign/${expected}`]);
      // A campaign whose claims log has an error is not built, as for any other error in it.
      assert.equal(result.campaigns.length, 0);
    });
  }

  test('every fixture above is tested', () => {
    assert.deepEqual(
      readdirSync(F)
        .map((f) => f.replace(/\.yaml$/, ''))
        .sort(),
      cases.map(([f]) => f).sort(),
    );
  });

  test('the examples load their claims logs; a campaign without one has no claims', () => {
    const { campaigns, problems } = loadCampaigns('campaigns');
    assert.deepEqual(problems.filter((p) => p.severity === 'error').map(formatProblem), []);
    const count = Object.fromEntries(campaigns.map((c) => [c.campaign.id, c.claims.length]));
    assert.equal(count['safe-journeys-senegal-2027'], 4);
    assert.equal(count['fake-job-offers-2027'], 4);
    assert.equal(count['eastern-route-afghanistan-2027'], 0);
    const wechat = campaigns.flatMap((c) => c.claims).find((c) => c.where === 'wechat');
    assert.equal(wechat?.language, 'zh-Hans');
  });
});

describe('median: known values (R: median(c(...)))', () => {
  const cases: [number[], number | null][] = [
    [[], null],
    [[3], 3],
    [[30, 3, 5], 5],
    [[1, 2, 3, 4], 2.5],
    [[2, 2, 9, 40], 5.5],
  ];
  for (const [values, expected] of cases)
    test(`median(${values.join(', ') || 'nothing'}) = ${expected}`, () =>
      assert.equal(median(values), expected));
});

describe('scorecard rule 5: short, fast and responsive, from the claims log', () => {
  const base = loadCampaigns('tests/fixtures/valid').campaigns[0]!;
  const claim = (id: string, seen: string, answeredOn?: string): Claim => ({
    id,
    seen,
    where: 'tiktok',
    language: 'fr',
    audience: 'youth',
    claim: 'Les places sont gratuites.',
    ...(answeredOn && { answeredBy: { section: 'reality' as const, language: 'fr' }, answeredOn }),
  });
  const rule5 = (claims: Claim[], today: string, window?: LoadedCampaign['campaign']['window']) =>
    scoreCampaign(
      { ...base, claims, campaign: { ...base.campaign, ...(window && { window }) } },
      { today },
    )[4]!;
  const cases: [string, Claim[], string, 'pass' | 'warn', string][] = [
    [
      'no claims: the window alone, and says responsiveness is not measured',
      [],
      '2027-03-01',
      'pass',
      'runs 28 days; no claims recorded in claims.yaml, so responsiveness is not measured',
    ],
    [
      'answered in 3 days: pass, with the median',
      [claim('a', '2027-02-02', '2027-02-05')],
      '2027-03-01',
      'pass',
      'runs 28 days; answers claims in a median of 3 days from seen to published (1 answered)',
    ],
    [
      'unanswered 20 days: warn, naming it',
      [claim('boat', '2027-02-09')],
      '2027-03-01',
      'warn',
      'runs 28 days; 1 claim(s) unanswered after 14 days: boat',
    ],
    [
      'unanswered 10 days: not yet late',
      [claim('boat', '2027-02-19')],
      '2027-03-01',
      'pass',
      'runs 28 days; 1 claim(s) awaiting an answer, seen within 14 days',
    ],
    [
      'unanswered exactly 14 days: not yet late',
      [claim('boat', '2027-02-15')],
      '2027-03-01',
      'pass',
      'runs 28 days; 1 claim(s) awaiting an answer, seen within 14 days',
    ],
    [
      'one slow answer does not outweigh two fast ones (median 5 of 3, 5, 30)',
      [
        claim('a', '2027-02-01', '2027-02-04'),
        claim('b', '2027-02-01', '2027-02-06'),
        claim('c', '2027-01-01', '2027-01-31'),
      ],
      '2027-03-01',
      'pass',
      'runs 28 days; answers claims in a median of 5 days from seen to published (3 answered)',
    ],
    [
      'usually answered late (median 25): warn',
      [claim('a', '2027-01-01', '2027-01-21'), claim('b', '2027-01-01', '2027-01-31')],
      '2027-03-01',
      'warn',
      'runs 28 days; answers claims in a median of 25 days from seen to published (2 answered); aim for 14 days or fewer',
    ],
  ];
  for (const [name, claims, today, verdict, reason] of cases)
    test(name, () => {
      const r = rule5(claims, today);
      assert.deepEqual({ verdict: r.verdict, reason: r.reason }, { verdict, reason });
    });

  test('the window check stays part of it: a long campaign warns even when it answers fast', () => {
    const r = rule5([claim('a', '2027-02-02', '2027-02-05')], '2027-06-01', {
      start: '2027-01-01',
      end: '2027-05-31',
    });
    assert.equal(r.verdict, 'warn');
    assert.equal(
      r.reason,
      'runs 22 weeks; the conference advises short campaigns (at most 12 weeks); answers claims in a median of 3 days from seen to published (1 answered)',
    );
  });
});

describe('recording claims (addClaim, answerClaim): the file keeps its comments, only valid files are written', () => {
  const setup = (claimsFile?: string) => {
    const root = fixtureRoot();
    // The context comes from the campaign without its log, so a broken log can be tested too.
    const loaded = loadCampaigns(root).campaigns[0]!;
    if (claimsFile) cpSync(claimsFile, join(root, 'test-campaign', 'claims.yaml'));
    return {
      dir: join(root, 'test-campaign'),
      file: join(root, 'test-campaign', 'claims.yaml'),
      context: claimContext(loaded.campaign, loaded.pages),
      reload: () => loadCampaigns(root).campaigns[0]!,
    };
  };
  const seen = {
    seen: '2027-02-09',
    where: 'marketplace',
    language: 'en',
    audience: 'youth',
    claim: 'Farm jobs in Spain, no papers needed, pay 500 euros for the contract.',
  };

  test('a claim and its answer move rule 5: warn while it waits past 14 days, pass once answered', () => {
    const { dir, context, reload } = setup();
    const added = addClaim(dir, seen, context, { today: '2027-03-01' });
    assert.ok(added.ok);
    assert.equal(added.claim.id, 'marketplace-2027-02-09');
    const waiting = scoreCampaign(reload(), { today: '2027-03-01' })[4]!;
    assert.equal(waiting.verdict, 'warn');
    assert.match(waiting.reason, /1 claim\(s\) unanswered after 14 days: marketplace-2027-02-09$/);

    const answered = answerClaim(
      dir,
      'marketplace-2027-02-09',
      { section: 'reality', language: 'en' },
      '2027-02-12',
      context,
    );
    assert.ok(answered.ok);
    const after = scoreCampaign(reload(), { today: '2027-03-01' })[4]!;
    assert.equal(after.verdict, 'pass');
    assert.match(after.reason, /answers claims in a median of 3 days from seen to published \(1 answered\)$/);
  });

  test('a new file starts with the schema comment; appending keeps comments and the claims before', () => {
    const { dir, file, context } = setup();
    assert.ok(addClaim(dir, seen, context).ok);
    const first = readFileSync(file, 'utf8');
    assert.match(first, /^# yaml-language-server: \$schema=\.\.\/\.\.\/schema\/claims\.schema\.json\n/);
    writeFileSync(file, first.replace('claims:', '# A note the team keeps.\nclaims:'));
    const second = addClaim(dir, { ...seen, claim: 'A second offer, same day.' }, context);
    assert.ok(second.ok);
    assert.equal(second.claim.id, 'marketplace-2027-02-09-2');
    const text = readFileSync(file, 'utf8');
    assert.match(text, /# A note the team keeps\.\nclaims:\n {2}- id: marketplace-2027-02-09\n/);
    assert.match(text, /- id: marketplace-2027-02-09-2\n {4}seen: 2027-02-09\n {4}where: marketplace\n/);
    assert.deepEqual(
      readdirSync(dir).filter((f) => f.endsWith('.tmp')),
      [],
    );
  });

  const refusals: [string, Partial<typeof seen>, { field: string; message: string }[]][] = [
    [
      'an unknown channel',
      { where: 'myspace' },
      [
        {
          field: 'where',
          message:
            '"myspace" is not allowed: expected one of facebook, instagram, tiktok, youtube, whatsapp, telegram, search, radio, tv, print, community-event, diaspora-ambassador, partner-site, dating-app, forum, marketplace, wechat, tipline, other',
        },
      ],
    ],
    [
      'an audience of no campaign',
      { audience: 'students' },
      [{ field: 'audience', message: 'no audience "students" in campaign.yaml; use one of youth, diaspora' }],
    ],
    ['an empty claim', { claim: '  ' }, [{ field: 'claim', message: 'must not be empty' }]],
    [
      'a day after today',
      { seen: '2027-03-02' },
      [{ field: 'seen', message: '2027-03-02 is after today (2027-03-01); give the day the claim was seen' }],
    ],
  ];
  for (const [name, change, problems] of refusals)
    test(`refused, file untouched: ${name}`, () => {
      const { dir, file, context } = setup(join('tests/fixtures/valid-claims.yaml'));
      const before = readFileSync(file, 'utf8');
      const r = addClaim(dir, { ...seen, ...change }, context, { today: '2027-03-01' });
      assert.deepEqual(r, { ok: false, problems });
      assert.equal(readFileSync(file, 'utf8'), before);
    });

  test('an answer is refused, file untouched, for a claim not in the log, a date after today, or a section the page lacks', () => {
    const { dir, file, context } = setup(join('tests/fixtures/valid-claims.yaml'));
    const before = readFileSync(file, 'utf8');
    const today = { today: '2027-03-01' };
    const reality = { section: 'reality', language: 'fr' };
    assert.deepEqual(answerClaim(dir, 'nope', reality, '2027-02-10', context, today).ok, false);
    assert.deepEqual(answerClaim(dir, 'free-seats', reality, '2027-03-02', context, today), {
      ok: false,
      problems: [
        {
          field: 'answeredOn',
          message: '2027-03-02 is after today (2027-03-01); record the answer once it is live',
        },
      ],
    });
    assert.deepEqual(
      answerClaim(dir, 'free-seats', { section: 'help', language: 'fr' }, '2027-02-10', context),
      {
        ok: false,
        problems: [
          {
            field: 'answeredBy.section',
            message: 'the fr page has no section {#help}; it has {#reality}, {#alternatives}',
          },
        ],
      },
    );
    assert.equal(readFileSync(file, 'utf8'), before);
  });

  test('a file that is already wrong is not appended to: it names the problem to fix first', () => {
    const { dir, file, context } = setup(join(F, 'duplicate-id.yaml'));
    const r = addClaim(dir, seen, context);
    assert.equal(r.ok, false);
    assert.match(
      (r as { problems: { message: string }[] }).problems[0]!.message,
      /claims\.yaml:8: claims\[1\]\.id: claim id "free-seats" is used twice .*\(fix the file first\)$/,
    );
    assert.ok(existsSync(file));
  });
});

describe('the report lists the claims, answered and not, with days to answer', () => {
  test('Senegal example on 2027-03-10: three answered (median 3 days), one overdue; in JSON, CSV and the scorecard', async () => {
    const { openStore } = await import('../../src/core/metrics/index.ts');
    const { buildReport, reportToCsv, ReportSchema } = await import('../../src/core/report/index.ts');
    const senegal = loadCampaigns('campaigns').campaigns.find(
      (c) => c.campaign.id === 'safe-journeys-senegal-2027',
    )!;
    const store = await openStore(`sqlite:${join(mkdtempSync(join('test-results', 'claims-db-')), 'r.db')}`);
    try {
      const report = ReportSchema.parse(await buildReport(store, senegal, new Date('2027-03-10T12:00:00Z')));
      const c = report.claims;
      assert.deepEqual(
        { median: c.medianDays, answered: c.answered, unanswered: c.unanswered, overdue: c.overdue },
        { median: 3, answered: 3, unanswered: 1, overdue: 1 },
      );
      assert.deepEqual(
        c.items.map((x) => [x.id, x.daysToAnswer, x.waiting, x.overdue]),
        [
          ['free-seats-canaries', 3, null, false],
          ['papers-on-arrival', 5, null, false],
          ['crossing-takes-two-days', 2, null, false],
          ['italy-jobs-waiting', null, 18, true],
        ],
      );
      assert.deepEqual(c.items[2]!.answeredBy, {
        section: null,
        language: null,
        message: 'no-one-should-die-for-a-journey',
      });
      const rule5 = report.scorecard[4]!;
      assert.equal(rule5.verdict, 'warn');
      assert.match(
        rule5.reason,
        /median of 3 days .*; 1 claim\(s\) unanswered after 14 days: italy-jobs-waiting$/,
      );
      const csv = reportToCsv(report);
      assert.match(
        csv,
        /\nclaim,italy-jobs-waiting,days waiting,18,,,,"seen 2027-02-20 on dating-app \(fr, diaspora-italy\), overdue: Un cousin/,
      );
      assert.match(csv, /\nclaim,free-seats-canaries,days to answer,3,/);
    } finally {
      await store.close();
    }
  });
});
