import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadCampaigns } from '../../src/core/workspace/index.ts';
import { costPerOutcomePoint } from '../../src/core/report/cost.ts';
import { protectedNodes, snapToWeeks } from '../../src/core/report/disclosure.ts';
import { channelReach, reachRange } from '../../src/core/report/reach.ts';
import type { Report } from '../../src/core/report/index.ts';

const loaded = loadCampaigns('campaigns').campaigns.find(
  (x) => x.campaign.id === 'safe-journeys-senegal-2027',
)!;
const c = loaded.campaign;

describe('reach as a range', () => {
  test('a channel is its largest day at least and its sum over days at most; age × gender rows of one day add up', () => {
    const rows = [
      { channel: 'facebook', day: '2027-02-01', metric: 'reach', value: 100 },
      { channel: 'facebook', day: '2027-02-01', metric: 'reach', value: 50 },
      { channel: 'facebook', day: '2027-02-02', metric: 'reach', value: 120 },
      { channel: 'radio', day: '2027-02-05', metric: 'estimated-listeners', value: 400 },
      { channel: 'facebook', day: '2027-02-01', metric: 'impressions', value: 999 },
      { channel: 'radio', day: '2027-02-05', metric: 'unique-visitors', value: 7 },
    ];
    assert.deepEqual(channelReach(rows), [
      { channel: 'radio', largestDay: 400, sum: 400 },
      { channel: 'facebook', largestDay: 150, sum: 270 },
    ]);
  });
  (
    [
      // channels, site visitors shown, size → range
      [
        [
          { channel: 'a', largestDay: 150, sum: 270 },
          { channel: 'b', largestDay: 400, sum: 400 },
        ],
        null,
        null,
        { combined: 670, range: { lower: 400, upper: 670 } },
      ],
      [
        [
          { channel: 'a', largestDay: 150, sum: 270 },
          { channel: 'b', largestDay: 400, sum: 400 },
        ],
        30,
        500,
        { combined: 700, range: { lower: 400, upper: 500 } },
      ],
      [
        [{ channel: 'a', largestDay: 150, sum: 270 }],
        null,
        100,
        { combined: 270, range: { lower: 100, upper: 100 } },
      ],
      [[], 12, null, { combined: 12, range: { lower: 0, upper: 12 } }],
    ] as const
  ).forEach(([channels, site, size, expected], i) =>
    test(`case ${i}: at least the largest channel, at most the sum capped at the size`, () => {
      assert.deepEqual(reachRange(channels as never, site as number | null, size as number | null), expected);
    }),
  );
});

describe('date windows', () => {
  test('snapped out to whole weeks from the campaign start (2027-02-01, a Monday)', () => {
    assert.deepEqual(snapToWeeks({ from: '2027-02-02', to: '2027-02-02' }, '2027-02-01'), {
      from: '2027-02-01',
      to: '2027-02-07',
    });
    assert.deepEqual(snapToWeeks({ from: '2027-01-30', to: '2027-02-08' }, '2027-02-01'), {
      from: '2027-01-25',
      to: '2027-02-14',
    });
  });
  test('protected nodes hold 10 or more between any two of them', () => {
    const values = [3, 13, 7, 8, 13, 2, 0, 1, 1, 1, 40, 2, 2, 2];
    const nodes = [...protectedNodes(values)].sort((a, b) => a - b);
    const prefix = [0];
    for (const v of values) prefix.push(prefix.at(-1)! + v);
    for (let i = 1; i < nodes.length; i++)
      assert.ok(prefix[nodes[i]!]! - prefix[nodes[i - 1]!]! >= 10, `${nodes[i - 1]}..${nodes[i]}`);
    assert.ok(nodes.includes(0) && nodes.includes(14), 'the whole total (47) stays shown');
    // The first week holds 46 and the second 49: both week boundaries are usable, so both weeks are shown.
    assert.ok(nodes.includes(7));
    // Day 2 (13) cannot be shown: day 1 before it holds 3, so node 1 is not usable.
    assert.ok(!nodes.includes(1));
  });
  test('a whole total under 10 has no protected end', () => {
    assert.deepEqual([...protectedNodes([1, 2, 3, 0, 0, 0, 0])], [0]);
  });
});

describe('cost per outcome point', () => {
  const effect = (estimate: number, lower: number, upper: number) =>
    ({
      estimate,
      lower,
      upper,
      se: 0,
      df: 1,
      p: null,
      pAdjusted: null,
      mde: null,
      mdeBasis: '',
      method: '',
      unreliable: false,
      reasons: [],
      clustered: null,
      bootstrap: null,
      randomisation: null,
    }) as unknown as NonNullable<Report['outcomes'][number]['effect']>;
  const outcome = (indicator: string, kind: 'share' | 'mean', e: ReturnType<typeof effect> | null) =>
    ({ indicator, kind, role: 'secondary', effect: e, notes: [] }) as unknown as Report['outcomes'][number];
  /** A clustered effect with its bootstrap and randomisation p-values (Holm-adjusted as given). */
  const tested = (e: ReturnType<typeof effect>, bootstrap: number, randomisation: number) =>
    ({
      ...e,
      bootstrap: { p: bootstrap, pAdjusted: bootstrap },
      randomisation: { p: randomisation, pAdjusted: randomisation },
    }) as unknown as ReturnType<typeof effect>;

  test('priced on the whole budget with the media spend beside it, signed, with intervals; per person changed on youth-dakar', () => {
    const r = costPerOutcomePoint(c, [outcome('exposure-recall', 'share', effect(0.2, 0.1, 0.3))], 1000);
    assert.deepEqual(r.notPriced, []);
    const p = r.perOutcomePoint[0]!;
    assert.equal(p.direction, 'improvement');
    assert.deepEqual(p.budget, { value: 4250, lower: 2833.33, upper: 8500 });
    assert.deepEqual(p.media, { value: 50, lower: 33.33, upper: 100 });
    // 0.2 × 600,000 people of youth-dakar (Pikine and Guediawaye, the treated communities, are among its regions).
    assert.deepEqual(p.perPersonChanged, { people: 120000, value: 0.71, lower: 0.47, upper: 1.42 });
    assert.match(p.population, /^youth-dakar \(600,000\)$/);
  });
  test('intention falling is the improvement; rising is harm and has no price', () => {
    const [down, up] = costPerOutcomePoint(
      c,
      [
        outcome('intention', 'share', effect(-0.1, -0.15, -0.05)),
        outcome('exposure-recall', 'share', effect(-0.1, -0.15, -0.05)),
      ],
      1000,
    ).perOutcomePoint;
    assert.equal(down!.direction, 'improvement');
    assert.deepEqual(down!.budget, { value: 8500, lower: 5666.67, upper: 17000 });
    assert.equal(up!.direction, 'harm');
    assert.equal(up!.budget, null);
    assert.equal(up!.perPersonChanged, null);
  });
  test('an interval that spans zero, or no interval, is not priced', () => {
    const r = costPerOutcomePoint(
      c,
      [
        outcome('knowledge', 'share', effect(0.05, -0.01, 0.11)),
        outcome('risk-perception', 'mean', effect(0.3, null as never, null as never)),
      ],
      1000,
    );
    assert.deepEqual(r.perOutcomePoint, []);
    assert.deepEqual(
      r.notPriced.map((x) => x.indicator),
      ['knowledge', 'risk-perception'],
    );
  });
  test('an unreliable effect, one the bootstrap and randomisation tests do not reject, or a withheld one is not priced, each with its reason as a key', () => {
    // Exposure recall on the Senegal sample: CR2 interval 57 to 64 pp, but 2 + 2 communities (unreliable)
    // and randomisation p 1/3, the smallest the design allows.
    const r = costPerOutcomePoint(
      c,
      [
        outcome('exposure-recall', 'share', { ...effect(0.61, 0.57, 0.64), unreliable: true }),
        outcome('knowledge', 'share', tested(effect(0.2, 0.1, 0.3), 0.06, 1 / 3)),
        outcome('intention', 'share', null),
      ].map((o, i) =>
        i === 2 ? { ...o, notes: [{ key: 'dashboard.evidence.effectWithheld', values: {} }] } : o,
      ),
      1000,
    );
    assert.deepEqual(r.perOutcomePoint, []);
    assert.deepEqual(
      r.notPriced.map((x) => [x.indicator, x.message?.key]),
      [
        ['exposure-recall', 'dashboard.evidence.notPriced.unreliable'],
        ['knowledge', 'dashboard.evidence.notPriced.testsDoNotReject'],
        ['intention', 'dashboard.evidence.notPriced.withheld'],
      ],
    );
    assert.deepEqual(r.notPriced[1]!.message!.values, { pBootstrap: 0.06, pRandomisation: 1 / 3 });
  });
  test('a reliable effect that the bootstrap (or randomisation) test rejects is priced', () => {
    const r = costPerOutcomePoint(
      c,
      [outcome('knowledge', 'share', tested(effect(0.2, 0.1, 0.3), 0.004, 0.2))],
      1000,
    );
    assert.deepEqual(r.notPriced, []);
    assert.deepEqual(r.perOutcomePoint[0]!.budget, { value: 4250, lower: 2833.33, upper: 8500 });
  });
  test('a scale is priced per scale point, without people changed', () => {
    const p = costPerOutcomePoint(c, [outcome('risk-perception', 'mean', effect(0.5, 0.25, 0.75))], 0)
      .perOutcomePoint[0]!;
    assert.equal(p.unit, 'scale point');
    assert.deepEqual(p.budget, { value: 170000, lower: 113333.33, upper: 340000 });
    assert.equal(p.media, null);
    assert.equal(p.perPersonChanged, null);
  });
});
