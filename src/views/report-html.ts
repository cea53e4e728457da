import { escapeHtml as esc } from '../core/text.ts';
import { describeRates } from '../core/imports/currency.ts';
import { describeBootstrap, describeRandomisation, formatEffectValue, formatP, type Report } from '../core/report/index.ts';

const num = (v: number | null, digits = 0) => (v === null || Number.isNaN(v) ? '—' : v.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits }));
const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)} %`);
/** A range as "lower – upper" (one figure when both ends agree). */
const span = (r: { lower: number; upper: number } | null, f: (v: number) => string) => (r === null ? '—' : f(r.lower) === f(r.upper) ? f(r.lower) : `${f(r.lower)} – ${f(r.upper)}`);
const pctRange = (r: { lower: number; upper: number } | null) => span(r, (v) => pct(v));
const numRange = (r: { lower: number; upper: number } | null, digits = 0) => span(r, (v) => num(v, digits));
const table = (caption: string, head: string[], rows: string[][]) =>
  `<table><caption>${esc(caption)}</caption><thead><tr>${head.map((h) => `<th scope="col">${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c, i) => (i === 0 ? `<th scope="row">${c}</th>` : `<td>${c}</td>`)).join('')}</tr>`)
    .join('')}</tbody></table>`;

export const REPORT_CSS = `body{font:11pt/1.5 system-ui,sans-serif;color:#14181f;max-width:60rem;margin:1.5rem auto;padding:0 1rem}
table{border-collapse:collapse;width:100%;margin:1rem 0}caption{text-align:start;font-weight:600;padding:.25rem 0}
th,td{border:1px solid #cfd6df;padding:.3rem .5rem;text-align:start;vertical-align:top}td{font-variant-numeric:tabular-nums}
thead th{background:#f2f5f9}@page{size:A4;margin:14mm}h2{break-after:avoid}table{break-inside:auto}tr{break-inside:avoid}
a{color:#0b5cad}nav ul{list-style:none;padding:0;display:flex;gap:1rem;flex-wrap:wrap}`;

/**
 * The report as one self-contained, accessible HTML page (no script, no external request): what
 * `counterpoint report --format html` writes and what the PDF is printed from.
 */
export function reportToHtml(r: Report): string {
  return `<!doctype html><html lang="en" dir="ltr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(r.campaign.title)}: effectiveness report</title><style>${REPORT_CSS}</style></head><body><main>${reportSectionsHtml(r)}</main></body></html>\n`;
}

/** The report's sections, for embedding in a page (the dashboard) or a document. */
export function reportSectionsHtml(r: Report): string {
  const value = (o: Report['outcomes'][number], v: number | null) => (v === null ? '—' : o.kind === 'share' ? pct(v) : num(v, 2));
  const sections = [
    `<h1>${esc(r.campaign.title)}: effectiveness report</h1>`,
    `<p>${esc(r.campaign.owner)} · ${esc(r.campaign.start)} to ${esc(r.campaign.end)} · data ${esc(r.period.first ?? 'none')} to ${esc(r.period.last ?? '')} · design: ${esc(r.campaign.design)} · generated ${esc(r.generatedAt.slice(0, 16).replace('T', ' '))} UTC</p>`,
    `<h2>1. Reach and exposure</h2>`,
    table(
      'People reached per audience: at least the largest single channel (on its largest day), at most the sum of all channels (capped at the estimated size); channels and days overlap, so the sum is not de-duplicated',
      ['Audience', 'Segment', 'People reached (range)', 'Combined, not de-duplicated', 'Target', 'Of target (range)', 'Of estimated size (range)', 'Site visitors', 'Impressions'],
      [
        ...r.reach.audiences.map((a) => [esc(a.id), esc(a.segment), numRange(a.reach), num(a.reachCombined), num(a.target), pctRange(a.shareOfTarget), pctRange(a.shareOfSize), esc(a.siteVisitors.display), num(a.impressions)]),
        ['All', '', numRange(r.reach.total.reach), num(r.reach.total.reachCombined), '', '', '', esc(r.reach.total.siteVisitors.display), num(r.reach.total.impressions)],
      ],
    ),
    `<p>Site visitors count towards an audience's combined reach only where they are shown. Not attributed to an audience: ${num(r.reach.unattributed)}. Event attendance ${num(r.reach.total.eventAttendees)}, estimated radio listeners ${num(r.reach.total.estimatedListeners)}, site visitors ${esc(r.reach.total.siteVisitors.display)}.</p>`,
    `<h2>2. Engagement</h2>`,
    table('Engagement', ['Measure', 'Count'], [
      ['Link clicks', num(r.engagement.linkClicks)],
      ['Video views', num(r.engagement.videoViews)],
      ['Video completions', num(r.engagement.videoCompletions)],
      ['Landing page visits', esc(r.engagement.landingVisits.display)],
      ['Contact taps', esc(r.engagement.contactClicks.display)],
      ['Shares', esc(r.engagement.shares.display)],
      ['Flyers printed from the page', esc(r.engagement.prints.display)],
    ]),
    `<h2>3. Contact-point inquiries</h2>`,
    `<p>Total: ${esc(r.inquiries.total.display)}</p>`,
    table('Inquiries by topic', ['Topic', 'Inquiries'], r.inquiries.byTopic.map((t) => [esc(t.key), esc(t.count.display)])),
    table('Inquiries by channel', ['Channel', 'Inquiries'], r.inquiries.byChannel.map((t) => [esc(t.key), esc(t.count.display)])),
    `<h2>4. Outcomes</h2>`,
    `<p>Respondents: ${esc(r.respondents.display)}. Shares are the proportion of respondents; risk perception is a mean on its scale. Intervals are 95 %. The primary indicator is the one the evaluation plan named before the endline; the others are secondary, their p-values also adjusted for multiple comparisons (Holm).</p>`,
    ...r.outcomes.map((o) => outcomeHtml(o, value)),
    `<h2>5. Cost</h2>`,
    table('Cost', ['Measure', `Value (${esc(r.cost.currency ?? '')})`], [
      ['Media spend', num(r.cost.spend, 2)],
      ...r.cost.converted.map((x) => [
        `of which converted from ${esc(x.currency)}: ${num(x.original, 2)} ${esc(x.currency)} at ${esc(describeRates(x.rates, x.currency, r.cost.currency ?? ''))}`,
        num(x.spend, 2),
      ]),
      ['Media spend per 1,000 reached (range, from the reach range)', numRange(r.cost.per1000Reached, 2)],
      ['Media spend per engagement', num(r.cost.perEngagement, 2)],
      ['Media spend per inquiry', num(r.cost.perInquiry, 2)],
      ['Whole budget', num(r.cost.budget, 2)],
      ...r.cost.perOutcomePoint.flatMap((p) => {
        const of = `${esc(p.unit)} of ${esc(p.indicator)} (${p.points.toFixed(1)}, 95 % CI ${p.pointsLower.toFixed(1)} to ${p.pointsUpper.toFixed(1)}${p.unreliable ? '; effect unreliable' : ''})`;
        const iv = (x: { value: number; lower: number; upper: number }) => `${num(x.value, 2)} (95 % CI ${num(x.lower, 2)} – ${num(x.upper, 2)})`;
        if (!p.budget && !p.media) return [[`Per ${of}`, 'not priced: the change is the wrong way (harm)']];
        return [
          ...(p.budget ? [[`Whole budget per ${of}`, iv(p.budget)]] : []),
          ...(p.media ? [[`Media spend per ${of}`, iv(p.media)]] : []),
          ...(p.perPersonChanged ? [[`Whole budget per person whose answer changed (${num(p.perPersonChanged.people)} of ${esc(p.population)})`, iv(p.perPersonChanged)]] : []),
        ];
      }),
      ...r.cost.notPriced.map((p) => [`Per outcome point of ${esc(p.indicator)}`, `not priced: ${esc(p.reason)}`]),
    ]),
    `<h2>Seven-rule scorecard</h2>`,
    table('Rules of the 2016 European conference on migrant smuggling (workshop 5)', ['Rule', 'Verdict', 'Why'], r.scorecard.map((s) => [`${s.rule}. ${esc(s.name)}`, esc(s.verdict), esc(s.reason)])),
    `<h2>Caveats</h2><ul>${r.caveats.map((c) => `<li>${esc(c)}</li>`).join('')}</ul>`,
  ];
  return sections.join('\n');
}

type Outcome = Report['outcomes'][number];

/**
 * One indicator: its role, the effect with its CR2 interval and p-value, the tests beside it (CR1,
 * unclustered HC2, wild cluster bootstrap, randomisation inference), the design's minimum detectable
 * effect, why it is unreliable, and the shares or means per wave and arm.
 */
function outcomeHtml(o: Outcome, value: (o: Outcome, v: number | null) => string): string {
  const e = o.effect;
  const fx = (v: number | null) => esc(formatEffectValue(v, o.kind));
  const role = o.role === 'primary' ? 'primary indicator' : 'secondary indicator';
  const parts = [`<h3>${esc(o.indicator)} <small>(${role})</small></h3>`];
  if (e) {
    const holm = (p: number | null) => (o.role === 'secondary' ? esc(formatP(p)) : '— (primary)');
    const interval = e.lower === null || e.upper === null ? 'no interval: the design allows none' : `95 % interval ${fx(e.lower)} to ${fx(e.upper)}`;
    parts.push(
      `<p><strong>Effect: ${fx(e.estimate)}</strong>, ${interval}, p = ${esc(formatP(e.p))}${o.role === 'secondary' && e.pAdjusted !== null ? ` (Holm-adjusted ${esc(formatP(e.pAdjusted))})` : ''}; ${esc(e.method)}.${e.unreliable ? ' <strong>Unreliable</strong>: see why below.' : ''}</p>`,
    );
    const rows: string[][] = [[`Cluster-robust CR2 (default)`, e.se === null ? '—' : num(e.se, 4), e.df === null ? '—' : num(e.df, 1), esc(formatP(e.p)), holm(e.pAdjusted)]];
    if (e.clustered) {
      rows.push(['Cluster-robust CR1', num(e.clustered.cr1.se, 4), num(e.clustered.cr1.df, 0), esc(formatP(e.clustered.cr1.p)), '']);
      rows.push(['Unclustered HC2', num(e.clustered.hc2.se, 4), num(e.clustered.hc2.df, 0), esc(formatP(e.clustered.hc2.p)), '']);
    } else rows[0]![0] = esc(e.method);
    if (e.bootstrap) rows.push(['Wild cluster bootstrap (restricted)', '—', '—', esc(describeBootstrap(e.bootstrap)), holm(e.bootstrap.pAdjusted)]);
    if (e.randomisation) rows.push([`Randomisation inference (${esc(e.randomisation.assignment)})`, '—', '—', esc(describeRandomisation(e.randomisation)), holm(e.randomisation.pAdjusted)]);
    parts.push(table(`${o.indicator}: tests of no effect`, ['Method', 'Standard error', 'Degrees of freedom', 'p-value', 'Holm-adjusted p'], rows));
    parts.push(`<p>Minimum detectable effect: ${fx(e.mde)} (${esc(e.mdeBasis)}).</p>`);
    if (e.reasons.length) parts.push(`<p>${e.unreliable ? 'Why this effect is unreliable:' : 'Caveat:'}</p><ul>${e.reasons.map((x) => `<li>${esc(x)}</li>`).join('')}</ul>`);
  }
  parts.push(
    table(
      `${o.indicator} per wave and arm`,
      ['Wave', 'Arm', 'Estimate', '95 % interval', 'Respondents', 'Note'],
      o.cells.map((c) => [
        esc(c.wave),
        esc(c.arm),
        value(o, c.value.estimate),
        c.value.lower === null ? '—' : `${value(o, c.value.lower)} – ${value(o, c.value.upper)}`,
        esc(c.value.n.display),
        [c.value.unreliable ? 'unreliable (fewer than 30)' : '', c.value.designEffect === null ? '' : `allows for clustering (design effect ${num(c.value.designEffect, 2)})`].filter(Boolean).join('; '),
      ]),
    ),
  );
  return parts.join('\n');
}

export { esc, num, pct, span };
