import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { toCsv } from '../../src/core/text.ts';

// Every CSV export (report, totals, links) goes through toCsv. Cells that a spreadsheet would run as a
// formula are neutralised with a leading apostrophe (OWASP, "CSV Injection"); numbers stay numbers.
const cases: [unknown, string][] = [
  ['=HYPERLINK("http://evil.example","click")', `'=HYPERLINK("http://evil.example","click")`],
  ["+1+cmd|' /C calc'!A0", `'+1+cmd|' /C calc'!A0`],
  ['-2+3', `'-2+3`],
  ['@SUM(A1:A9)', `'@SUM(A1:A9)`],
  ['\t=1', `'\t=1`],
  ['\r=1', `'\r=1`],
  ['Youth Dakar 18-24', 'Youth Dakar 18-24'],
  [-0.0534, '-0.0534'],
  [12, '12'],
  ['', ''],
  [null, ''],
];
for (const [cell, expected] of cases) {
  test(`a cell ${JSON.stringify(cell)} is exported as ${JSON.stringify(expected)}`, () => {
    const csv = toCsv([['value'], [cell]]);
    const read = (parse(csv, { relax_quotes: true }) as string[][])[1]?.[0];
    assert.equal(read, expected);
  });
}

test('quotes, commas and line breaks survive a round trip', () => {
  const rows = [
    ['a', 'b'],
    ['say "no", twice', 'line\nbreak'],
  ];
  assert.deepEqual(parse(toCsv(rows)), rows);
});
