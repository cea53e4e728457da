import { isDashboardLanguage, type DashboardLanguage } from '../core/auth/index.ts';
import { directionOf, type TFunction } from '../core/i18n/index.ts';
import { formattersFor, type Formatters } from '../core/report/intl.ts';

/** One page's language: its code and direction, its strings and its number and date formats. */
export interface Ui {
  lang: DashboardLanguage;
  dir: 'ltr' | 'rtl';
  t: TFunction;
  fmt: Formatters;
}

/** The Ui of a language, from the strings of one (`t`, from the shared i18next instance). */
export function uiFor(language: string, t: (language: string) => TFunction): Ui {
  const lang = isDashboardLanguage(language) ? language : 'en';
  return { lang, dir: directionOf(lang), t: t(lang), fmt: formattersFor(lang) };
}
