import { WEEKDAYS, type Weekday } from '../campaign/weekdays.ts';

// 2027-02-01 is a Monday; any fixed week works for day names.
const dayDate = (d: Weekday) => new Date(Date.UTC(2027, 1, 1 + WEEKDAYS.indexOf(d)));

/** Groups days into runs: mon,tue,wed,fri → [[mon,wed],[fri,fri]]. */
function runs(days: readonly Weekday[]): [Weekday, Weekday][] {
  const idx = [...new Set(days.map((d) => WEEKDAYS.indexOf(d)))].sort((a, b) => a - b);
  const out: [Weekday, Weekday][] = [];
  for (const i of idx) {
    const last = out[out.length - 1];
    if (last && WEEKDAYS.indexOf(last[1]) === i - 1) last[1] = WEEKDAYS[i]!;
    else out.push([WEEKDAYS[i]!, WEEKDAYS[i]!]);
  }
  return out;
}

// Intl constructors are slow (they load locale data); a build formats hours on thousands of pages.
const cache = new Map<string, { fmt: Intl.DateTimeFormat; list: Intl.ListFormat }>();
function formatters(locale: string) {
  let f = cache.get(locale);
  if (!f) {
    f = {
      fmt: new Intl.DateTimeFormat(locale, { weekday: 'short', timeZone: 'UTC' }),
      list: new Intl.ListFormat(locale, { style: 'long', type: 'conjunction' }),
    };
    cache.set(locale, f);
  }
  return f;
}

/**
 * Day names in the reader's language, with runs shortened: "lun.–ven., sam." (fr).
 * Uses Intl with the registry's Intl locale, so no day name has to be translated by hand.
 */
export function formatDays(days: readonly Weekday[], intlLocale: string): string {
  const { fmt, list } = formatters(intlLocale);
  return list.format(
    runs(days).map(([a, b]) =>
      a === b ? fmt.format(dayDate(a)) : `${fmt.format(dayDate(a))}–${fmt.format(dayDate(b))}`,
    ),
  );
}
