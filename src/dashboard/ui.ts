import { isDashboardLanguage, type DashboardLanguage } from '../core/auth/index.ts';
import { directionOf, type TFunction } from '../core/i18n/index.ts';
import { formattersFor, sayWith, type Formatters } from '../core/report/intl.ts';

/** One page's language: its code and direction, its strings and its number and date formats. */
export interface Ui {
  lang: DashboardLanguage;
  dir: 'ltr' | 'rtl';
  t: TFunction;
  fmt: Formatters;
  /** A count's display from the report in this language: "withheld" and "<10" translated, numbers formatted. */
  shown(display: string): string;
  /** A message of the report (key and values) in this language, its figures formatted (`sayWith`). */
  say(key: string, values?: Record<string, unknown>): string;
}

/** The Ui of a language, from the strings of one (`t`, from the shared i18next instance). */
export function uiFor(language: string, t: (language: string) => TFunction): Ui {
  const lang = isDashboardLanguage(language) ? language : 'en';
  const fixed = t(lang);
  const fmt = formattersFor(lang);
  const shown = (display: string) => {
    if (display === 'withheld') return fixed('dashboard.count.withheld');
    const below = /^<(\d+)$/.exec(display);
    if (below) return `<${fmt.number(Number(below[1]))}`;
    const n = /^-?[\d,]+(\.\d+)?$/.test(display) ? Number(display.replaceAll(',', '')) : NaN;
    return Number.isFinite(n)
      ? fmt.number(n, display.includes('.') ? display.split('.')[1]!.length : 0)
      : display;
  };
  return { lang, dir: directionOf(lang), t: fixed, fmt, shown, say: sayWith(fixed, fmt) };
}
