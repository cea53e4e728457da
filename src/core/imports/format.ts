import type { Campaign } from '../campaign/schema/index.ts';
import type { Fact, Source } from '../metrics/model.ts';
import { parseDay, parseNumber } from './numbers.ts';

/** A cell that does not hold what its column needs: reported as file:line: column: value: expected. */
export class RowError extends Error {
  readonly column: string;
  readonly value: string;
  readonly expected: string;
  constructor(column: string, value: string, expected: string) {
    super(`${column}: ${value}: ${expected}`);
    this.column = column;
    this.value = value;
    this.expected = expected;
  }
}

/** One data row with typed accessors by canonical field name. */
export class Row {
  readonly line: number;
  readonly #cells: string[];
  readonly #columns: Map<string, { index: number; header: string }>;
  readonly #decimalComma: boolean;
  constructor(
    line: number,
    cells: string[],
    columns: Map<string, { index: number; header: string }>,
    decimalComma: boolean,
  ) {
    this.line = line;
    this.#cells = cells;
    this.#columns = columns;
    this.#decimalComma = decimalComma;
  }
  has(field: string): boolean {
    return this.#columns.has(field);
  }
  header(field: string): string {
    return this.#columns.get(field)?.header ?? field;
  }
  text(field: string): string {
    const c = this.#columns.get(field);
    return c ? (this.#cells[c.index] ?? '').trim() : '';
  }
  /** A number; empty cells are zero. */
  number(field: string): number {
    const raw = this.text(field);
    const n = parseNumber(raw, this.#decimalComma);
    if (n === undefined || n < 0)
      throw new RowError(this.header(field), raw, 'expected a number of zero or more, like 1234 or 12.5');
    return n;
  }
  day(field: string): string {
    const raw = this.text(field);
    const d = parseDay(raw);
    if (!d) throw new RowError(this.header(field), raw || '(empty)', 'expected a date like 2027-02-01');
    return d;
  }
  oneOf(field: string, allowed: readonly string[]): string {
    const raw = this.text(field);
    const hit = allowed.find((a) => a.toLowerCase() === raw.toLowerCase());
    if (!hit)
      throw new RowError(this.header(field), raw || '(empty)', `expected one of ${allowed.join(', ')}`);
    return hit;
  }
}

export interface FormatContext {
  campaign: Campaign;
}

/** One external export format: how to find its columns and turn a row into facts. */
export interface FactFormat {
  source: Source;
  /** What the file is, for messages. */
  label: string;
  /** Canonical field → header names it may have (normalised: lower case, no currency suffix). First match wins. */
  columns: Record<string, readonly string[]>;
  /** Fields the file must have. */
  required: readonly string[];
  /** At least one of these must be present (the metrics). */
  anyOf?: readonly string[];
  /**
   * Field holding each row's currency (TikTok, Google Ads); without one, spend is in the currency of a
   * header suffix like "Amount spent (USD)", else the budget's. The import converts spend, not the format.
   */
  currency?: string;
  /** Rows to pass over silently: totals, subtotals. */
  skip?: (cells: string[]) => boolean;
  toFacts(row: Row, ctx: FormatContext): Omit<Fact, 'campaign' | 'source'>[];
}

const same = (a: string | undefined, b: string) => !a || a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * Maps an export row to an audience id as the campaign declares it: the ad set / ad group name, and
 * where the declaration says so, the row's age band, gender and region.
 */
export function audienceForAd(
  campaign: Campaign,
  platform: 'meta' | 'tiktok' | 'google',
  row: { name: string; age?: string; gender?: string; region?: string },
): string | undefined {
  for (const a of campaign.audiences) {
    for (const ad of a.ads) {
      if (
        ad.platform === platform &&
        same(ad.name, row.name) &&
        same(ad.age, row.age ?? '') &&
        same(ad.gender, row.gender ?? '') &&
        same(ad.region, row.region ?? '')
      )
        return a.id;
    }
  }
  return undefined;
}
