import { SUPPRESS_BELOW, suppressSmallCounts } from '../stats/index.ts';
import type { Count } from './schema.ts';

/** A count as the report carries it: withheld below 10 when it comes from people's own data. */
export function count(value: number, firstParty: boolean): Count {
  const v = Math.round(value);
  if (firstParty && v < SUPPRESS_BELOW)
    return { value: null, display: `<${SUPPRESS_BELOW}`, suppressed: true };
  return { value: v, display: v.toLocaleString('en'), suppressed: false };
}

/** A breakdown of first-party counts with primary and secondary suppression. */
export function countBreakdown(cells: { key: string; value: number }[]): { key: string; count: Count }[] {
  return suppressSmallCounts(cells.map((c) => ({ key: c.key, count: Math.round(c.value) }))).map((c) => ({
    key: c.key,
    count: c.suppressed
      ? { value: null, display: c.display, suppressed: true }
      : { value: c.count, display: c.count.toLocaleString('en'), suppressed: false },
  }));
}
