import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadCampaigns } from '../../src/core/workspace/index.ts';
import { readFilter } from '../../src/core/report/index.ts';

const senegal = loadCampaigns('campaigns').campaigns.find(
  (c) => c.campaign.id === 'safe-journeys-senegal-2027',
)!.campaign;

test('readFilter: every value that is not a real date in range or a value of the campaign is refused, naming its parameter', () => {
  const cases: [string, unknown][] = [
    ['from=2027-13-45', { param: 'from', problem: 'date', value: '2027-13-45' }],
    ['to=9999-99-99', { param: 'to', problem: 'date', value: '9999-99-99' }],
    ['from=0000-00-00', { param: 'from', problem: 'date', value: '0000-00-00' }],
    ['from=2027-02-30', { param: 'from', problem: 'date', value: '2027-02-30' }],
    ['to=9999-12-31', { param: 'to', problem: 'date', value: '9999-12-31' }],
    ['from=1970-01-01', { param: 'from', problem: 'date', value: '1970-01-01' }],
    ['from=2027-2-1', { param: 'from', problem: 'date', value: '2027-2-1' }],
    ['from=2027-03-01&to=2027-02-01', { param: 'to', problem: 'order', value: '2027-02-01' }],
    ['channel=tiktok&audience=nobody', { param: 'audience', problem: 'unknown', value: 'nobody' }],
    ['channel=carrier-pigeon', { param: 'channel', problem: 'unknown', value: 'carrier-pigeon' }],
    ['language=xx', { param: 'language', problem: 'unknown', value: 'xx' }],
  ];
  for (const [query, problem] of cases)
    assert.deepEqual(readFilter(new URLSearchParams(query), senegal), { ok: false, problem }, query);
});

test('readFilter: empty values are no filter (the form’s “All”), other parameters are not the filter’s', () => {
  assert.deepEqual(
    readFilter(new URLSearchParams('from=&to=&audience=&channel=&language=&sort=cost&utm_source=x'), senegal),
    { ok: true, filter: {} },
  );
  assert.deepEqual(readFilter(new URLSearchParams('from=2028-02-29&to=2028-02-29'), senegal).ok, true);
});
