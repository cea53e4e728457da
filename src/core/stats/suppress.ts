/** Counts below this are never shown from first-party or survey data. */
export const SUPPRESS_BELOW = 10;

export interface Cell {
  key: string;
  count: number;
}

export interface ShownCell extends Cell {
  /** "<10" when suppressed, else the count as text. */
  display: string;
  suppressed: boolean;
  /** Suppressed only so that the others cannot be worked out from the total. */
  secondary: boolean;
}

/**
 * Small-count suppression for a breakdown whose total is shown: every count below 10 is shown as "<10"
 * (primary), and when that leaves exactly one hidden cell, the next smallest cell is hidden too
 * (secondary), so the hidden one cannot be recovered as total minus the rest.
 * Reference: UK Office for National Statistics, "Statistical disclosure control" guidance; Hundepool et
 * al. (2012), Statistical Disclosure Control, Wiley, ch. 4 (cell suppression).
 */
export function suppressSmallCounts(cells: readonly Cell[], threshold = SUPPRESS_BELOW): ShownCell[] {
  const out: ShownCell[] = cells.map((c) => ({ ...c, display: String(c.count), suppressed: c.count < threshold, secondary: false }));
  const hidden = out.filter((c) => c.suppressed);
  if (hidden.length === 1) {
    const next = out.filter((c) => !c.suppressed).sort((a, b) => a.count - b.count)[0];
    if (next) {
      next.suppressed = true;
      next.secondary = true;
    }
  }
  for (const c of out) if (c.suppressed) c.display = `<${threshold}`;
  return out;
}

/** One count on its own: "<10" below the threshold. */
export function displayCount(count: number, threshold = SUPPRESS_BELOW): string {
  return count < threshold ? `<${threshold}` : String(count);
}
