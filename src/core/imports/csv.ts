import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { parse } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';

export interface CsvRow {
  /** 1-based line number in the file, for error messages. */
  line: number;
  cells: string[];
}

export interface CsvFile {
  delimiter: string;
  /** `;`-delimited files come from locales that write decimal commas. */
  decimalComma: boolean;
  headers: string[];
  headerLine: number;
  rows: AsyncIterable<CsvRow>;
  /** Bytes read so far, for progress. */
  bytesRead(): number;
  /** Closes the file when the rows will not be read. */
  close(): void;
}

const DELIMITERS = [',', ';', '\t'];

/** The first 30 lines of a file split with each usual delimiter: where a header row may be. */
export async function headerCandidates(
  path: string,
): Promise<{ line: number; delimiter: string; cells: string[] }[]> {
  const fh = await open(path, 'r');
  const buf = Buffer.alloc(65536);
  const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
  await fh.close();
  const head = buf
    .subarray(0, bytesRead)
    .toString('utf8')
    .replace(/^\uFEFF/, '');
  const lines = head.split(/\r?\n/).slice(0, 30);
  const out: { line: number; delimiter: string; cells: string[] }[] = [];
  for (let i = 0; i < lines.length; i++) {
    for (const delimiter of DELIMITERS) {
      if (!lines[i]!.includes(delimiter)) continue;
      try {
        out.push({
          line: i + 1,
          delimiter,
          cells: (parseSync(lines[i]!, { delimiter, relax_quotes: true }) as string[][])[0] ?? [],
        });
      } catch {}
    }
  }
  return out;
}

/**
 * Opens an export as a stream of rows. The header row is the first of the first 30 lines that
 * `isHeader` accepts with one of the usual delimiters, so preambles (Google Ads' report title and
 * date range) are skipped and the delimiter is found without guessing from data.
 */
export async function openCsv(
  path: string,
  isHeader: (cells: string[]) => boolean,
): Promise<CsvFile | undefined> {
  const found = (await headerCandidates(path)).find((c) => isHeader(c.cells));
  if (!found) return undefined;
  const { line, delimiter, cells } = found;
  const stream = createReadStream(path);
  const parser = stream.pipe(
    parse({
      delimiter,
      bom: true,
      from_line: line + 1,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      info: true,
    }),
  );
  async function* rows(): AsyncIterable<CsvRow> {
    try {
      for await (const { record, info } of parser as AsyncIterable<{
        record: string[];
        info: { lines: number };
      }>) {
        yield { line: info.lines, cells: record };
      }
    } finally {
      // An import that stops early (a problem of the whole file) closes the file at once.
      stream.destroy();
    }
  }
  return {
    delimiter,
    decimalComma: delimiter === ';',
    headers: cells,
    headerLine: line,
    rows: rows(),
    bytesRead: () => stream.bytesRead,
    close: () => void stream.destroy(),
  };
}
