/** Counts below this are never shown from first-party or survey data. */
export const SUPPRESS_BELOW = 10;

export interface Cell {
  key: string;
  count: number;
}

export interface ShownCell extends Cell {
  /** "<10" when withheld for being small, "withheld" when withheld to protect another cell, else the count. */
  display: string;
  suppressed: boolean;
  /** Suppressed only so that the others cannot be worked out from the total. */
  secondary: boolean;
}

/** What a cell withheld to protect another one says: not "<10", which would be untrue of a 12. */
export const WITHHELD = 'withheld';

/**
 * Small-count suppression for a breakdown whose total is shown: every count below 10 is shown as "<10"
 * (primary); then, while the hidden cells are only one, or add up to less than 10, the next smallest
 * shown cell is hidden too (secondary, shown as "withheld"), so that total minus the shown cells gives
 * neither a hidden cell nor a small sum of them.
 * Reference: UK Office for National Statistics, "Statistical disclosure control" guidance; Hundepool et
 * al. (2012), Statistical Disclosure Control, Wiley, ch. 4 (cell suppression).
 */
export function suppressSmallCounts(cells: readonly Cell[], threshold = SUPPRESS_BELOW): ShownCell[] {
  const out: ShownCell[] = cells.map((c) => ({
    ...c,
    display: String(c.count),
    suppressed: c.count < threshold,
    secondary: false,
  }));
  const hidden = () => out.filter((c) => c.suppressed);
  while (
    hidden().length > 0 &&
    (hidden().length === 1 || hidden().reduce((s, c) => s + c.count, 0) < threshold)
  ) {
    const next = out.filter((c) => !c.suppressed).sort((a, b) => a.count - b.count)[0];
    if (!next) break;
    next.suppressed = true;
    next.secondary = true;
  }
  for (const c of out) if (c.suppressed) c.display = c.secondary ? WITHHELD : `<${threshold}`;
  return out;
}

/** One count on its own: "<10" below the threshold. */
export function displayCount(count: number, threshold = SUPPRESS_BELOW): string {
  return count < threshold ? `<${threshold}` : String(count);
}
