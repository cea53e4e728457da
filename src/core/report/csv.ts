import { toCsv } from '../text.ts';
import type { Report } from './schema.ts';


/**
 * The report as one long CSV table (section, key, metric, value, lower, upper, n, note), for
 * spreadsheets. Withheld counts stay withheld: "<10" in the value column.
 */
export function reportToCsv(r: Report): string {
  const rows: unknown[][] = [['section', 'key', 'metric', 'value', 'lower', 'upper', 'n', 'note']];
  for (const a of r.reach.audiences) {
    rows.push(['reach', a.id, 'reach (combined, not de-duplicated)', a.reachCombined, '', '', '', a.target === null ? '' : `target ${a.target}`]);
    rows.push(['reach', a.id, 'impressions', a.impressions, '', '', '', '']);
    rows.push(['engagement', a.id, 'engagements', a.engagements, '', '', '', a.engagementTarget === null ? '' : `target ${a.engagementTarget}`]);
  }
  rows.push(['reach', 'unattributed', 'reach (combined, not de-duplicated)', r.reach.unattributed, '', '', '', '']);
  for (const [k, v] of Object.entries(r.engagement)) rows.push(['engagement', 'all', k, typeof v === 'number' ? v : v.display, '', '', '', '']);
  rows.push(['inquiries', 'all', 'inquiries', r.inquiries.total.display, '', '', '', '']);
  for (const t of r.inquiries.byTopic) rows.push(['inquiries', t.key, 'by topic', t.count.display, '', '', '', '']);
  for (const t of r.inquiries.byChannel) rows.push(['inquiries', t.key, 'by channel', t.count.display, '', '', '', '']);
  for (const o of r.outcomes) {
    for (const c of o.cells) rows.push(['outcome', `${o.indicator} ${c.wave} ${c.arm}`, o.kind, c.value.estimate, c.value.lower, c.value.upper, c.value.n.display, c.value.unreliable ? 'unreliable (n < 30)' : '']);
    if (o.effect) rows.push(['effect', o.indicator, o.design, o.effect.estimate, o.effect.lower, o.effect.upper, '', `${o.effect.method}; MDE ${o.effect.mde.toFixed(4)}`]);
  }
  for (const [k, v] of Object.entries(r.cost)) if (typeof v === 'number') rows.push(['cost', 'all', k, v, '', '', '', r.cost.currency ?? '']);
  for (const p of r.cost.perPercentagePoint) rows.push(['cost', p.indicator, 'per percentage point', p.value, '', '', '', r.cost.currency ?? '']);
  for (const s of r.series) rows.push(['day', s.day, s.metric, s.display, '', '', '', '']);
  for (const s of r.scorecard) rows.push(['scorecard', s.rule, s.name, s.verdict, '', '', '', s.reason]);
  return toCsv(rows);
}
