import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { LoadedCampaign } from '../../src/core/campaign/index.ts';
import { loadCampaigns, scoreCampaign } from '../../src/core/workspace/index.ts';

const senegal = loadCampaigns('campaigns').campaigns.find(
  (c) => c.campaign.id === 'safe-journeys-senegal-2027',
)!;
/** Rule 4 of the Senegal example with its evaluation plan changed. */
const rule4 = (evaluation: Partial<LoadedCampaign['campaign']['evaluation']>) =>
  scoreCampaign({
    ...senegal,
    campaign: { ...senegal.campaign, evaluation: { ...senegal.campaign.evaluation, ...evaluation } },
  })[3]!;
const clusters = (n: number) => ({
  unit: 'community',
  treatment: Array.from({ length: n }, (_, i) => `t${i}`),
  control: Array.from({ length: n }, (_, i) => `c${i}`),
  assign: [],
});

describe('scorecard rule 4: measured for effectiveness', () => {
  test('the Senegal design (2 of 4 communities reached) cannot detect 10 pp: warn, with the MDE and the communities needed', () => {
    const r = scoreCampaign(senegal)[3]!;
    assert.equal(r.verdict, 'warn');
    assert.match(
      r.reason,
      /^difference-in-differences design cannot detect its target: the smallest effect on intention this design can detect \(80 % power, 5 % two-sided\) is (\d+) pp/,
    );
    assert.ok(Number(/is (\d+) pp/.exec(r.reason)![1]) >= 20);
    assert.match(
      r.reason,
      /: it cannot detect the 10 pp worth detecting; \d+ communities per arm would be needed for 10 pp$/,
    );
  });

  test('passes once the design has enough communities to detect its target', () => {
    const r = rule4({ clusters: clusters(60) });
    assert.equal(r.verdict, 'pass');
    assert.match(r.reason, /it can detect the 10 pp worth detecting$/);
  });

  test('one community per arm allows no test at all: warn', () => {
    const r = rule4({ clusters: clusters(1) });
    assert.equal(r.verdict, 'warn');
    assert.match(
      r.reason,
      /the design allows no test of intention: at least two communities are needed in each arm/,
    );
  });

  test('a plan that does not say what it hopes to detect: warn naming the missing fields', () => {
    const r = rule4({ smallestEffect: undefined, primary: undefined });
    assert.equal(r.verdict, 'warn');
    assert.match(
      r.reason,
      /but the plan does not say whether it can detect an effect: add primary, smallestEffect under evaluation/,
    );
  });

  test('reach only: warn, saying what the campaign cannot claim', () => {
    const r = rule4({ design: 'reach-only' });
    assert.equal(r.verdict, 'warn');
    assert.equal(
      r.reason,
      'reach only: the campaign can say how many people it reached, not whether it changed what they know, how they see the risks or whether they intend to leave irregularly; plan a survey with a comparison group to claim an effect',
    );
  });
});
