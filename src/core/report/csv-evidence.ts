import type { Message, Report } from './schema.ts';

/**
 * The balance table and the sensitivity analyses as rows of the long CSV (section, key, metric, value,
 * lower, upper, n, note), as the report model holds them: withheld counts stay "<10" or "withheld" and
 * carry no share or standardised difference; the sentences saying how far an analysis moves the effect
 * are rendered with `text` in the reader's language.
 */
export function evidenceCsvRows(r: Report, text: (m: Message) => string): unknown[][] {
  const rows: unknown[][] = [];
  for (const b of r.balance) {
    const key = `${b.wave} ${b.covariate} ${b.level || '(not answered)'}`;
    for (const arm of ['treatment', 'control'] as const)
      rows.push(['balance', key, `${arm} respondents`, b[arm].count.display, '', '', '', '']);
    for (const arm of ['treatment', 'control'] as const)
      rows.push(['balance', key, `${arm} share`, b[arm].share ?? '', '', '', '', '']);
    rows.push([
      'balance',
      key,
      'standardised difference',
      b.standardised ?? '',
      '',
      '',
      '',
      b.imbalanced ? 'above 0.1' : '',
    ]);
  }
  for (const o of r.outcomes) {
    const s = o.sensitivity;
    if (!s) continue;
    const est = (metric: string, x: NonNullable<typeof s.adjusted>, note: string) =>
      rows.push([
        'sensitivity',
        o.indicator,
        metric,
        x.estimate,
        x.lower ?? '',
        x.upper ?? '',
        x.respondents,
        note,
      ]);
    if (s.adjusted) est(`adjusted for ${s.covariates.join(', ')}`, s.adjusted, `p ${s.adjusted.p ?? ''}`);
    if (s.dontKnow) {
      rows.push([
        'sensitivity',
        o.indicator,
        "respondents answering don't know",
        s.dontKnow.answers.display,
        '',
        '',
        '',
        '',
      ]);
      if (s.dontKnow.excluded)
        est("don't know left out", s.dontKnow.excluded, `p ${s.dontKnow.excluded.p ?? ''}`);
      if (s.dontKnow.range)
        rows.push([
          'sensitivity',
          o.indicator,
          "range over don't know codings",
          '',
          s.dontKnow.range.lower,
          s.dontKnow.range.upper,
          '',
          '',
        ]);
    }
    for (const m of s.messages) rows.push(['sensitivity-note', o.indicator, m.key, '', '', '', '', text(m)]);
  }
  return rows;
}
