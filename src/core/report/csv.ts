import { toCsv } from '../text.ts';
import { evidenceCsvRows } from './csv-evidence.ts';
import { describeBootstrap, describeRandomisation, formatP } from './format.ts';
import type { Message, Report } from './schema.ts';

/** Renders a message key with its values in the reader's language (i18next's `t`). */
export type Say = (key: string, values?: Record<string, unknown>) => string;

/** Without a translator: the key and its values, as data. */
const asKey: Say = (key, values) =>
  values && Object.keys(values).length ? `${key} ${JSON.stringify(values)}` : key;

/** The shapes of the report's CSV: `long`, one row per value; `wide`, one row per indicator, channel, audience… */
export const CSV_SHAPES = ['long', 'wide'] as const;
export type CsvShape = (typeof CSV_SHAPES)[number];

/** Put first in a CSV file so that spreadsheets (Excel in French, Arabic…) read it as UTF-8. */
export const CSV_BOM = '\uFEFF';

/**
 * A number as a reader would take it into a spreadsheet: integers as they are, 100 and above without
 * decimals, 1 to 100 with two, below 1 with three significant digits (0.6073385764562236 → 0.607); a
 * count written with thousands separators ("22,879") as its number; anything else (a withheld "<10", an
 * empty cell) gives an empty cell.
 */
export function roundForDisplay(value: unknown): number | '' {
  // A count the report carries as its display ("22,879") is that number.
  const v =
    typeof value === 'string' && /^-?\d{1,3}(,\d{3})*(\.\d+)?$/.test(value)
      ? Number(value.replaceAll(',', ''))
      : value;
  if (typeof v !== 'number' || !Number.isFinite(v)) return '';
  if (Number.isInteger(v)) return v;
  const a = Math.abs(v);
  const digits = a >= 100 ? 0 : a >= 1 ? 2 : Math.min(12, 2 - Math.floor(Math.log10(a)));
  return Number(v.toFixed(digits));
}

/**
 * The report as CSV for spreadsheets, from one set of rows (`reportRows`). `long`: section, key,
 * metric, value, lower, upper, n, note, then the same value, lower and upper rounded for reading
 * (`roundForDisplay`), exact values kept beside them. `wide`: one row per section and key (an
 * indicator, a channel, an audience, a day), one column per metric, rounded values; a range's ends in
 * two columns ("… (lower)", "… (upper)"); notes stay in the long table. The caller adds CSV_BOM to a file.
 */
export function reportToCsv(r: Report, say: Say = asKey, shape: CsvShape = 'long'): string {
  const [head, ...rows] = reportRows(r, say);
  if (shape === 'long')
    return toCsv([
      [...head!, 'value (rounded)', 'lower (rounded)', 'upper (rounded)'],
      ...rows.map((x) => [...x, roundForDisplay(x[3]), roundForDisplay(x[4]), roundForDisplay(x[5])]),
    ]);
  const columns: string[] = [];
  const byKey = new Map<string, Map<string, unknown>>();
  // Every section and key has its row, even one whose only value is a note (in the long table).
  const rowOf = (section: unknown, key: unknown) => {
    const id = `${section}\u0000${key}`;
    const row =
      byKey.get(id) ??
      new Map<string, unknown>([
        ['section', section],
        ['key', key],
      ]);
    byKey.set(id, row);
    return row;
  };
  const put = (section: unknown, key: unknown, column: string, v: unknown) => {
    const row = rowOf(section, key);
    if (v === '' || v === null || v === undefined) return;
    if (!columns.includes(column)) columns.push(column);
    const rounded = roundForDisplay(v);
    row.set(column, rounded === '' ? v : rounded);
  };
  for (const [section, key, metric, value, lower, upper, n] of rows) {
    rowOf(section, key);
    put(section, key, String(metric), value);
    if (value === '' || (lower !== '' && lower !== value)) put(section, key, `${metric} (lower)`, lower);
    if (value === '' || (upper !== '' && upper !== value)) put(section, key, `${metric} (upper)`, upper);
    if (n !== '' && n !== undefined) put(section, key, `${metric} (n)`, n);
  }
  const all = ['section', 'key', ...columns];
  return toCsv([all, ...[...byKey.values()].map((row) => all.map((c) => row.get(c) ?? ''))]);
}

/**
 * The report's rows (section, key, metric, value, lower, upper, n, note), the first the header.
 * Withheld counts stay withheld: "<10" in the value column. Notes and reasons that the report carries
 * as message keys are rendered with `say` (the CLI and the dashboard pass their language's `t`);
 * without it the key is written with its values.
 */
function reportRows(r: Report, say: Say): unknown[][] {
  const text = (m: Message) => say(m.key, m.values);
  const rows: unknown[][] = [['section', 'key', 'metric', 'value', 'lower', 'upper', 'n', 'note']];
  for (const a of r.reach.audiences) {
    rows.push([
      'reach',
      a.id,
      'people reached (range)',
      '',
      a.reach.lower,
      a.reach.upper,
      '',
      `at least the largest channel, at most the sum${a.size === null ? '' : ` capped at the size ${a.size}`}`,
    ]);
    rows.push([
      'reach',
      a.id,
      'reach (combined, not de-duplicated)',
      a.reachCombined,
      '',
      '',
      '',
      a.target === null ? '' : `target ${a.target}`,
    ]);
    if (a.shareOfTarget)
      rows.push([
        'reach',
        a.id,
        'share of target (range)',
        '',
        a.shareOfTarget.lower,
        a.shareOfTarget.upper,
        '',
        '',
      ]);
    for (const ch of a.channels)
      rows.push([
        'reach',
        a.id,
        `${ch.channel} reach`,
        ch.sum,
        ch.largestDay,
        ch.sum,
        '',
        'lower: largest day; value and upper: sum over days',
      ]);
    rows.push(['reach', a.id, 'site visitors', a.siteVisitors.display, '', '', '', '']);
    rows.push(['reach', a.id, 'impressions', a.impressions, '', '', '', '']);
    rows.push([
      'engagement',
      a.id,
      'engagements',
      a.engagements,
      '',
      '',
      '',
      a.engagementTarget === null ? '' : `target ${a.engagementTarget}`,
    ]);
  }
  rows.push([
    'reach',
    'unattributed',
    'reach (combined, not de-duplicated)',
    r.reach.unattributed,
    '',
    '',
    '',
    '',
  ]);
  rows.push([
    'reach',
    'all',
    'people reached (range)',
    '',
    r.reach.total.reach.lower,
    r.reach.total.reach.upper,
    '',
    'at least the largest audience, at most the sum',
  ]);
  const estimate = (key: string, e: Report['reach']['total']['reachEstimate']) =>
    e &&
    rows.push([
      'reach',
      key,
      'people reached (estimate)',
      e.estimate,
      e.lower,
      e.upper,
      '',
      'channels combined by the independence (Sainsbury) formula; lower and upper: the range',
    ]);
  for (const a of r.reach.audiences) estimate(a.id, a.reachEstimate);
  estimate('all', r.reach.total.reachEstimate);
  if (r.reach.surveyRecall)
    rows.push([
      'reach',
      'survey',
      'people reached (survey: exposure recall × audience size)',
      r.reach.surveyRecall.estimate,
      r.reach.surveyRecall.lower,
      r.reach.surveyRecall.upper,
      r.reach.surveyRecall.population,
      `endline treatment share recalling the campaign ${r.reach.surveyRecall.share}; n is the audience size`,
    ]);
  rows.push(['reach', 'all', 'site visitors', r.reach.total.siteVisitors.display, '', '', '', '']);
  for (const [k, v] of Object.entries(r.engagement))
    rows.push(['engagement', 'all', k, typeof v === 'number' ? v : v.display, '', '', '', '']);
  rows.push([
    'engagement',
    'all',
    'landingVisits in flagged bursts',
    r.flagged.views.display,
    '',
    '',
    '',
    r.flagged.excluded ? 'left out of this report (exclude=flagged)' : 'counted in this report',
  ]);
  rows.push(['inquiries', 'all', 'inquiries', r.inquiries.total.display, '', '', '', '']);
  for (const t of r.inquiries.byTopic)
    rows.push(['inquiries', t.key, 'by topic', t.count.display, '', '', '', '']);
  for (const t of r.inquiries.byChannel)
    rows.push(['inquiries', t.key, 'by channel', t.count.display, '', '', '', '']);
  for (const o of r.outcomes) {
    for (const c of o.cells) {
      const note = [
        c.value.unreliable ? 'unreliable (n < 30)' : '',
        c.value.designEffect === null
          ? ''
          : `interval allows for clustering (design effect ${c.value.designEffect.toFixed(2)})`,
      ]
        .filter(Boolean)
        .join('; ');
      rows.push([
        'outcome',
        `${o.indicator} ${c.wave} ${c.arm}`,
        o.kind,
        c.value.estimate,
        c.value.lower,
        c.value.upper,
        c.value.n.display,
        note,
      ]);
    }
    for (const m of o.notes) rows.push(['effect-note', o.indicator, m.key, '', '', '', '', text(m)]);
    if (o.reliability)
      rows.push([
        'reliability',
        o.indicator,
        "Cronbach's alpha",
        o.reliability.alpha,
        '',
        '',
        o.reliability.respondents.display,
        `${o.reliability.items} items; respondents who answered every item`,
      ]);
    const e = o.effect;
    if (!e) continue;
    const holm = (p: number | null) =>
      o.role === 'secondary' && p !== null ? `; Holm-adjusted p ${formatP(p)}` : '';
    rows.push([
      'effect',
      o.indicator,
      o.design,
      e.estimate,
      e.lower ?? '',
      e.upper ?? '',
      '',
      `${o.role}; ${e.method}; p ${formatP(e.p)}${holm(e.pAdjusted)}${e.unreliable ? '; unreliable' : ''}`,
    ]);
    if (e.clustered) {
      const k = e.clustered;
      rows.push([
        'effect-test',
        o.indicator,
        'CR2 p-value (default)',
        e.p ?? '',
        '',
        '',
        '',
        `SE ${e.se ?? '—'}, ${e.df === null ? 'no' : e.df.toFixed(1)} df${holm(e.pAdjusted)}`,
      ]);
      rows.push([
        'effect-test',
        o.indicator,
        'CR1 p-value',
        k.cr1.p ?? '',
        '',
        '',
        '',
        `SE ${k.cr1.se ?? '—'}, ${k.cr1.df ?? '—'} df`,
      ]);
      rows.push([
        'effect-test',
        o.indicator,
        'unclustered HC2 p-value',
        k.hc2.p ?? '',
        '',
        '',
        '',
        `SE ${k.hc2.se ?? '—'}, ${k.hc2.df ?? '—'} df`,
      ]);
    }
    if (e.bootstrap)
      rows.push([
        'effect-test',
        o.indicator,
        'wild cluster bootstrap p-value',
        e.bootstrap.p ?? '',
        '',
        '',
        '',
        `${describeBootstrap(e.bootstrap)}${holm(e.bootstrap.pAdjusted)}`,
      ]);
    if (e.randomisation)
      rows.push([
        'effect-test',
        o.indicator,
        'randomisation p-value',
        e.randomisation.p,
        '',
        '',
        '',
        `${describeRandomisation(e.randomisation)}; ${e.randomisation.assignment}${holm(e.randomisation.pAdjusted)}`,
      ]);
    rows.push(['effect-mde', o.indicator, 'minimum detectable effect', e.mde ?? '', '', '', '', e.mdeBasis]);
    if (e.standardised)
      rows.push([
        'effect-size',
        o.indicator,
        e.standardised.measure,
        e.standardised.value,
        '',
        '',
        '',
        e.standardised.measure === 'cohen-h'
          ? "Cohen's h: difference of the arms' changes on the arcsine scale"
          : 'difference-in-differences over the pooled baseline standard deviation',
      ]);
    if (e.icc)
      rows.push([
        'effect-icc',
        o.indicator,
        'intra-cluster correlation observed at baseline',
        e.icc.observed,
        e.icc.lower ?? '',
        e.icc.upper ?? '',
        '',
        `one-way ANOVA, 95 % F interval, ${e.icc.clusters} clusters; planned ${e.icc.planned}${e.icc.assumed ? ' (assumed default)' : ''}`,
      ]);
    for (const reason of e.reasons)
      rows.push([
        'effect-reason',
        o.indicator,
        e.unreliable ? 'unreliable' : 'caveat',
        '',
        '',
        '',
        '',
        reason,
      ]);
  }
  for (const f of r.flow) {
    const where = `${f.arm} ${f.cluster} ${f.wave}`;
    rows.push(['flow', where, 'respondents (consented)', f.respondents.display, '', '', '', '']);
    f.answered.forEach((a, i) =>
      rows.push([
        'flow',
        where,
        `answered ${a.indicator}`,
        a.count.display,
        '',
        '',
        '',
        f.analysed[i]?.analysed ? 'in the effect' : 'no effect shown',
      ]),
    );
  }
  rows.push(...evidenceCsvRows(r, text));
  for (const [k, v] of Object.entries(r.cost))
    if (typeof v === 'number') rows.push(['cost', 'all', k, v, '', '', '', r.cost.currency ?? '']);
  const cur = r.cost.currency ?? '';
  if (r.cost.per1000Reached)
    rows.push([
      'cost',
      'all',
      'media spend per 1,000 reached (range)',
      '',
      r.cost.per1000Reached.lower,
      r.cost.per1000Reached.upper,
      '',
      cur,
    ]);
  if (r.cost.perPersonReached)
    rows.push([
      'cost',
      'all',
      `${r.cost.perPersonReachedOn === 'budget' ? 'whole budget' : 'media spend'} per person reached (estimate)`,
      r.cost.perPersonReached.estimate,
      r.cost.perPersonReached.lower,
      r.cost.perPersonReached.upper,
      '',
      cur,
    ]);
  for (const p of r.cost.perOutcomePoint) {
    const note = `${p.direction}${p.unreliable ? '; effect unreliable' : ''}; ${cur}`;
    if (p.budget)
      rows.push([
        'cost',
        p.indicator,
        `budget per ${p.unit}`,
        p.budget.value,
        p.budget.lower,
        p.budget.upper,
        '',
        note,
      ]);
    if (p.media)
      rows.push([
        'cost',
        p.indicator,
        `media spend per ${p.unit}`,
        p.media.value,
        p.media.lower,
        p.media.upper,
        '',
        note,
      ]);
    if (p.perPersonChanged)
      rows.push([
        'cost',
        p.indicator,
        'budget per person whose answer changed',
        p.perPersonChanged.value,
        p.perPersonChanged.lower,
        p.perPersonChanged.upper,
        '',
        `${p.perPersonChanged.people} people of ${p.population}; ${cur}`,
      ]);
    if (!p.budget)
      rows.push([
        'cost',
        p.indicator,
        `per ${p.unit}`,
        '',
        '',
        '',
        '',
        'harm: the change is the wrong way, not priced',
      ]);
  }
  for (const p of r.cost.notPriced)
    rows.push([
      'cost',
      p.indicator,
      'per outcome point',
      '',
      '',
      '',
      '',
      p.message ? text(p.message) : `not priced: ${p.reason}`,
    ]);
  for (const s of r.series) rows.push(['day', s.day, s.metric, s.display, '', '', '', '']);
  for (const s of r.scorecard) rows.push(['scorecard', s.rule, s.name, s.verdict, '', '', '', s.reason]);
  for (const c of r.claims.items)
    rows.push([
      'claim',
      c.id,
      c.daysToAnswer === null ? 'days waiting' : 'days to answer',
      c.daysToAnswer ?? c.waiting,
      '',
      '',
      '',
      `seen ${c.seen} on ${c.where} (${c.language}, ${c.audience})${c.overdue ? ', overdue' : ''}: ${c.claim}`,
    ]);
  // The tipline's reach per platform (key) and per platform/language, counts as the report shows them.
  for (const t of r.tipline ?? []) {
    rows.push(['tipline', t.platform, t.metric, t.total, '', '', '', '']);
    for (const l of t.byLanguage)
      rows.push(['tipline', `${t.platform}/${l.key}`, t.metric, l.display, '', '', '', '']);
  }
  return rows;
}
