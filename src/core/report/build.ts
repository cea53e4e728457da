import type { LoadedCampaign } from '../campaign/loader.ts';
import { scoreCampaign } from '../workspace/index.ts';
import { describeRates } from '../imports/currency.ts';
import { queryConvertedSpend } from '../imports/converted-spend.ts';
import { UNATTRIBUTED } from '../metrics/model.ts';
import { countRespondents, querySurveyAnswers } from '../metrics/queries/survey.ts';
import { querySurveyCovariates } from '../metrics/queries/survey-covariates.ts';
import { buildBalance } from './balance.ts';
import { queryDontKnowAnswers } from '../metrics/queries/survey-dont-know.ts';
import { addSensitivity } from './sensitivity.ts';
import { queryTotals, type FactFilter, type TotalsRow } from '../metrics/queries/totals.ts';
import { rollupSiteEvents } from '../metrics/queries/events.ts';
import { placementRows } from './placements.ts';
import { summariseOffers, type OfferSummary } from '../offers/summary.ts';
import { summariseTipline } from '../tipline/summary.ts';
import type { Store } from '../metrics/store.ts';
import { SUPPRESS_BELOW } from '../stats/index.ts';
import { costPerOutcomePoint, recallReach } from './cost.ts';
import { count } from './counts.ts';
import { round2 } from './format.ts';
import { discloseReport, FIRST_PARTY_METRICS, SITE_ENGAGEMENT_METRICS, snapToWeeks } from './disclosure.ts';
import { buildSearchThemes } from './keywords.ts';
import { channelReach } from './reach.ts';
import { buildOutcomes, outcomeCaveats } from './outcomes.ts';
import { claimsSection } from './claims.ts';
import { buildFlow } from './flow.ts';
import type { Count, Report } from './schema.ts';
import { keyList, type Message, say } from '../i18n/messages.ts';

const REACH_METRICS = ['reach', 'event-attendees', 'estimated-listeners', 'unique-visitors'];
const ENGAGEMENT_METRICS = [
  'link-clicks',
  'video-completions',
  'page-views',
  'contact-clicks',
  'share-clicks',
  'prints',
];

const sum = (rows: TotalsRow[], pred: (r: TotalsRow) => boolean) =>
  rows.filter(pred).reduce((s, r) => s + r.value, 0);
/** A first-party count still exact: the disclosure pass decides what of it is shown. */
const exact = (v: number): Count => ({
  value: Math.round(v),
  display: Math.round(v).toLocaleString('en'),
  suppressed: false,
});

/** A per-key breakdown of each metric, exact (first-party cells are withheld by the disclosure pass). */
function breakdown(rows: TotalsRow[], dim: 'day' | 'channel' | 'language') {
  return rows.map((r) => {
    const v = FIRST_PARTY_METRICS.has(r.metric!) ? Math.round(r.value) : Math.round(r.value * 100) / 100;
    return { key: r[dim] || '(unknown)', metric: r.metric!, value: v, display: v.toLocaleString('en') };
  });
}

/**
 * Builds the whole effectiveness report of one campaign from the store: the ladder (reach, engagement,
 * inquiries, outcomes, cost), the daily series, breakdowns, the seven-rule scorecard from definition and
 * data, and plain-words caveats. Date filters are snapped to whole weeks; the last step is the disclosure
 * pass (disclosure.ts), once, so no view or export can show a small first-party or survey count or let
 * one be worked out.
 */
export async function buildReport(
  store: Store,
  loaded: LoadedCampaign,
  now = new Date(),
  requested: FactFilter = {},
): Promise<Report> {
  const c = loaded.campaign;
  const filter = snapToWeeks(requested, c.window.start);
  await rollupSiteEvents(store, c.id);
  const dated = !!(filter.from || filter.to);
  const [
    byAudience,
    byDay,
    byChannel,
    byLanguage,
    inquiryTopics,
    inquiryChannels,
    answers,
    respondents,
    converted,
    reachByDay,
    wholeByDay,
    searchThemes,
    byDetail,
    flaggedByMetric,
    covariates,
    dontKnow,
  ] = await Promise.all([
    queryTotals(store, c.id, ['audience', 'source', 'metric'], undefined, filter),
    queryTotals(store, c.id, ['day', 'metric'], undefined, filter),
    queryTotals(store, c.id, ['channel', 'metric'], undefined, filter),
    queryTotals(store, c.id, ['language', 'metric'], undefined, filter),
    queryTotals(store, c.id, ['source', 'detail', 'metric'], 'inquiries', filter),
    queryTotals(store, c.id, ['source', 'channel', 'metric'], 'inquiries', filter),
    querySurveyAnswers(store, c.id),
    countRespondents(store, c.id),
    c.budget ? queryConvertedSpend(store, c.id, c.budget.currency, filter) : Promise.resolve([]),
    queryTotals(store, c.id, ['audience', 'channel', 'day', 'metric'], undefined, filter),
    // The disclosure pass needs the first-party days of the whole campaign, whatever the window.
    dated ? queryTotals(store, c.id, ['day', 'metric'], undefined, {}) : Promise.resolve(undefined),
    buildSearchThemes(store, c, filter),
    c.placements.length
      ? queryTotals(store, c.id, ['source', 'detail', 'metric'], undefined, filter).then((rows) =>
          rows.filter((r) => r.source === 'site' || r.source === 'site-flagged'),
        )
      : Promise.resolve([]),
    // Flagged bursts are reported for the whole campaign, whatever the filter.
    queryTotals(store, c.id, ['metric'], 'site-flagged'),
    c.evaluation.survey?.covariates ? querySurveyCovariates(store, c.id) : Promise.resolve([]),
    c.evaluation.survey?.items.some((i) => i.dontKnow)
      ? queryDontKnowAnswers(store, c.id)
      : Promise.resolve([]),
  ]);

  const audiences = c.audiences.map((a) => {
    const rows = byAudience.filter((r) => r.audience === a.id);
    const channels = channelReach(
      reachByDay.filter((r) => r.audience === a.id),
      a.size,
    );
    const siteVisitors = sum(rows, (r) => r.metric === 'unique-visitors');
    const reachCombined = channels.reduce((s, ch) => s + ch.sum, 0) + siteVisitors;
    const platformEngagements = sum(
      rows,
      (r) => ENGAGEMENT_METRICS.includes(r.metric!) && !SITE_ENGAGEMENT_METRICS.includes(r.metric!),
    );
    const siteEngagements = sum(rows, (r) => SITE_ENGAGEMENT_METRICS.includes(r.metric!));
    // Ranges and shares are set by the disclosure pass, from the site counts it lets through.
    const range = { lower: 0, upper: reachCombined };
    return {
      id: a.id,
      description: a.description,
      segment: a.segment,
      size: a.size ?? null,
      target: a.targets.reach ?? null,
      reachCombined,
      reach: range,
      reachEstimate: null,
      impressions: sum(rows, (r) => r.metric === 'impressions'),
      shareOfTarget: null,
      shareOfSize: null,
      channels,
      siteVisitors: exact(siteVisitors),
      engagements: platformEngagements + siteEngagements,
      platformEngagements,
      siteEngagements: exact(siteEngagements),
      engagementTarget: a.targets.engagements ?? null,
    };
  });
  const all = byAudience;
  const reachTotal = sum(all, (r) => REACH_METRICS.includes(r.metric!));
  const metricTotal = (m: string) => sum(all, (r) => r.metric === m);
  const inquiriesTotal = metricTotal('inquiries');
  const spend = metricTotal('spend');
  const outcomes = buildOutcomes(c, answers);
  addSensitivity(c, outcomes, answers, covariates, dontKnow);
  const days = byDay.map((r) => r.day!).sort();

  const today = now.toISOString().slice(0, 10);
  const scorecard = scoreCampaign(loaded, { today }).map((r) => {
    if (r.rule !== 4 || c.evaluation.design === 'reach-only') return r;
    const design = keyList([`dashboard.design.${c.evaluation.design}`]);
    // Measured even where the effect is withheld to protect small counts (it exists, it is not shown).
    const measured = outcomes.filter((o) => o.effect || o.notes.length);
    if (respondents === 0)
      return {
        ...r,
        verdict: 'warn' as const,
        reason: `${c.evaluation.design} planned, but no survey data imported yet: no outcome is measured`,
        messages: [say('dashboard.score.noSurveyData', { design })],
      };
    if (!measured.length)
      return {
        ...r,
        verdict: 'warn' as const,
        reason: `survey data imported, but not enough in every wave and arm to estimate an effect`,
        messages: [say('dashboard.score.notEnoughSurvey')],
      };
    const done = `measured: ${measured.map((o) => o.indicator).join(', ')} (${c.evaluation.design})`;
    const doneMessage = say('dashboard.score.measured', {
      design,
      indicators: keyList(measured.map((o) => `dashboard.indicator.${o.indicator}`)),
    });
    // Data does not make up for a design that cannot detect its target: the plan's verdict stands.
    return r.verdict === 'pass'
      ? { ...r, reason: done, messages: [doneMessage] }
      : { ...r, reason: `${done}; ${r.reason}`, messages: [doneMessage, ...r.messages] };
  });

  const filtered = Object.entries(filter).filter(([, v]) => v);
  // Each caveat in English (the JSON's `caveats`, for older readers) and as a message the views translate.
  const caveats: string[] = [];
  const caveatMessages: Message[] = [];
  const caveat = (text: string, message: Message) => {
    caveats.push(text);
    caveatMessages.push(message);
  };
  if (filtered.length)
    caveat(
      `Filtered to ${filtered.map(([k, v]) => `${k} ${v}`).join(', ')}. Survey outcomes and costs per outcome point always use the whole survey.`,
      say('dashboard.caveat.filtered', { filter: filtered.map(([k, v]) => `${k} ${v}`).join(', ') }),
    );
  caveat(
    'Reach is not de-duplicated across channels and days: the same person can be reached on several days, channels and platforms. People reached are therefore given as a range: at least the largest single channel on its largest day, at most the sum of all channels (capped at the audience\'s estimated size); "combined" is that sum.',
    say('dashboard.caveat.reachRange'),
  );
  caveat(
    `Counts below ${SUPPRESS_BELOW} from the site, the contact points and the surveys are shown as "<${SUPPRESS_BELOW}"; cells hidden so that a total or another view cannot reveal them say "withheld". Date filters cover whole weeks from the campaign's first day; filtered by audience, channel or language, and per day or week where a small count could be worked out, site and contact-point counts are withheld.`,
    say('dashboard.caveat.smallCounts', { nBelow: SUPPRESS_BELOW }),
  );
  const unattributedChannels = channelReach(reachByDay.filter((r) => r.audience === UNATTRIBUTED));
  const unattributed = unattributedChannels.reduce((s, ch) => s + ch.sum, 0);
  if (unattributed > 0)
    caveat(
      `${Math.round(unattributed).toLocaleString('en')} reached on the platforms and in the field could not be attributed to an audience (ad sets or groups the campaign does not map).`,
      say('dashboard.caveat.unattributed', { nReached: Math.round(unattributed) }),
    );
  if (c.evaluation.design === 'pre-post')
    caveat(
      'Pre/post design without a control group: the change includes everything else that changed in the period, not only the campaign.',
      say('dashboard.caveat.prePost'),
    );
  for (const x of outcomeCaveats(c, outcomes)) caveat(x.text, x.message);
  if (spend > 0 && c.budget) {
    const b = c.budget.currency;
    const from = converted.map(
      (x) =>
        `${x.converted.toFixed(2)} ${b} from ${x.original.toFixed(2)} ${x.currency} at ${describeRates(x.rates, x.currency, b)}`,
    );
    caveat(
      `Costs per 1,000 reached, per engagement and per inquiry use the media spend in the imported ad exports (${spend.toFixed(2)} ${b}${from.length ? `, of which ${from.join(' and ')}` : ''}); costs per outcome point use the whole budget (${c.budget.amount} ${b}), with the media spend beside them.`,
      say(from.length ? 'dashboard.caveat.costsConverted' : 'dashboard.caveat.costs', {
        spend: round2(spend),
        budget: c.budget.amount,
        currency: b,
        converted: converted
          .map((x) => `${x.converted.toFixed(2)} ${b} ← ${x.original.toFixed(2)} ${x.currency}`)
          .join('; '),
      }),
    );
  }
  const priced = costPerOutcomePoint(c, outcomes, spend);
  if (priced.perOutcomePoint.some((p) => p.perPersonChanged))
    caveat(
      'Cost per person whose answer changed assumes the effect measured in the surveyed communities holds across the whole audience they belong to (its estimated size): a strong assumption.',
      say('dashboard.caveat.perPersonChanged'),
    );

  const siteVisitors = metricTotal('unique-visitors');
  const flaggedOf = (m: string) => sum(flaggedByMetric, (r) => r.metric === m);
  if (filter.exclude === 'flagged')
    caveat(
      'Site counts leave out the events sent in bursts the collector flagged (an address sending far more than its history in a minute); in this view site counts per day, channel, language and audience are withheld.',
      say('dashboard.caveat.flaggedExcluded'),
    );
  const offers = c.offerCheck || c.offerReports ? await summariseOffers(store, c.id) : undefined;
  const tipline = c.tipline ? await summariseTipline(store, c.id) : undefined;
  const raw: Report = {
    version: 2,
    generatedAt: now.toISOString(),
    campaign: {
      id: c.id,
      title: c.title,
      owner: c.owner.name,
      start: c.window.start,
      end: c.window.end,
      design: c.evaluation.design,
      currency: c.budget?.currency ?? null,
      budget: c.budget?.amount ?? null,
    },
    period: { first: days[0] ?? null, last: days.at(-1) ?? null },
    filter: Object.fromEntries(filtered),
    reach: {
      label: 'combined, not de-duplicated',
      audiences,
      unattributed,
      unattributedChannels,
      // Everything not in a declared audience, so the per-audience table adds up to the total.
      unattributedSiteVisitors: exact(
        siteVisitors - audiences.reduce((s, a) => s + a.siteVisitors.value!, 0),
      ),
      total: {
        reachCombined: reachTotal,
        reach: { lower: 0, upper: reachTotal },
        reachEstimate: null,
        target: audiences.reduce((s, a) => s + (a.target ?? 0), 0),
        impressions: metricTotal('impressions'),
        eventAttendees: metricTotal('event-attendees'),
        estimatedListeners: metricTotal('estimated-listeners'),
        siteVisitors: exact(siteVisitors),
      },
      surveyRecall: recallReach(c, outcomes),
    },
    engagement: {
      linkClicks: metricTotal('link-clicks'),
      videoViews: metricTotal('video-views'),
      videoCompletions: metricTotal('video-completions'),
      landingVisits: exact(metricTotal('page-views')),
      contactClicks: exact(metricTotal('contact-clicks')),
      shares: exact(metricTotal('share-clicks')),
      prints: exact(metricTotal('prints')),
    },
    inquiries: {
      total: exact(inquiriesTotal),
      byTopic: inquiryTopics
        .filter((r) => r.source === 'inquiries')
        .map((r) => ({ key: r.detail || '(none)', count: exact(r.value) })),
      byChannel: inquiryChannels
        .filter((r) => r.source === 'inquiries')
        .map((r) => ({ key: r.channel || '(none)', count: exact(r.value) })),
    },
    placements: placementRows(c, byDetail).map((p) => ({
      ...p,
      impressions: exact(p.impressions),
      readers: exact(p.readers),
      clicks: exact(p.clicks),
    })),
    outcomes,
    flow: buildFlow(answers, outcomes),
    balance: buildBalance(c, covariates, outcomes),
    respondents: count(respondents, true),
    cost: {
      spend: Math.round(spend * 100) / 100,
      currency: c.budget?.currency ?? null,
      converted: converted.map((x) => ({
        currency: x.currency,
        original: round2(x.original),
        spend: round2(x.converted),
        rates: x.rates,
      })),
      // Costs that divide by first-party counts are set by the disclosure pass, from what it shows.
      per1000Reached: null,
      perPersonReached: null,
      perPersonReachedOn: null,
      perEngagement: null,
      perInquiry: null,
      budget: c.budget?.amount ?? null,
      ...priced,
    },
    series: breakdown(byDay, 'day').map((r) => ({
      day: r.key,
      metric: r.metric,
      value: r.value,
      display: r.display,
    })),
    byChannel: breakdown(byChannel, 'channel'),
    byLanguage: breakdown(byLanguage, 'language'),
    scorecard,
    caveats,
    caveatMessages,
    searchThemes,
    claims: claimsSection(loaded.claims ?? [], today),
    flagged: {
      excluded: filter.exclude === 'flagged',
      views: exact(flaggedOf('page-views')),
    },
    ...(offers && { offers: shownOffers(offers) }),
    ...(tipline && { tipline }),
  };
  const siteEngagements =
    sum(all, (r) => SITE_ENGAGEMENT_METRICS.includes(r.metric!)) -
    audiences.reduce((s, a) => s + a.siteEngagements.value!, 0);
  return discloseReport(raw, {
    weekStart: c.window.start,
    filter,
    firstPartyDays: wholeByDay ?? byDay,
    flaggedByMetric: new Map(flaggedByMetric.map((r) => [r.metric!, r.value])),
    unattributedSiteEngagements: siteEngagements,
  });
}

/** The offer summary as the report carries it: each count's display, not the raw small counts. */
function shownOffers(o: OfferSummary): NonNullable<Report['offers']> {
  const shown = (cells: OfferSummary['byKind']) => cells.map((x) => ({ key: x.key, display: x.display }));
  return { ...o, byPlatform: shown(o.byPlatform), byKind: shown(o.byKind) };
}
