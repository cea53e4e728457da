import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import type { Campaign } from '../campaign/schema/index.ts';
import type { Fact } from '../metrics/model.ts';
import { replaceFacts, type ReplaceResult } from '../metrics/queries/replace-facts.ts';
import type { Store } from '../metrics/store.ts';
import { hashFile } from '../text.ts';
import { headerCandidates, openCsv } from './csv.ts';
import { FACT_FORMATS } from './fact-formats.ts';
import { howToAddRate, isCurrencyCode, rateOn, ratesFor, type AppliedRate } from './currency.ts';
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
  /** Rates given for this import (`--rate USD=0.92`): budget-currency units per unit; win over budget.rates. */
  rates?: Record<string, number>;
  /** The campaign's file, named in messages that ask for a field to be added. */
  campaignFile?: string;
  onProgress?: (bytes: number) => void;
}

export type ImportOutcome =
  | {
      ok: true;
      rowsAccepted: number;
      rowsRejected: number;
      problems: RowProblem[];
      firstDay: string | null;
      lastDay: string | null;
      result: ReplaceResult;
      notes?: string[];
      conversion?: Conversion;
    }
  | { ok: false; rowsAccepted: number; rowsRejected: number; problems: RowProblem[]; fatal?: string };

/** Spend converted into the budget currency on import. */
export interface Conversion {
  currency: string;
  budgetCurrency: string;
  rates: AppliedRate[];
  /** The file's spend in its own currency. */
  original: number;
  /** The same spend in the budget currency, as stored. */
  converted: number;
}

/** Resolves each canonical field of the format to a column of the file. */
export function mapColumns(format: FactFormat, headers: string[], userMap: Record<string, string> = {}) {
  const normalised = headers.map((h) => normaliseHeader(h));
  const userByHeader = new Map(Object.entries(userMap).map(([h, f]) => [normaliseHeader(h).key, f]));
  const columns = new Map<string, { index: number; header: string }>();
  for (const [field, aliases] of Object.entries(format.columns)) {
    for (const alias of aliases) {
      const index = normalised.findIndex(
        (n) => n.key === alias || stripOdkGroup(n.key) === alias || n.key.replace(/ /g, '_') === alias,
      );
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

/**
 * The other format whose columns a header row has (the most of them, when several fit): a file given
 * under the wrong source is named once for what it is, not reported as missing columns or bad rows.
 */
function lookAlike(format: FactFormat, rows: readonly string[][]): string | undefined {
  let best: { name: string; score: number } | undefined;
  for (const [name, other] of Object.entries(FACT_FORMATS)) {
    if (other === format) continue;
    for (const cells of rows) {
      const { columns } = mapColumns(other, cells);
      if (
        !other.required.every((f) => columns.has(f)) ||
        (other.anyOf && !other.anyOf.some((f) => columns.has(f)))
      )
        continue;
      if (!best || columns.size > best.score) best = { name, score: columns.size };
    }
  }
  return best && `it looks like a ${FACT_FORMATS[best.name]!.label}: import it as ${best.name}`;
}

const keyOf = (f: Omit<Fact, 'value' | 'campaign' | 'source'>) =>
  `${f.day}\u0000${f.channel}\u0000${f.audience}\u0000${f.language}\u0000${f.detail}\u0000${f.metric}`;

/**
 * Imports one export file as one transaction. Rows stream through and are summed per fact key as
 * they come, so memory grows with the number of distinct (day, channel, audience, …) keys, not rows.
 */
export async function importFacts(opts: ImportOptions): Promise<ImportOutcome> {
  const { format, campaign } = opts;
  const fieldNames = new Set(Object.values(format.columns).flat());
  const userHeaders = new Set(Object.keys(opts.map ?? {}).map((h) => normaliseHeader(h).key));
  const isHeader = (cells: string[]) =>
    cells.filter((c) => {
      const k = normaliseHeader(c).key;
      return fieldNames.has(k) || fieldNames.has(stripOdkGroup(k)) || userHeaders.has(k);
    }).length >= 2;
  const csv = await openCsv(opts.file, isHeader);
  const fatal = (message: string): ImportOutcome => {
    csv?.close();
    return { ok: false, rowsAccepted: 0, rowsRejected: 0, problems: [], fatal: message };
  };
  if (!csv) {
    const expected = format.required.map((f) => `"${format.columns[f]![0]}"`).join(', ');
    const other = lookAlike(
      format,
      (await headerCandidates(opts.file)).map((c) => c.cells),
    );
    return fatal(
      `no header row found in the first 30 lines: expected a ${format.label} with columns such as ${expected}${other ? `; ${other}` : ' (use --map "Your header=field" for other names)'}`,
    );
  }
  const { columns, currency: anyHeaderCurrency } = mapColumns(format, csv.headers, opts.map);
  const missing = format.required.filter((f) => !columns.has(f));
  if (missing.length || (format.anyOf && !format.anyOf.some((f) => columns.has(f)))) {
    const what = missing.length
      ? missing
          .map((f) => `"${f}" (a column named ${format.columns[f]!.map((a) => `"${a}"`).join(' or ')})`)
          .join(', ')
      : `one of ${format.anyOf!.map((f) => `"${format.columns[f]![0]}"`).join(', ')}`;
    const other = lookAlike(format, [csv.headers]);
    return fatal(
      `line ${csv.headerLine}: missing column ${what}; ${other ?? 'map a differently named column with --map "Header=field"'}`,
    );
  }

  // Spend's currency is a fact about the whole file: checked once, here or at the first row that
  // says it, never once per row. Spend in another currency than the budget's is converted with the
  // rate of its day and the currency and rates go to the ledger, so the original stays known.
  const spendColumn = columns.get('spend');
  const headerCurrency = (spendColumn && normaliseHeader(spendColumn.header).currency) || anyHeaderCurrency;
  const budget = campaign.budget?.currency;
  const campaignFile = opts.campaignFile ?? `campaigns/${campaign.id}/campaign.yaml`;
  const currencyField = format.currency && columns.has(format.currency) ? format.currency : undefined;
  let fileCurrency: { code: string; where: string } | undefined;
  let rates: AppliedRate[] = [];
  const adopt = (code: string, where: string): string | undefined => {
    if (!isCurrencyCode(code))
      return `${where}: "${code}" is not a currency code; expected an ISO 4217 code in capitals, like ${budget ?? 'EUR'} or USD`;
    if (fileCurrency)
      return code === fileCurrency.code
        ? undefined
        : `spend is in ${fileCurrency.code} (${fileCurrency.where}) and in ${code} (${where}); export one currency per file`;
    fileCurrency = { code, where };
    if (!budget || code === budget) return undefined;
    rates = ratesFor(campaign, code, opts.rates);
    if (!rates.length)
      return `spend is in ${code} (${where}) but the budget is in ${budget}: ${howToAddRate(campaign, code, campaignFile)}`;
    return undefined;
  };
  if (spendColumn && headerCurrency && !currencyField) {
    const problem = adopt(headerCurrency.toUpperCase(), `column "${spendColumn.header}"`);
    if (problem) return fatal(problem);
  }
  const converting = () => !!fileCurrency && !!budget && fileCurrency.code !== budget;
  const rateByDay = new Map<string, number | undefined>();
  const uncovered = new Set<string>();
  let original = 0;
  let converted = 0;

  const totals = new Map<string, Fact>();
  const problems: RowProblem[] = [];
  let accepted = 0;
  let rejected = 0;
  let firstDay: string | null = null;
  let lastDay: string | null = null;
  const ctx = { campaign };
  let sinceProgress = 0;
  for await (const { line, cells } of csv.rows) {
    if (cells.every((c) => c.trim() === '') || format.skip?.(cells)) continue;
    let facts: ReturnType<typeof format.toFacts>;
    const row = new Row(line, cells, columns, csv.decimalComma);
    try {
      facts = format.toFacts(row, ctx);
    } catch (e) {
      if (!(e instanceof RowError)) throw e;
      rejected++;
      problems.push({ line, column: e.column, value: e.value, expected: e.expected });
      continue;
    }
    if (currencyField && spendColumn) {
      const code = row.text(currencyField).toUpperCase() || headerCurrency?.toUpperCase();
      if (code && code !== fileCurrency?.code) {
        const problem = adopt(code, `line ${line}, column "${row.header(currencyField)}"`);
        if (problem) return fatal(problem);
      }
    }
    accepted++;
    for (const f of facts) {
      if (f.metric === 'spend' && converting()) {
        let rate = rateByDay.get(f.day);
        if (!rateByDay.has(f.day)) rateByDay.set(f.day, (rate = rateOn(rates, f.day)));
        original += f.value;
        if (rate === undefined) uncovered.add(f.day);
        else {
          f.value *= rate;
          converted += f.value;
        }
      }
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
  if (uncovered.size) {
    const days = [...uncovered].sort();
    const code = fileCurrency!.code;
    const first = rates.find((r) => r.from !== null)?.from;
    return fatal(
      `spend is in ${code} but no ${code} rate covers ${days.length === 1 ? days[0] : `${days.length} days (${days[0]} to ${days.at(-1)})`}${first ? `: the first ${code} rate in budget.rates starts on ${first}` : ''}; ${howToAddRate(campaign, code, campaignFile, days[0])}`,
    );
  }
  if (rejected && !opts.skipInvalid)
    return { ok: false, rowsAccepted: accepted, rowsRejected: rejected, problems };
  const facts = [...totals.values()];
  const days = [...new Set(facts.map((f) => f.day))].sort();
  const conversion: Conversion | undefined = converting()
    ? { currency: fileCurrency!.code, budgetCurrency: budget!, rates, original, converted }
    : undefined;
  // The ledger's hash names what was imported: the file, and for converted spend the rates too, so
  // importing the same file with a corrected rate replaces its days instead of being "already imported".
  let fileHash = await hashFile(opts.file);
  if (conversion)
    fileHash = createHash('sha256')
      .update(`${fileHash}\u0000${conversion.currency}\u0000${JSON.stringify(rates)}`)
      .digest('hex');
  const result = await replaceFacts(
    opts.store,
    {
      campaign: campaign.id,
      source: format.source,
      fileName: basename(opts.file),
      fileHash,
      rowsAccepted: accepted,
      rowsRejected: rejected,
      firstDay,
      lastDay,
      currency: fileCurrency?.code ?? null,
      rates: conversion ? JSON.stringify(rates) : null,
    },
    facts,
    days,
  );
  return {
    ok: true,
    rowsAccepted: accepted,
    rowsRejected: rejected,
    problems,
    firstDay,
    lastDay,
    result,
    ...(conversion && { conversion }),
  };
}
