export {
  LANGUAGES,
  LANGUAGE_CODES,
  directionOf,
  fallbackChain,
  findLanguage,
  getLanguage,
  type Language,
} from './languages.ts';
export {
  SOURCE_LOCALE,
  checkLocales,
  createI18n,
  readLocales,
  unknownLocaleCodes,
  type LocaleFile,
  type LocaleReport,
  type Strings,
  type TFunction,
} from './locales.ts';
