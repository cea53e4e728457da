import type { LoadedCampaign } from '../campaign/loader.ts';
import { scoreCampaign } from '../campaign/scorecard.ts';
import { describeRates } from '../imports/currency.ts';
import { queryConvertedSpend } from '../imports/converted-spend.ts';
import { UNATTRIBUTED } from '../metrics/model.ts';
import { countRespondents, querySurveyAnswers } from '../metrics/queries/survey.ts';
import { queryTotals, type FactFilter, type TotalsRow } from '../metrics/queries/totals.ts';
import { rollupSiteEvents } from '../metrics/queries/events.ts';
import type { Store } from '../metrics/store.ts';
import { SUPPRESS_BELOW, suppressSmallCounts } from '../stats/index.ts';
import { count, countBreakdown } from './counts.ts';
import { buildOutcomes, outcomeCaveats } from './outcomes.ts';
import type { Report } from './schema.ts';

/** Metrics counted from readers' own actions: small values are withheld. */
const FIRST_PARTY_METRICS = new Set(['page-views', 'unique-visitors', 'contact-clicks', 'share-clicks', 'prints', 'language-switches', 'tracked-link-clicks', 'inquiries']);
const REACH_METRICS = ['reach', 'event-attendees', 'estimated-listeners', 'unique-visitors'];
const ENGAGEMENT_METRICS = ['link-clicks', 'video-completions', 'page-views', 'contact-clicks', 'share-clicks', 'prints'];

const sum = (rows: TotalsRow[], pred: (r: TotalsRow) => boolean) => rows.filter(pred).reduce((s, r) => s + r.value, 0);
const ratio = (a: number, b: number) => (b > 0 ? a / b : null);
const round2 = (v: number | null) => (v === null ? null : Math.round(v * 100) / 100);

/** A per-key breakdown of one metric, suppressed when the metric is first-party. */
function breakdown(rows: TotalsRow[], dim: 'day' | 'channel' | 'language') {
  const out: { key: string; metric: string; value: number | null; display: string }[] = [];
  const metrics = [...new Set(rows.map((r) => r.metric!))];
  for (const metric of metrics) {
    const cells = rows.filter((r) => r.metric === metric).map((r) => ({ key: r[dim] || '(unknown)', count: Math.round(r.value * 100) / 100 }));
    const shown = FIRST_PARTY_METRICS.has(metric) ? suppressSmallCounts(cells) : cells.map((c) => ({ ...c, suppressed: false, display: String(c.count) }));
    for (const c of shown) out.push({ key: c.key, metric, value: c.suppressed ? null : c.count, display: c.suppressed ? `<${SUPPRESS_BELOW}` : c.count.toLocaleString('en') });
  }
  return out;
}

/**
 * Builds the whole effectiveness report of one campaign from the store: the ladder (reach, engagement,
 * inquiries, outcomes, cost), the daily series, breakdowns, the seven-rule scorecard from definition and
 * data, and plain-words caveats. First-party and survey counts below 10 are withheld here, once, so no
 * view or export can show them.
 */
export async function buildReport(store: Store, loaded: LoadedCampaign, now = new Date(), filter: FactFilter = {}): Promise<Report> {
  const c = loaded.campaign;
  await rollupSiteEvents(store, c.id);
  const [byAudience, byDay, byChannel, byLanguage, inquiryTopics, inquiryChannels, answers, respondents, converted] = await Promise.all([
    queryTotals(store, c.id, ['audience', 'source', 'metric'], undefined, filter),
    queryTotals(store, c.id, ['day', 'metric'], undefined, filter),
    queryTotals(store, c.id, ['channel', 'metric'], undefined, filter),
    queryTotals(store, c.id, ['language', 'metric'], undefined, filter),
    queryTotals(store, c.id, ['source', 'detail', 'metric'], 'inquiries', filter),
    queryTotals(store, c.id, ['source', 'channel', 'metric'], 'inquiries', filter),
    querySurveyAnswers(store, c.id),
    countRespondents(store, c.id),
    c.budget ? queryConvertedSpend(store, c.id, c.budget.currency, filter) : Promise.resolve([]),
  ]);

  const audiences = c.audiences.map((a) => {
    const rows = byAudience.filter((r) => r.audience === a.id);
    const reachCombined = sum(rows, (r) => REACH_METRICS.includes(r.metric!));
    const engagements = sum(rows, (r) => ENGAGEMENT_METRICS.includes(r.metric!));
    return {
      id: a.id,
      description: a.description,
      segment: a.segment,
      size: a.size ?? null,
      target: a.targets.reach ?? null,
      reachCombined,
      impressions: sum(rows, (r) => r.metric === 'impressions'),
      shareOfTarget: a.targets.reach ? reachCombined / a.targets.reach : null,
      shareOfSize: a.size ? reachCombined / a.size : null,
      engagements,
      engagementTarget: a.targets.engagements ?? null,
    };
  });
  const all = byAudience;
  const reachTotal = sum(all, (r) => REACH_METRICS.includes(r.metric!));
  const metricTotal = (m: string) => sum(all, (r) => r.metric === m);
  const engagementsTotal = sum(all, (r) => ENGAGEMENT_METRICS.includes(r.metric!));
  const inquiriesTotal = metricTotal('inquiries');
  const spend = metricTotal('spend');
  const outcomes = buildOutcomes(c, answers);
  const days = byDay.map((r) => r.day!).sort();

  const scorecard = scoreCampaign(loaded).map((r) => {
    if (r.rule !== 4 || c.evaluation.design === 'reach-only') return r;
    const measured = outcomes.filter((o) => o.effect);
    if (respondents === 0) return { ...r, verdict: 'warn' as const, reason: `${c.evaluation.design} planned, but no survey data imported yet: no outcome is measured` };
    if (!measured.length) return { ...r, verdict: 'warn' as const, reason: `survey data imported, but not enough in every wave and arm to estimate an effect` };
    const done = `measured: ${measured.map((o) => o.indicator).join(', ')} (${c.evaluation.design})`;
    // Data does not make up for a design that cannot detect its target: the plan's verdict stands.
    return r.verdict === 'pass' ? { ...r, reason: done } : { ...r, reason: `${done}; ${r.reason}` };
  });

  const filtered = Object.entries(filter).filter(([, v]) => v);
  const caveats: string[] = [
    ...(filtered.length ? [`Filtered to ${filtered.map(([k, v]) => `${k} ${v}`).join(', ')}. Survey outcomes and costs per outcome point always use the whole survey.`] : []),
    'Reach is combined across channels and days and is not de-duplicated: the same person can be counted on several days, channels and platforms.',
    `Counts below ${SUPPRESS_BELOW} from the site, the contact points and the surveys are shown as "<${SUPPRESS_BELOW}", and one more cell is hidden where a total would reveal them.`,
  ];
  const unattributed = sum(all, (r) => r.audience === UNATTRIBUTED && REACH_METRICS.includes(r.metric!));
  if (unattributed > 0) caveats.push(`${Math.round(unattributed).toLocaleString('en')} reached could not be attributed to an audience (ad sets or groups the campaign does not map).`);
  if (c.evaluation.design === 'pre-post') caveats.push('Pre/post design without a control group: the change includes everything else that changed in the period, not only the campaign.');
  caveats.push(...outcomeCaveats(c, outcomes));
  if (spend > 0 && c.budget) {
    const b = c.budget.currency;
    const from = converted.map((x) => `${x.converted.toFixed(2)} ${b} from ${x.original.toFixed(2)} ${x.currency} at ${describeRates(x.rates, x.currency, b)}`);
    caveats.push(`Costs use the media spend in the imported ad exports (${spend.toFixed(2)} ${b}${from.length ? `, of which ${from.join(' and ')}` : ''}), not the whole budget (${c.budget.amount} ${b}).`);
  }

  const siteVisitors = metricTotal('unique-visitors');
  return {
    version: 1,
    generatedAt: now.toISOString(),
    campaign: { id: c.id, title: c.title, owner: c.owner.name, start: c.window.start, end: c.window.end, design: c.evaluation.design, currency: c.budget?.currency ?? null, budget: c.budget?.amount ?? null },
    period: { first: days[0] ?? null, last: days.at(-1) ?? null },
    filter: Object.fromEntries(filtered),
    reach: {
      label: 'combined, not de-duplicated',
      audiences,
      unattributed,
      total: { reachCombined: reachTotal, impressions: metricTotal('impressions'), eventAttendees: metricTotal('event-attendees'), estimatedListeners: metricTotal('estimated-listeners'), siteVisitors: count(siteVisitors, true) },
    },
    engagement: {
      linkClicks: metricTotal('link-clicks'),
      videoViews: metricTotal('video-views'),
      videoCompletions: metricTotal('video-completions'),
      landingVisits: count(metricTotal('page-views'), true),
      contactClicks: count(metricTotal('contact-clicks'), true),
      shares: count(metricTotal('share-clicks'), true),
      prints: count(metricTotal('prints'), true),
    },
    inquiries: {
      total: count(inquiriesTotal, true),
      byTopic: countBreakdown(inquiryTopics.filter((r) => r.source === 'inquiries').map((r) => ({ key: r.detail || '(none)', value: r.value }))),
      byChannel: countBreakdown(inquiryChannels.filter((r) => r.source === 'inquiries').map((r) => ({ key: r.channel || '(none)', value: r.value }))),
    },
    outcomes,
    respondents: count(respondents, true),
    cost: {
      spend: Math.round(spend * 100) / 100,
      currency: c.budget?.currency ?? null,
      converted: converted.map((x) => ({ currency: x.currency, original: round2(x.original)!, spend: round2(x.converted)!, rates: x.rates })),
      per1000Reached: round2(ratio(spend * 1000, reachTotal)),
      perEngagement: round2(ratio(spend, engagementsTotal)),
      perInquiry: inquiriesTotal >= SUPPRESS_BELOW ? round2(ratio(spend, inquiriesTotal)) : null,
      perPercentagePoint: outcomes
        .filter((o) => o.kind === 'share' && o.effect)
        .map((o) => ({ indicator: o.indicator, value: round2(o.effect!.estimate !== 0 ? spend / Math.abs(o.effect!.estimate * 100) : null) })),
    },
    series: breakdown(byDay, 'day').map((r) => ({ day: r.key, metric: r.metric, value: r.value, display: r.display })),
    byChannel: breakdown(byChannel, 'channel'),
    byLanguage: breakdown(byLanguage, 'language'),
    scorecard,
    caveats,
  };
}
