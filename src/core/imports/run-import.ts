import { basename } from 'node:path';
import type { Campaign } from '../campaign/schema/index.ts';
import type { Fact } from '../metrics/model.ts';
import { replaceFacts, type ReplaceResult } from '../metrics/queries/replace-facts.ts';
import type { Store } from '../metrics/store.ts';
import { hashFile } from '../text.ts';
import { openCsv } from './csv.ts';
import { Row, RowError, type FactFormat } from './format.ts';
import { normaliseHeader, stripOdkGroup } from './headers.ts';

export interface RowProblem {
  line: number;
  column: string;
  value: string;
  expected: string;
}

export interface ImportOptions {
  store: Store;
  campaign: Campaign;
  format: FactFormat;
  file: string;
  /** "Header=field" mappings for localised or renamed headers. */
  map?: Record<string, string>;
  /** Import the good rows and report the rest, instead of rejecting the file. */
  skipInvalid?: boolean;
  onProgress?: (bytes: number) => void;
}

export type ImportOutcome =
  | { ok: true; rowsAccepted: number; rowsRejected: number; problems: RowProblem[]; firstDay: string | null; lastDay: string | null; result: ReplaceResult; notes?: string[] }
  | { ok: false; rowsAccepted: number; rowsRejected: number; problems: RowProblem[]; fatal?: string };

/** Resolves each canonical field of the format to a column of the file. */
export function mapColumns(format: FactFormat, headers: string[], userMap: Record<string, string> = {}) {
  const normalised = headers.map((h) => normaliseHeader(h));
  const userByHeader = new Map(Object.entries(userMap).map(([h, f]) => [normaliseHeader(h).key, f]));
  const columns = new Map<string, { index: number; header: string }>();
  for (const [field, aliases] of Object.entries(format.columns)) {
    for (const alias of aliases) {
      const index = normalised.findIndex((n) => n.key === alias || stripOdkGroup(n.key) === alias || n.key.replace(/ /g, '_') === alias);
      if (index >= 0) {
        columns.set(field, { index, header: headers[index]!.replace(/^\uFEFF/, '').trim() });
        break;
      }
    }
  }
  normalised.forEach((n, index) => {
    const field = userByHeader.get(n.key);
    if (field) columns.set(field, { index, header: headers[index]!.trim() });
  });
  const currency = normalised.find((n) => n.currency)?.currency;
  return { columns, currency };
}

const keyOf = (f: Omit<Fact, 'value' | 'campaign' | 'source'>) => `${f.day}\u0000${f.channel}\u0000${f.audience}\u0000${f.language}\u0000${f.detail}\u0000${f.metric}`;

/**
 * Imports one export file as one transaction. Rows stream through and are summed per fact key as
 * they come, so memory grows with the number of distinct (day, channel, audience, …) keys, not rows.
 */
export async function importFacts(opts: ImportOptions): Promise<ImportOutcome> {
  const { format, campaign } = opts;
  const fieldNames = new Set(Object.values(format.columns).flat());
  const userHeaders = new Set(Object.keys(opts.map ?? {}).map((h) => normaliseHeader(h).key));
  const isHeader = (cells: string[]) => cells.filter((c) => { const k = normaliseHeader(c).key; return fieldNames.has(k) || fieldNames.has(stripOdkGroup(k)) || userHeaders.has(k); }).length >= 2;
  const csv = await openCsv(opts.file, isHeader);
  if (!csv) {
    const expected = format.required.map((f) => `"${format.columns[f]![0]}"`).join(', ');
    return { ok: false, rowsAccepted: 0, rowsRejected: 0, problems: [], fatal: `no header row found in the first 30 lines: expected a ${format.label} with columns such as ${expected} (use --map "Your header=field" for other names)` };
  }
  const { columns, currency } = mapColumns(format, csv.headers, opts.map);
  const missing = format.required.filter((f) => !columns.has(f));
  if (missing.length || (format.anyOf && !format.anyOf.some((f) => columns.has(f)))) {
    const what = missing.length
      ? missing.map((f) => `"${f}" (a column named ${format.columns[f]!.map((a) => `"${a}"`).join(' or ')})`).join(', ')
      : `one of ${format.anyOf!.map((f) => `"${format.columns[f]![0]}"`).join(', ')}`;
    return { ok: false, rowsAccepted: 0, rowsRejected: 0, problems: [], fatal: `line ${csv.headerLine}: missing column ${what}; map a differently named column with --map "Header=field"` };
  }

  const totals = new Map<string, Fact>();
  const problems: RowProblem[] = [];
  let accepted = 0;
  let rejected = 0;
  let firstDay: string | null = null;
  let lastDay: string | null = null;
  const ctx = { campaign, headerCurrency: currency };
  let sinceProgress = 0;
  for await (const { line, cells } of csv.rows) {
    if (cells.every((c) => c.trim() === '') || format.skip?.(cells)) continue;
    let facts;
    try {
      facts = format.toFacts(new Row(line, cells, columns, csv.decimalComma), ctx);
    } catch (e) {
      if (!(e instanceof RowError)) throw e;
      rejected++;
      problems.push({ line, column: e.column, value: e.value, expected: e.expected });
      continue;
    }
    accepted++;
    for (const f of facts) {
      const key = keyOf(f);
      const existing = totals.get(key);
      if (existing) existing.value += f.value;
      else totals.set(key, { campaign: campaign.id, source: format.source, ...f });
      if (!firstDay || f.day < firstDay) firstDay = f.day;
      if (!lastDay || f.day > lastDay) lastDay = f.day;
    }
    if (opts.onProgress && ++sinceProgress >= 5000) {
      sinceProgress = 0;
      opts.onProgress(csv.bytesRead());
    }
  }
  if (rejected && !opts.skipInvalid) return { ok: false, rowsAccepted: accepted, rowsRejected: rejected, problems };
  const facts = [...totals.values()];
  const days = [...new Set(facts.map((f) => f.day))].sort();
  const result = await replaceFacts(
    opts.store,
    { campaign: campaign.id, source: format.source, fileName: basename(opts.file), fileHash: await hashFile(opts.file), rowsAccepted: accepted, rowsRejected: rejected, firstDay, lastDay },
    facts,
    days,
  );
  return { ok: true, rowsAccepted: accepted, rowsRejected: rejected, problems, firstDay, lastDay, result };
}
