import {
  DIMENSIONS,
  openStore,
  queryTotals,
  rollupSiteEvents,
  type Dimension,
  type TotalsRow,
} from '../core/metrics/index.ts';
import { toCsv } from '../core/text.ts';
import { parseArgs, UsageError } from './args.ts';
import { campaignArg } from './campaign-arg.ts';

const round = (v: number) => Math.round(v * 100) / 100;

/** Renders rows as an aligned text table, numbers right-aligned. */
export function formatTable(rows: TotalsRow[], dims: readonly string[]): string {
  const header = [...dims, 'value'];
  const body = rows.map((r) => [
    ...dims.map((d) => String(r[d as Dimension] ?? '')),
    round(r.value).toLocaleString('en'),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === cells.length - 1 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}

/** counterpoint totals <campaign> [--by source,metric,…] [--format table|json|csv] */
export async function runTotals(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  const campaign = campaignArg(args.positional[0]);
  const by = (args.get('by') ?? 'source,metric')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = by.filter((d) => !(DIMENSIONS as readonly string[]).includes(d));
  if (bad.length)
    throw new UsageError(
      `--by ${bad.join(',')}: expected a comma-separated list of ${DIMENSIONS.join(', ')}`,
    );
  const format = args.get('format') ?? 'table';
  if (!['table', 'json', 'csv'].includes(format))
    throw new UsageError(`--format ${format}: expected table, json or csv`);
  const store = await openStore();
  try {
    await rollupSiteEvents(store, campaign.id);
    const rows = await queryTotals(store, campaign.id, by as Dimension[]);
    if (format === 'json')
      console.log(
        JSON.stringify(
          rows.map((r) => ({ ...r, value: round(r.value) })),
          null,
          2,
        ),
      );
    else if (format === 'csv')
      process.stdout.write(
        toCsv([[...by, 'value'], ...rows.map((r) => [...by.map((d) => r[d as Dimension]), round(r.value)])]),
      );
    else
      console.log(
        rows.length
          ? formatTable(rows, by)
          : `no facts yet for ${campaign.id}: import an export with counterpoint import`,
      );
    return 0;
  } finally {
    await store.close();
  }
}
