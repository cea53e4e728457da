import type { FactFilter } from '../metrics/queries/totals.ts';
import { SUPPRESS_BELOW, suppressSmallCounts, WITHHELD } from '../stats/index.ts';
import { round2 } from './format.ts';
import { discloseSearchThemes } from './keywords.ts';
import { costPerPerson, estimateReach, reachRange, shareOf } from './reach.ts';
import type { Count, Report } from './schema.ts';

/**
 * Disclosure control for the finished report: one pure pass that every view (dashboard, JSON, CSV, PDF)
 * inherits, because they all render its output. The rule (ARCHITECTURE.md §6): no count under 10 from
 * readers' own actions (site events, contact-point inquiries) or from the surveys can be shown, or worked
 * out from what any screen, export or combination of filters shows.
 *
 * What it does, and why each step is needed:
 * 1. **Filters by audience, channel or language** show no first-party count at all ("withheld"). A
 *    filtered view is one cell of a table whose other cells are other filtered views, and the unfiltered
 *    report already gives that table's margins (per channel, per language, per audience) with
 *    complementary suppression; showing the cells as well would let views be subtracted from each other.
 * 2. **Date windows are whole weeks** counted from the campaign's first day (`snapToWeeks`; the dashboard
 *    form snaps what it is given, and so does buildReport). Chosen over rounding because a rounded count
 *    still sums wrong across windows, and because weeks keep the set of windows small enough to check.
 *    Weeks alone are not enough (02-01..02-14 minus 02-08..02-14 is a week), so, per first-party metric,
 *    the campaign's days are a line of nodes 0…D (node i = the start of day i) and every number shown is
 *    the sum between two nodes: a window's total between two week boundaries, a day of the series between
 *    two neighbours. `protectedNodes` picks the nodes that may be used, greedily from the left, so that
 *    any two picked nodes hold at least 10 between them; a value is shown only when both its ends are
 *    picked. Whatever anyone adds and subtracts then, they only ever get sums between picked nodes: 10
 *    or more. Zero is small too (it says no one did it).
 * 3. **Breakdowns** (inquiries by topic and by channel, first-party metrics per channel and language,
 *    embedded-banner impressions and clicks per partner site,
 *    site visitors and site engagements per audience) are shown in the report for the whole campaign
 *    only (a dated report shows the weekly totals, not their breakdown), with primary and complementary
 *    suppression (`suppressSmallCounts`): under 10 is "<10"; then the next smallest cells are "withheld"
 *    until the hidden cells are at least two and add up to 10 or more, so total minus the shown cells
 *    gives neither. The channel breakdown of inquiries takes the same decisions in both places it appears.
 * 4. **Reach and engagement per audience** count site visitors and site engagements only where those are
 *    shown, so "combined reach minus the shown channel reaches" gives nothing that is not shown already.
 *    Costs that divide by first-party counts are recomputed from what is shown.
 * 5. **Survey cells** (`discloseOutcomes`, run by buildOutcomes, so that caveats, costs and the Holm
 *    family are computed from what is shown): a wave × arm cell with fewer than 10 respondents in any
 *    indicator is withheld in every indicator and item, and the next smallest cell with it (else
 *    respondents minus the other cells gives it). A share is withheld where its numerator or complement is
 *    under 10 (share × n would give it), and so is its interval (which pins the share); where a cell is
 *    hidden, so is one of its items, and vice versa (the cell is the items' mean).
 * 6. **Everything computed from a withheld cell goes with it.** The effect is a difference of the four
 *    cells, the design's MDE uses the pooled baseline share, the standard errors (HC2, CR1, CR2) are sums of
 *    the cells' p(1 − p)/n, and the p-values and bootstrap and randomisation tests follow from those: on the
 *    Senegal sample the shown endline share and effect alone gave 117a + 119(c − b) = 710, one solution with
 *    a, b, c under 10, and the MDE and HC2 SE confirmed it. So when any cell of an outcome is withheld, its
 *    whole effect (estimate, interval, SEs, df, p-values, MDE, reasons with figures) is withheld, with a
 *    note saying so, and the cost per outcome point is not computed. Hiding one more cell instead would
 *    not do: the SEs and the MDE are further equations in the same unknowns.
 *
 * 7. **Communities.** For a share, a community × wave whose yes or no count is under 10 withholds the
 *    effect too (`smallClusterShare`): the clustered SEs, the bootstrap and the observed ICC are
 *    functions of the communities' shares, whose sizes the survey flow shows.
 * 8. Search keyword themes (keywords.ts).
 * 9. **Without flagged bursts** (`exclude=flagged`, site events the collector flagged left out) a view
 *    differs from the same view with them by the flagged events of each of its cells, so it shows
 *    whole-campaign totals only (no day, window or breakdown), and a metric's total only where that
 *    metric's flagged count is 0 or 10 and more: the difference then gives nothing small. The flagged
 *    page views shown beside the report are a whole-campaign total, "<10" when small.
 *
 * Limits, said plainly: counts are protected within one state of the data, not against two reports taken
 * before and after new data arrive.
 * Reference: Hundepool et al. (2012), Statistical Disclosure Control, Wiley, ch. 4–5 (cell suppression,
 * linked tables, differencing); UK ONS, "Statistical disclosure control" guidance.
 */

/** The note an outcome carries when its effect is withheld with a cell (step 6). */
export const EFFECT_WITHHELD = 'dashboard.evidence.effectWithheld';
/** The note when a community's share in one wave is under 10 either way (step 7). */
export const EFFECT_WITHHELD_CLUSTER = 'dashboard.evidence.effectWithheldCluster';
/** Whether an outcome's effect is withheld by disclosure control (not refused, not absent). */
export const effectWithheld = (o: { notes: readonly { key: string }[] }) =>
  o.notes.some((n) => n.key === EFFECT_WITHHELD || n.key === EFFECT_WITHHELD_CLUSTER);

/**
 * Step 7: whether any community's share in one wave rests on fewer than 10 respondents either way. The
 * cluster-robust SEs (CR1, CR2), the wild bootstrap and the observed ICC are functions of the
 * communities' shares, and with each community's respondents shown (the survey flow) and the arm's share
 * shown they are equations in the communities' counts: the effect goes with such a count as with a cell's.
 */
export function smallClusterShare(scores: readonly { y: number; wave: string; cluster: string }[]): boolean {
  const cells = new Map<string, { n: number; x: number }>();
  for (const s of scores) {
    const k = `${s.wave}|${s.cluster}`;
    const c = cells.get(k) ?? { n: 0, x: 0 };
    c.n++;
    c.x += s.y;
    cells.set(k, c);
  }
  return [...cells.values()].some((c) => {
    const x = Math.round(c.x);
    return Math.min(x, c.n - x) < SUPPRESS_BELOW;
  });
}

/** Metrics counted from readers' own actions and contact points. */
export const FIRST_PARTY_METRICS = new Set([
  'page-views',
  'unique-visitors',
  'contact-clicks',
  'share-clicks',
  'prints',
  'language-switches',
  'tracked-link-clicks',
  'inquiries',
  // Offer checks (src/core/offers/): counted per reader, so as small-count-sensitive as a page view.
  'offer-checks',
  'offer-checks-warned',
  'embed-impressions',
  'embed-readers',
  // The tipline's (src/core/tipline/): conversations and readers are people, like visitors.
  'tipline-conversations',
  'tipline-readers',
  'tipline-reports',
  'tipline-contacts',
]);
/** First-party engagements on the landing page. */
export const SITE_ENGAGEMENT_METRICS = ['page-views', 'contact-clicks', 'share-clicks', 'prints'];

export interface DisclosureInput {
  /** The campaign window's first day: weeks start on it. */
  weekStart: string;
  /** The filter the report was built with (dates already snapped to weeks). */
  filter: FactFilter;
  /** First-party counts per day and metric for the whole campaign, whatever the filter. */
  firstPartyDays: readonly { day?: string; metric?: string; value: number }[];
  /** Site engagements not attributed to an audience: a hidden member of the per-audience table. */
  unattributedSiteEngagements: number;
  /** Flagged site events (source `site-flagged`) of the whole campaign per metric. */
  flaggedByMetric?: ReadonlyMap<string, number>;
}

const DAY_MS = 86_400_000;
const dayNumber = (d: string) => Math.floor(Date.parse(`${d}T00:00:00Z`) / DAY_MS);
const dayString = (n: number) => new Date(n * DAY_MS).toISOString().slice(0, 10);

/** A date filter snapped out to whole weeks counted from `weekStart` (from to a week's first day, to to its last). */
export function snapToWeeks<F extends FactFilter>(filter: F, weekStart: string): F {
  const s = dayNumber(weekStart);
  const out = { ...filter };
  if (filter.from) out.from = dayString(s + Math.floor((dayNumber(filter.from) - s) / 7) * 7);
  if (filter.to) out.to = dayString(s + Math.floor((dayNumber(filter.to) - s) / 7) * 7 + 6);
  return out;
}

/**
 * The nodes of a line of day values that may bound a shown sum: node 0, then every week boundary that
 * holds at least `min` since the last one picked; the last node D replaces the last pick when the tail
 * holds less (so the whole total stays shown when it is 10 or more). Inside each block between two
 * picked week boundaries, day nodes are picked the same way, keeping at least `min` to the block's end.
 */
export function protectedNodes(values: readonly number[], week = 7, min = SUPPRESS_BELOW): Set<number> {
  const D = values.length;
  const prefix = [0];
  for (const v of values) prefix.push(prefix.at(-1)! + v);
  const S = (a: number, b: number) => prefix[b]! - prefix[a]!;
  const weekly = [0];
  for (let b = week; b <= D; b += week) if (S(weekly.at(-1)!, b) >= min) weekly.push(b);
  if (weekly.at(-1) !== D && weekly.length > 1 && S(0, D) >= min) weekly[weekly.length - 1] = D;
  const picked = new Set(weekly);
  for (let k = 0; k + 1 < weekly.length; k++) {
    const [p, q] = [weekly[k]!, weekly[k + 1]!];
    let last = p;
    for (let i = p + 1; i < q; i++) {
      if (S(last, i) >= min && S(i, q) >= min) {
        picked.add(i);
        last = i;
      }
    }
  }
  return picked;
}

const withheld = (small: boolean): Count => ({
  value: null,
  display: small ? `<${SUPPRESS_BELOW}` : WITHHELD,
  suppressed: true,
});
const shown = (v: number): Count => ({ value: v, display: v.toLocaleString('en'), suppressed: false });
const rawOf = (c: Count) => c.value ?? 0;

/** Applies the rules above to a report whose first-party and survey counts are still exact. */
export function discloseReport(raw: Report, input: DisclosureInput): Report {
  const r: Report = structuredClone(raw);
  const { filter } = input;
  const byDimension = !!(filter.audience || filter.channel || filter.language);
  const dated = !!(filter.from || filter.to);
  // 9. (see above) Without flagged bursts.
  const excluded = filter.exclude === 'flagged';
  const flaggedOf = (metric: string) => input.flaggedByMetric?.get(metric) ?? 0;
  const smallFlagged = (metric: string) => flaggedOf(metric) > 0 && flaggedOf(metric) < SUPPRESS_BELOW;

  // 2. The line of days, one per first-party metric, on one grid of whole weeks.
  const days = input.firstPartyDays.filter((d) => FIRST_PARTY_METRICS.has(d.metric!) && d.day);
  const weekStart = dayNumber(input.weekStart);
  const first = days.length ? Math.min(...days.map((d) => dayNumber(d.day!))) : weekStart;
  const last = days.length ? Math.max(...days.map((d) => dayNumber(d.day!))) : weekStart - 1;
  const gridStart = weekStart + Math.floor((first - weekStart) / 7) * 7;
  const D = Math.max(0, Math.ceil((last + 1 - gridStart) / 7) * 7);
  const lines = new Map<string, number[]>();
  for (const d of days) {
    const line = lines.get(d.metric!) ?? new Array<number>(D).fill(0);
    line[dayNumber(d.day!) - gridStart]! += d.value;
    lines.set(d.metric!, line);
  }
  const nodes = new Map([...lines].map(([m, line]) => [m, protectedNodes(line)]));
  const clamp = (n: number) => Math.min(D, Math.max(0, n - gridStart));
  const [a, b] = [
    filter.from ? clamp(dayNumber(filter.from)) : 0,
    filter.to ? clamp(dayNumber(filter.to) + 1) : D,
  ];
  const total = (metric: string, c: Count): Count => {
    const v = rawOf(c);
    if (byDimension) return withheld(false);
    if (excluded && (dated || smallFlagged(metric))) return withheld(false);
    if (v < SUPPRESS_BELOW) return withheld(true);
    const ok = a < b && !!nodes.get(metric)?.has(a) && !!nodes.get(metric)?.has(b);
    return ok ? shown(v) : withheld(false);
  };
  r.reach.total.siteVisitors = total('unique-visitors', raw.reach.total.siteVisitors);
  r.engagement.landingVisits = total('page-views', raw.engagement.landingVisits);
  r.engagement.contactClicks = total('contact-clicks', raw.engagement.contactClicks);
  r.engagement.shares = total('share-clicks', raw.engagement.shares);
  r.engagement.prints = total('prints', raw.engagement.prints);
  r.inquiries.total = total('inquiries', raw.inquiries.total);

  r.series = raw.series.map((s) => {
    if (!FIRST_PARTY_METRICS.has(s.metric)) return s;
    const v = s.value ?? 0;
    const i = dayNumber(s.day) - gridStart;
    const picked = nodes.get(s.metric);
    const ok = !byDimension && !excluded && v >= SUPPRESS_BELOW && !!picked?.has(i) && !!picked?.has(i + 1);
    return ok ? s : { ...s, value: null, display: withheld(v < SUPPRESS_BELOW).display };
  });

  // 3. Breakdowns: the whole campaign only, with complementary suppression.
  const breakdownsShown = !byDimension && !dated && !excluded;
  const protect = <T>(cells: readonly T[], value: (c: T) => number): Count[] => {
    if (!breakdownsShown) return cells.map(() => withheld(false));
    return suppressSmallCounts(cells.map((c, i) => ({ key: String(i), count: Math.round(value(c)) }))).map(
      (c) => (c.suppressed ? withheld(!c.secondary) : shown(c.count)),
    );
  };
  const topics = protect(raw.inquiries.byTopic, (t) => rawOf(t.count));
  r.inquiries.byTopic = raw.inquiries.byTopic.map((t, i) => ({ key: t.key, count: topics[i]! }));
  const inquiryChannels = protect(raw.inquiries.byChannel, (t) => rawOf(t.count));
  r.inquiries.byChannel = raw.inquiries.byChannel.map((t, i) => ({ key: t.key, count: inquiryChannels[i]! }));
  const sameAsInquiries = new Map(r.inquiries.byChannel.map((t) => [t.key, t.count]));
  const breakdown = (rows: Report['byChannel'], isChannel: boolean): Report['byChannel'] => {
    const out = rows.map((x) => ({ ...x }));
    for (const metric of new Set(rows.map((x) => x.metric))) {
      if (!FIRST_PARTY_METRICS.has(metric)) continue;
      const group = out.filter((x) => x.metric === metric);
      const decided =
        isChannel && metric === 'inquiries'
          ? group.map((x) => sameAsInquiries.get(x.key) ?? withheld(false))
          : protect(group, (x) => x.value ?? 0);
      group.forEach((x, i) => Object.assign(x, { value: decided[i]!.value, display: decided[i]!.display }));
    }
    return out;
  };
  // Per partner site, each column a table of its own (the channel breakdown gives its margin).
  const impressions = protect(raw.placements, (p) => rawOf(p.impressions));
  const readers = protect(raw.placements, (p) => rawOf(p.readers));
  const clicks = protect(raw.placements, (p) => rawOf(p.clicks));
  r.placements = raw.placements.map((p, i) => ({
    ...p,
    impressions: impressions[i]!,
    readers: readers[i]!,
    clicks: clicks[i]!,
  }));
  r.byChannel = breakdown(raw.byChannel, true);
  r.byLanguage = breakdown(raw.byLanguage, false);

  // 4. Site visitors and engagements per audience (the unattributed as one more row), then reach.
  const visitors = protect(
    [...raw.reach.audiences.map((x) => rawOf(x.siteVisitors)), rawOf(raw.reach.unattributedSiteVisitors)],
    (v) => v,
  );
  const engagements = protect(
    [...raw.reach.audiences.map((x) => rawOf(x.siteEngagements)), input.unattributedSiteEngagements],
    (v) => v,
  );
  r.reach.audiences = raw.reach.audiences.map((x, i) => {
    const siteVisitors = visitors[i]!;
    const siteEngagements = engagements[i]!;
    const { combined, range } = reachRange(x.channels, siteVisitors.value, x.size);
    return {
      ...x,
      siteVisitors,
      siteEngagements,
      reachCombined: combined,
      reach: range,
      reachEstimate: estimateReach(x.channels, x.size, range),
      shareOfTarget: shareOf(range, x.target),
      shareOfSize: shareOf(range, x.size),
      engagements: x.platformEngagements + (siteEngagements.value ?? 0),
    };
  });
  r.reach.unattributedSiteVisitors = visitors.at(-1)!;
  const unattributed = reachRange(
    raw.reach.unattributedChannels,
    r.reach.unattributedSiteVisitors.value,
    null,
  );
  r.reach.unattributed = unattributed.combined;
  r.reach.total.reachCombined =
    r.reach.audiences.reduce((s, x) => s + x.reachCombined, 0) + unattributed.combined;
  r.reach.total.reach = {
    lower: Math.max(unattributed.range.lower, ...r.reach.audiences.map((x) => x.reach.lower)),
    upper: r.reach.audiences.reduce((s, x) => s + x.reach.upper, 0) + unattributed.range.upper,
  };
  // The estimate: audiences are different people, so their estimates add up; one without an estimate
  // counts at its lower end, as do the unattributed. Null when no audience has an estimate.
  const people = r.reach.total.reach;
  r.reach.total.reachEstimate = r.reach.audiences.some((x) => x.reachEstimate)
    ? {
        estimate: Math.min(
          people.upper,
          Math.max(
            people.lower,
            r.reach.audiences.reduce((s, x) => s + (x.reachEstimate?.estimate ?? x.reach.lower), 0) +
              unattributed.range.lower,
          ),
        ),
        ...people,
      }
    : null;
  // Cost per person reached on the whole budget (what the donor paid for), media spend without one.
  const money = r.cost.budget ?? (r.cost.spend > 0 ? r.cost.spend : null);
  r.cost.perPersonReached = costPerPerson(money, r.reach.total.reachEstimate);
  r.cost.perPersonReachedOn = r.cost.perPersonReached ? (r.cost.budget ? 'budget' : 'spend') : null;

  // Costs that divide by first-party counts, from what is shown.
  const spend = r.cost.spend;
  const e = r.engagement;
  const engaged =
    e.linkClicks +
    e.videoCompletions +
    [e.landingVisits, e.contactClicks, e.shares, e.prints].reduce((s, c) => s + (c.value ?? 0), 0);
  r.cost.perEngagement = engaged > 0 ? round2(spend / engaged) : null;
  r.cost.perInquiry = r.inquiries.total.value ? round2(spend / r.inquiries.total.value) : null;
  const t = r.reach.total.reach;
  r.cost.per1000Reached =
    t.upper > 0 && spend > 0
      ? {
          lower: round2((spend * 1000) / t.upper),
          upper: t.lower > 0 ? round2((spend * 1000) / t.lower) : Number.POSITIVE_INFINITY,
        }
      : null;
  if (r.cost.per1000Reached && !Number.isFinite(r.cost.per1000Reached.upper)) r.cost.per1000Reached = null;

  // 9. Flagged page views of the whole campaign: "<10" when small.
  if (smallFlagged('page-views')) r.flagged = { ...raw.flagged, views: withheld(true) };

  // 5 and 6 (survey cells and what is computed from them) ran in buildOutcomes: see `discloseOutcomes`.
  // Search keyword themes (keywords.ts).
  r.searchThemes = discloseSearchThemes(raw.searchThemes);
  return r;
}

type Outcome = Report['outcomes'][number];
type Estimate = Outcome['cells'][number]['value'];

/** The smaller of a share's numerator and complement (share × n and (1 − share) × n); n for a mean. */
const margin = (kind: Outcome['kind'], v: Estimate): number => {
  const n = v.n.value ?? 0;
  if (v.estimate === null) return -1;
  if (kind !== 'share') return n;
  const x = Math.round(v.estimate * n);
  return Math.min(x, n - x);
};

/** Steps 5 and 6 above, on the outcomes while exact, in place: run once, before anything reads them. */
export function discloseOutcomes(outcomes: Outcome[]): void {
  const pos = (c: { wave: string; arm: string }) => `${c.wave}|${c.arm}`;
  const all = outcomes.flatMap((o) => [...o.cells, ...o.items]);
  if (!all.length) return;
  // Respondents per cell: small in any indicator or item → withheld everywhere, and the next smallest.
  const sizes = new Map<string, number>();
  for (const c of all) sizes.set(pos(c), Math.min(sizes.get(pos(c)) ?? Infinity, c.value.n.value ?? -1));
  const hidden = new Map<string, boolean>(
    [...sizes].filter(([, n]) => n < SUPPRESS_BELOW).map(([k]) => [k, true]),
  );
  const hiddenSum = () => [...hidden.keys()].reduce((s, k) => s + Math.max(0, sizes.get(k)!), 0);
  while (hidden.size > 0 && (hidden.size < 2 || hiddenSum() < SUPPRESS_BELOW)) {
    const next = [...sizes].filter(([k]) => !hidden.has(k)).sort((x, y) => x[1] - y[1])[0];
    if (!next) break;
    hidden.set(next[0], false);
  }
  const blank = (v: Estimate, n: Count = v.n): Estimate => ({
    ...v,
    estimate: null,
    lower: null,
    upper: null,
    n,
  });
  for (const o of outcomes) {
    const apply = <T extends { wave: string; arm: string; value: Estimate }>(c: T): T => {
      const h = hidden.get(pos(c));
      if (h !== undefined)
        return { ...c, value: blank(c.value, withheld(h || (c.value.n.value ?? 0) < SUPPRESS_BELOW)) };
      // A share whose numerator or complement is under 10 gives it away as share × n.
      if (o.kind === 'share' && c.value.estimate !== null && margin('share', c.value) < SUPPRESS_BELOW)
        return { ...c, value: blank(c.value) };
      return c;
    };
    o.cells = o.cells.map(apply);
    o.items = o.items.map(apply);
    // Complementary: a cell is the items' mean, so one hidden item (or cell) alone would be recoverable.
    for (let round = 0; round < 4; round++) {
      let changed = false;
      const hideSmallest = <T extends { value: Estimate }>(group: T[]) => {
        const next = group
          .filter((c) => c.value.estimate !== null)
          .sort((x, y) => margin(o.kind, x.value) - margin(o.kind, y.value))[0];
        if (next) {
          next.value = blank(next.value);
          changed = true;
        }
      };
      for (const cell of o.cells) {
        const items = o.items.filter((i) => pos(i) === pos(cell));
        if (!items.length) continue;
        const hiddenItems = items.filter((i) => i.value.estimate === null).length;
        if (
          (cell.value.estimate === null && hiddenItems === 0) ||
          (cell.value.estimate !== null && hiddenItems === 1)
        )
          hideSmallest(items);
      }
      if (!changed) break;
    }
    // 6. The effect and every figure computed from the cells go with a withheld cell.
    // Alpha uses each item's variance over all cells: withheld with any hidden item or cell.
    if ([...o.cells, ...o.items].some((c) => c.value.estimate === null)) o.reliability = null;
    // So do refusals and MDE notes: "no variation" says every share is 0 or 1, a note's figures come from
    // the baseline share; one note replaces them all.
    if ((o.effect || o.notes?.length) && o.cells.some((c) => c.value.estimate === null)) {
      o.effect = null;
      o.notes = [{ key: EFFECT_WITHHELD, values: {} }];
    }
    // A reason must not print a withheld cell's size.
    if (o.effect && hidden.size)
      o.effect.reasonMessages = o.effect.reasonMessages.map((m) =>
        m.key === 'dashboard.evidence.reason.smallCell'
          ? { key: 'dashboard.evidence.reason.smallCellSuppressed', values: { nBelow: 30, nMinimum: 30 } }
          : m,
      );
    if (o.effect && hidden.size)
      o.effect.reasons = o.effect.reasons.map((s) =>
        s.replace(/\bonly \d+ respondents\b/, 'fewer than 30 respondents'),
      );
  }
}
