import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stringify } from 'csv-stringify/sync';

/** Text made safe for HTML content and attribute values. */
export function escapeHtml(value: unknown): string {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/**
 * A CSV table (RFC 4180, by csv-stringify). Cells that a spreadsheet would run as a formula — text
 * starting with `=`, `+`, `-`, `@`, tab or carriage return, as an imported ad-set name or inquiry topic
 * may — are prefixed with `'` (OWASP, CSV injection); numbers, negative ones included, stay numbers.
 */
export function toCsv(rows: readonly (readonly unknown[])[]): string {
  return stringify(rows as unknown[][], {
    escape_formulas: true,
    record_delimiter: 'unix',
    cast: { boolean: (v) => (v ? 'true' : 'false') },
  });
}

/** SHA-256 of a file, streamed (import ledgers recognise a file already imported by it). */
export async function hashFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
