import type { Campaign } from '../campaign/schema/index.ts';
import type { FactFilter } from '../metrics/queries/totals.ts';
import { snapToWeeks } from './disclosure.ts';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
/** The dates a filter may name: campaigns run in this century (and every date here is a real one). */
export const FILTER_DATES = { min: '2000-01-01', max: '2099-12-31' } as const;

export type FilterParam = 'from' | 'to' | 'audience' | 'channel' | 'language' | 'exclude';

/**
 * Why a filter value is refused (rendered by the dashboard as `dashboard.filter.invalid.<problem>`):
 * `date`, not a calendar date between FILTER_DATES.min and .max; `order`, `from` after `to`;
 * `unknown`, not an audience, channel or published language of the campaign.
 */
export interface FilterProblem {
  param: FilterParam;
  problem: 'date' | 'order' | 'unknown';
  value: string;
}

export type FilterReading = { ok: true; filter: FactFilter } | { ok: false; problem: FilterProblem };

const isCalendarDay = (v: string) => {
  if (!DAY.test(v) || v < FILTER_DATES.min || v > FILTER_DATES.max) return false;
  const t = Date.parse(`${v}T00:00:00Z`);
  // 2027-02-30 parses (as 2027-03-02): a real day reads back the same.
  return Number.isFinite(t) && new Date(t).toISOString().slice(0, 10) === v;
};

/**
 * A report filter from query parameters (from, to, audience, channel, language, exclude). An empty value means
 * no filter on that dimension (the form's "All"); any other value must be one the campaign knows, and a
 * date a real calendar date, or the first bad parameter is returned as the problem (the dashboard
 * answers 400 naming it): a link whose filter were silently dropped would show the whole campaign under a
 * filtered view's address. Other parameters are not the filter's and are ignored. Dates are snapped out
 * to whole weeks from the campaign's first day (see disclosure.ts: a window of single days could be
 * differenced to a small count).
 */
export function readFilter(params: URLSearchParams, campaign: Campaign): FilterReading {
  const allowed: Record<Exclude<FilterParam, 'from' | 'to'>, readonly string[]> = {
    audience: [...campaign.audiences.map((a) => a.id), 'unattributed'],
    channel: campaign.channels,
    language: campaign.languages.published,
    // exclude=flagged: site events sent in bursts the collector flagged are left out.
    exclude: ['flagged'],
  };
  const filter: FactFilter = {};
  for (const param of ['from', 'to', 'audience', 'channel', 'language', 'exclude'] as const) {
    const value = params.get(param) ?? '';
    if (value === '') continue;
    if (param === 'from' || param === 'to') {
      if (!isCalendarDay(value)) return { ok: false, problem: { param, problem: 'date', value } };
    } else if (!allowed[param].includes(value))
      return { ok: false, problem: { param, problem: 'unknown', value } };
    if (param === 'exclude') filter.exclude = value as FactFilter['exclude'];
    else filter[param] = value;
  }
  if (filter.from && filter.to && filter.from > filter.to)
    return { ok: false, problem: { param: 'to', problem: 'order', value: filter.to } };
  return { ok: true, filter: snapToWeeks(filter, campaign.window.start) };
}

/** readFilter for callers that only ever pass valid values: a bad one throws. */
export function parseFilter(params: URLSearchParams, campaign: Campaign): FactFilter {
  const r = readFilter(params, campaign);
  if (!r.ok) throw new Error(`invalid report filter: ${r.problem.param} (${r.problem.problem})`);
  return r.filter;
}
