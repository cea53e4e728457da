import { escapeHtml as esc } from '../core/text.ts';
import { describeRates } from '../core/imports/currency.ts';
import type { Report } from '../core/report/index.ts';

const num = (v: number | null, digits = 0) => (v === null || Number.isNaN(v) ? '—' : v.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits }));
const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)} %`);
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
  const effect = (o: Report['outcomes'][number], v: number) => (o.kind === 'share' ? `${(v * 100).toFixed(1)} pp` : num(v, 2));
  const sections = [
    `<h1>${esc(r.campaign.title)}: effectiveness report</h1>`,
    `<p>${esc(r.campaign.owner)} · ${esc(r.campaign.start)} to ${esc(r.campaign.end)} · data ${esc(r.period.first ?? 'none')} to ${esc(r.period.last ?? '')} · design: ${esc(r.campaign.design)} · generated ${esc(r.generatedAt.slice(0, 16).replace('T', ' '))} UTC</p>`,
    `<h2>1. Reach and exposure</h2>`,
    table(
      `People reached per audience (${r.reach.label})`,
      ['Audience', 'Segment', 'Reached', 'Target', 'Of target', 'Of estimated size', 'Impressions'],
      r.reach.audiences.map((a) => [esc(a.id), esc(a.segment), num(a.reachCombined), num(a.target), pct(a.shareOfTarget), pct(a.shareOfSize), num(a.impressions)]),
    ),
    `<p>Not attributed to an audience: ${num(r.reach.unattributed)}. Event attendance ${num(r.reach.total.eventAttendees)}, estimated radio listeners ${num(r.reach.total.estimatedListeners)}, site visitors ${esc(r.reach.total.siteVisitors.display)}.</p>`,
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
    `<p>Respondents: ${esc(r.respondents.display)}. Shares are the proportion of respondents; risk perception is a mean on its scale. Intervals are 95 %.</p>`,
    ...r.outcomes.map((o) =>
      table(
        `${o.indicator}${o.effect ? `: effect ${effect(o, o.effect.estimate)} (95 % CI ${effect(o, o.effect.lower)} to ${effect(o, o.effect.upper)}; minimum detectable effect ${effect(o, o.effect.mde)}; ${o.effect.method})` : ''}`,
        ['Wave', 'Arm', 'Estimate', '95 % interval', 'Respondents', 'Note'],
        o.cells.map((c) => [esc(c.wave), esc(c.arm), value(o, c.value.estimate), c.value.lower === null ? '—' : `${value(o, c.value.lower)} – ${value(o, c.value.upper)}`, esc(c.value.n.display), c.value.unreliable ? 'unreliable (fewer than 30)' : '']),
      ),
    ),
    `<h2>5. Cost</h2>`,
    table('Cost', ['Measure', `Value (${esc(r.cost.currency ?? '')})`], [
      ['Media spend', num(r.cost.spend, 2)],
      ...r.cost.converted.map((x) => [
        `of which converted from ${esc(x.currency)}: ${num(x.original, 2)} ${esc(x.currency)} at ${esc(describeRates(x.rates, x.currency, r.cost.currency ?? ''))}`,
        num(x.spend, 2),
      ]),
      ['Per 1,000 reached', num(r.cost.per1000Reached, 2)],
      ['Per engagement', num(r.cost.perEngagement, 2)],
      ['Per inquiry', num(r.cost.perInquiry, 2)],
      ...r.cost.perPercentagePoint.map((p) => [`Per percentage point of ${esc(p.indicator)}`, num(p.value, 2)]),
    ]),
    `<h2>Seven-rule scorecard</h2>`,
    table('Rules of the 2016 European conference on migrant smuggling (workshop 5)', ['Rule', 'Verdict', 'Why'], r.scorecard.map((s) => [`${s.rule}. ${esc(s.name)}`, esc(s.verdict), esc(s.reason)])),
    `<h2>Caveats</h2><ul>${r.caveats.map((c) => `<li>${esc(c)}</li>`).join('')}</ul>`,
  ];
  return sections.join('\n');
}

export { esc, num, pct };
