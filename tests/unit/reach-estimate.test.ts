import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadCampaigns } from '../../src/core/workspace/index.ts';
import { recallReach } from '../../src/core/report/cost.ts';
import type { Report } from '../../src/core/report/index.ts';
import { channelReach, costPerPerson, estimateReach, independentReach } from '../../src/core/report/reach.ts';

// Values computed by hand from the independence (Sainsbury) formula's worked form in media-planning
// textbooks (Sissors & Baron, Advertising Media Planning: two vehicles reaching 40 % and 30 % of one
// population reach 40 + 30 − 40 × 30 / 100 = 58 % net), not by re-running the formula.
describe('the independence (Sainsbury) formula', () => {
  (
    [
      [[0.4, 0.3], 0.58, 'two vehicles: 40 + 30 − 12'],
      [[0.5, 0.4, 0.2], 0.76, 'three: 1 − 0.5 × 0.6 × 0.8'],
      [[0.2, 0.2, 0.2, 0.2, 0.2], 0.67232, 'five insertions of 20 %: 1 − 0.8⁵'],
      [[0.1], 0.1, 'one channel is its own reach'],
      [[], 0, 'no channel reaches nobody'],
      [[1.5, 0.2], 1, 'a share above 1 (a stale size) is held at 1'],
      [[-0.1, 0.3], 0.3, 'a negative share counts as none'],
    ] as const
  ).forEach(([shares, expected, why]) =>
    test(`${why} → ${expected}`, () => assert.ok(Math.abs(independentReach(shares) - expected) < 1e-12)),
  );
});

describe('reach estimate of an audience', () => {
  test("a channel's days combine under independence: two days of 60 of 600 people reach 114, not 120", () => {
    const rows = [
      { channel: 'facebook', day: '2027-02-01', metric: 'reach', value: 40 },
      { channel: 'facebook', day: '2027-02-01', metric: 'reach', value: 20 },
      { channel: 'facebook', day: '2027-02-02', metric: 'reach', value: 60 },
    ];
    // 600 × (1 − 0.9 × 0.9) = 114
    assert.deepEqual(channelReach(rows, 600), [
      { channel: 'facebook', largestDay: 60, sum: 120, estimate: 114 },
    ]);
    // Without a size there is no share, hence no estimate (and the field is absent, not null).
    assert.deepEqual(channelReach(rows), [{ channel: 'facebook', largestDay: 60, sum: 120 }]);
  });

  test('channels of 400 and 300 of 1,000 people: 580, inside [400, 700]', () => {
    const channels = [
      { channel: 'a', largestDay: 100, sum: 900, estimate: 400 },
      { channel: 'b', largestDay: 300, sum: 300, estimate: 300 },
    ];
    assert.deepEqual(estimateReach(channels, 1000, { lower: 300, upper: 1000 }), {
      estimate: 580,
      lower: 300,
      upper: 1000,
    });
  });

  test('the estimate never leaves its range, and there is none without a size or a channel estimate', () => {
    const channels = [{ channel: 'a', largestDay: 100, sum: 200, estimate: 190 }];
    assert.equal(estimateReach(channels, 1000, { lower: 195, upper: 200 })!.estimate, 195);
    assert.equal(estimateReach(channels, null, { lower: 100, upper: 200 }), null);
    assert.equal(
      estimateReach([{ channel: 'a', largestDay: 1, sum: 2 }], 1000, { lower: 1, upper: 2 }),
      null,
    );
  });
});

describe('cost per person reached', () => {
  test('EUR 85,000 over 340,000 people (25,000 to 500,000): 0.25, from 0.17 to 3.40', () => {
    const c = costPerPerson(85_000, { estimate: 340_000, lower: 25_000, upper: 500_000 })!;
    assert.ok(Math.abs(c.estimate - 0.25) < 1e-12);
    assert.ok(Math.abs(c.lower - 0.17) < 1e-12);
    assert.ok(Math.abs(c.upper - 3.4) < 1e-12);
  });
  test('no money, no reach or a range from zero: no cost', () => {
    assert.equal(costPerPerson(null, { estimate: 1, lower: 1, upper: 1 }), null);
    assert.equal(costPerPerson(100, null), null);
    assert.equal(costPerPerson(100, { estimate: 10, lower: 0, upper: 20 }), null);
  });
});

describe('reach as the survey measures it', () => {
  const senegal = loadCampaigns('campaigns').campaigns.find(
    (c) => c.campaign.id === 'safe-journeys-senegal-2027',
  )!;
  const recall = (value: { estimate: number | null; lower: number | null; upper: number | null }) =>
    [
      {
        indicator: 'exposure-recall',
        kind: 'share',
        cells: [{ wave: 'endline', arm: 'treatment', value }],
      },
    ] as unknown as Report['outcomes'];
  test("half of the treated communities' respondents (40–60 %) recall it: 300,000 of youth-dakar's 600,000 (240,000 to 360,000)", () => {
    // The treated communities (Pikine, Guédiawaye) are youth-dakar's regions, 600,000 people.
    assert.deepEqual(recallReach(senegal.campaign, recall({ estimate: 0.5, lower: 0.4, upper: 0.6 })), {
      share: 0.5,
      population: 600_000,
      estimate: 300_000,
      lower: 240_000,
      upper: 360_000,
    });
  });
  test('a withheld share, or one without an interval, gives no estimate', () => {
    assert.equal(recallReach(senegal.campaign, recall({ estimate: null, lower: null, upper: null })), null);
    assert.equal(recallReach(senegal.campaign, recall({ estimate: 0.5, lower: null, upper: null })), null);
    assert.equal(recallReach(senegal.campaign, []), null);
  });
});
