import { directionOf } from '../i18n/languages.ts';
import { KEY_LIST } from '../i18n/messages.ts';
import type { TFunction } from '../i18n/index.ts';

/**
 * Numbers, percentages, money and dates as a reader of one language writes them, through `Intl` (no
 * hand-written separators). The dashboards and the HTML/PDF report take one `Formatters` per page.
 *
 * Arabic uses Latin digits (`ar-u-nu-latn`, which is also CLDR's default for plain `ar`): the
 * evaluators reading Arabic here work in North and West Africa, where Arabic text is written with Latin
 * digits, and a figure in the report must match the same figure in the CSV and JSON exports and in the
 * charts' axes character for character. The digits are pinned so that an ICU update cannot switch them.
 */
export interface Formatters {
  /** The BCP 47 locale `Intl` is given. */
  locale: string;
  /** A count or amount; "—" for none. @example number(1234.5, 1) // "1,234.5" (en), "1 234,5" (fr) */
  number(v: number | null | undefined, digits?: number): string;
  /** A share (0.123) as a percentage; "—" for none. @example percent(0.123) // "12.3%" (en), "12,3 %" (fr) */
  percent(v: number | null | undefined): string;
  /** An amount in a currency (ISO 4217); without one, a plain number with two decimals. */
  money(v: number | null | undefined, currency: string | null | undefined): string;
  /** A calendar day (`2027-03-01`) in words: "1 March 2027" (en), "1 mars 2027" (fr). */
  date(day: string | null | undefined): string;
  /** A calendar day, short, for tables: "1 Feb 2027" (en), "1 févr. 2027" (fr). */
  day(day: string | null | undefined): string;
  /** An instant (ISO 8601) with its time, in UTC: the report says when it was generated. */
  dateTime(iso: string): string;
  /** A range as "lower – upper", one figure when both ends print the same; "—" for none. */
  range(r: { lower: number; upper: number } | null | undefined, f: (v: number) => string): string;
  /** A p-value: "0.62", "0.048", "< 0.001" in the language's digits and separator; "—" for no test. */
  p(v: number | null | undefined): string;
  /** An effect or bound in its units: "5.3 pp" for a share, "0.21" on a scale; "—" for none. */
  effect(v: number | null | undefined, kind: 'share' | 'mean', pp: string): string;
}

const LOCALES: Record<string, string> = { en: 'en-GB', fr: 'fr-FR', ar: 'ar-u-nu-latn' };

const none = (v: number | null | undefined): v is null | undefined =>
  v === null || v === undefined || !Number.isFinite(v);

function calendar(day: string | null | undefined, format: Intl.DateTimeFormat): string {
  if (!day || !/^\d{4}-\d{2}-\d{2}$/.test(day)) return day || '—';
  const d = new Date(`${day}T00:00:00Z`);
  return Number.isNaN(d.getTime()) ? day : format.format(d);
}

/** Formatters for a dashboard language (`en`, `fr`, `ar`); any other code gets its own `Intl` locale. */
export function formattersFor(language: string): Formatters {
  const locale = LOCALES[language] ?? language;
  const numbers = new Map<number, Intl.NumberFormat>();
  const numberFormat = (digits: number) => {
    let f = numbers.get(digits);
    if (!f)
      numbers.set(
        digits,
        (f = new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits })),
      );
    return f;
  };
  const percentFormat = new Intl.NumberFormat(locale, {
    style: 'percent',
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  });
  // Dates are calendar days, so they are formatted in UTC: no time zone can move them a day.
  const dateFormat = new Intl.DateTimeFormat(locale, {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
  const dayFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
  const dateTimeFormat = new Intl.DateTimeFormat(locale, {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: 'UTC',
  });
  const fmt: Formatters = {
    locale,
    number: (v, digits = 0) => (none(v) ? '—' : numberFormat(digits).format(v)),
    percent: (v) => (none(v) ? '—' : percentFormat.format(v)),
    money(v, currency) {
      if (none(v)) return '—';
      if (!currency || !/^[A-Z]{3}$/.test(currency)) return numberFormat(2).format(v);
      return new Intl.NumberFormat(locale, { style: 'currency', currency, currencyDisplay: 'code' }).format(
        v,
      );
    },
    date: (day) => calendar(day, dateFormat),
    day: (day) => calendar(day, dayFormat),
    dateTime(iso) {
      const d = new Date(iso);
      return Number.isNaN(d.getTime()) ? iso : `${dateTimeFormat.format(d)} UTC`;
    },
    range(r, f) {
      if (!r) return '—';
      const [a, b] = [f(r.lower), f(r.upper)];
      return a === b ? a : `${a} – ${b}`;
    },
    p(v) {
      if (none(v)) return '—';
      // Three decimals near the usual thresholds (0.048 is not 0.05), two above, as formatP does.
      return v < 0.001 ? `< ${numberFormat(3).format(0.001)}` : numberFormat(v < 0.1 ? 3 : 2).format(v);
    },
    effect(v, kind, pp) {
      if (none(v)) return '—';
      return kind === 'share' ? `${numberFormat(1).format(v * 100)} ${pp}` : numberFormat(2).format(v);
    },
  };
  return fmt;
}

/**
 * A message of the report (a key with values, see MessageSchema) in one language: values are formatted
 * by their name before i18next interpolates them, so digits and separators match the rest of the page:
 * `days…` (daysMedian) as days, one decimal where not whole, `p…` (pBootstrap) as a p-value, `se…` with four decimals, `n…` (nClusters) as a count, `pp…` as percentage points of a share,
 * other numbers with two decimals; strings as they are, except a string "$t:key1,key2" (`keyList`), which is
 * each key in this language, joined as the language joins a list ("A, B and C", « A, B et C »). In a
 * right-to-left language other strings are isolated with FSI … PDI (U+2068, U+2069).
 */
export function sayWith(
  t: TFunction,
  fmt: Formatters,
): (key: string, values?: Record<string, unknown>) => string {
  // In a right-to-left language, a value written left to right (an id, a fraction, a list of audiences)
  // is isolated (FSI … PDI, as <bdi> does), so its punctuation stays with it and not with the sentence.
  const isolate =
    directionOf(fmt.locale.split('-')[0]!) === 'rtl' ? (v: unknown) => `\u2068${v}\u2069` : (v: unknown) => v;
  return (key, values = {}) => {
    const shown: Record<string, unknown> = {};
    for (const [name, v] of Object.entries(values)) {
      if (typeof v === 'string' && v.startsWith(KEY_LIST))
        shown[name] = new Intl.ListFormat(fmt.locale, { type: 'conjunction' }).format(
          v
            .slice(KEY_LIST.length)
            .split(',')
            .filter(Boolean)
            .map((k) => t(k)),
        );
      else if (typeof v !== 'number') shown[name] = isolate(v);
      else if (/^days[A-Z]/.test(name)) shown[name] = fmt.number(v, Number.isInteger(v) ? 0 : 1);
      else if (/^pp[A-Z]/.test(name)) shown[name] = fmt.number(v * 100, 1);
      else if (/^p[A-Z]/.test(name)) shown[name] = fmt.p(v);
      else if (/^se[A-Z]/.test(name)) shown[name] = fmt.number(v, 4);
      else if (/^n[A-Z]/.test(name)) shown[name] = fmt.number(v, 0);
      else shown[name] = fmt.number(v, 2);
    }
    return t(key, shown);
  };
}
