/**
 * Numbers as spreadsheets and ad platforms write them: "1,234.5", "1.234,5", "1 234", "0.59%", "".
 * `decimalComma` is the file's convention (a `;`-delimited file almost always uses a decimal comma);
 * where one value shows both separators, the last one is the decimal mark whatever the file says.
 * Returns undefined for text that is not a number. Empty cells are zero: exports leave zeros blank.
 */
export function parseNumber(raw: string, decimalComma: boolean): number | undefined {
  let s = raw.trim().replace(/[\u00a0\u202f' ]/g, '');
  if (s === '' || s === '-' || s === '--') return 0;
  if (s.endsWith('%')) s = s.slice(0, -1);
  const lastComma = s.lastIndexOf(',');
  const lastDot = s.lastIndexOf('.');
  if (lastComma >= 0 && lastDot >= 0) {
    s = lastComma > lastDot ? s.replace(/\./g, '').replace(',', '.') : s.replace(/,/g, '');
  } else if (lastComma >= 0) {
    const thousands = /^-?\d{1,3}(,\d{3})+$/.test(s) && !decimalComma;
    s = thousands
      ? s.replace(/,/g, '')
      : s.split(',').length === 2
        ? s.replace(',', '.')
        : s.replace(/,/g, '');
  } else if (lastDot >= 0 && decimalComma && /^-?\d{1,3}(\.\d{3})+$/.test(s)) {
    s = s.replace(/\./g, '');
  }
  if (!/^-?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(s)) return undefined;
  return Number(s);
}

const MONTHS: Record<string, number> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  oct: 10,
  nov: 11,
  dec: 12,
};

/**
 * A day as YYYY-MM-DD from the forms exports use: ISO dates and timestamps, "2027/02/01",
 * "01/02/2027" (day first, as outside the US), "Feb 1, 2027". Undefined when not a real date.
 */
export function parseDay(raw: string): string | undefined {
  const s = raw.trim();
  let y: number, m: number, d: number;
  let match: RegExpExecArray | null;
  if ((match = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:$|[T ])/.exec(s)))
    [y, m, d] = [+match[1]!, +match[2]!, +match[3]!];
  else if ((match = /^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$/.exec(s)))
    [d, m, y] = [+match[1]!, +match[2]!, +match[3]!];
  else if ((match = /^([A-Za-z]{3})[a-z]*\.? (\d{1,2}), (\d{4})$/.exec(s)) && MONTHS[match[1]!.toLowerCase()])
    [m, d, y] = [MONTHS[match[1]!.toLowerCase()]!, +match[2]!, +match[3]!];
  else return undefined;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d)
    return undefined;
  return date.toISOString().slice(0, 10);
}
