import type { Campaign } from '../campaign/schema/index.ts';
import type { FactFilter } from '../metrics/queries/totals.ts';
import { snapToWeeks } from './disclosure.ts';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A report filter from query parameters (from, to, audience, channel, language, exclude). Only values the
 * campaign knows are taken; anything else is dropped, so a hand-edited address cannot query by
 * arbitrary text. Dates are snapped out to whole weeks from the campaign's first day (see disclosure.ts:
 * a window of single days could be differenced to a small count).
 */
export function parseFilter(params: URLSearchParams, campaign: Campaign): FactFilter {
  const pick = (name: string, allowed: readonly string[]) => {
    const v = params.get(name) ?? '';
    return allowed.includes(v) ? v : undefined;
  };
  const day = (name: string) => {
    const v = params.get(name) ?? '';
    return DAY.test(v) ? v : undefined;
  };
  const filter: FactFilter = {
    from: day('from'),
    to: day('to'),
    audience: pick('audience', [...campaign.audiences.map((a) => a.id), 'unattributed']),
    channel: pick('channel', campaign.channels),
    language: pick('language', campaign.languages.published),
    // exclude=flagged: site events sent in bursts the collector flagged are left out.
    exclude: pick('exclude', ['flagged']) as FactFilter['exclude'],
  };
  return snapToWeeks(
    Object.fromEntries(Object.entries(filter).filter(([, v]) => v)) as FactFilter,
    campaign.window.start,
  );
}
