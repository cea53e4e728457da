/**
 * The language registry: every language Counterpoint can publish a page in.
 *
 * Direction comes from the script, not the language: Dari and Pashto are written in Arabic script
 * (right to left) while, say, Fulfulde in Latin script is not. `fallback` is the chain of languages a
 * reader of this language most likely also reads, used when a UI string or a shared core message is not
 * yet translated; English ends every chain because it is the source of every UI string.
 */
export interface Language {
  /** BCP 47 tag as used in URLs, file names and `lang` attributes. */
  code: string;
  /** The language's own name for itself, shown in the language chooser. */
  endonym: string;
  /** English name, for authors and evaluators. */
  name: string;
  /** ISO 15924 script code. */
  script: string;
  dir: 'ltr' | 'rtl';
  /** Languages to fall back to, in order, before English. */
  fallback: readonly string[];
  /** Locale for Intl (day names, numbers) where CLDR knows the language under another tag. */
  intl: string;
}

const RTL_SCRIPTS = new Set(['Arab', 'Hebr', 'Thaa', 'Syrc', 'Nkoo', 'Adlm', 'Rohg']);

function language(
  code: string,
  endonym: string,
  name: string,
  script: string,
  fallback: string[] = [],
  intl = code,
): Language {
  return { code, endonym, name, script, dir: RTL_SCRIPTS.has(script) ? 'rtl' : 'ltr', fallback, intl };
}

export const LANGUAGES: readonly Language[] = [
  language('en', 'English', 'English', 'Latn'),
  language('fr', 'Français', 'French', 'Latn'),
  language('wo', 'Wolof', 'Wolof', 'Latn', ['fr']),
  language('ar', 'العربية', 'Arabic', 'Arab', ['fr']),
  language('prs', 'دری', 'Dari', 'Arab', ['fa', 'ps'], 'fa-AF'),
  language('fa', 'فارسی', 'Persian', 'Arab', ['prs']),
  language('ps', 'پښتو', 'Pashto', 'Arab', ['prs']),
  language('ur', 'اردو', 'Urdu', 'Arab'),
  language('ti', 'ትግርኛ', 'Tigrinya', 'Ethi', ['am']),
  language('am', 'አማርኛ', 'Amharic', 'Ethi'),
  language('so', 'Soomaali', 'Somali', 'Latn'),
  language('ha', 'Hausa', 'Hausa', 'Latn', ['fr']),
  language('ff-Adlm', '𞤊𞤵𞤤𞤬𞤵𞤤𞤣𞤫', 'Fulfulde (Adlam)', 'Adlm', ['ff-Latn', 'fr']),
  language('ff-Latn', 'Fulfulde', 'Fulfulde (Latin)', 'Latn', ['fr']),
  language('uk', 'Українська', 'Ukrainian', 'Cyrl', ['ru']),
  language('ru', 'Русский', 'Russian', 'Cyrl'),
  language('zh-Hans', '简体中文', 'Chinese (Simplified)', 'Hans'),
];

const BY_CODE = new Map(LANGUAGES.map((l) => [l.code, l]));

export const LANGUAGE_CODES = LANGUAGES.map((l) => l.code);

/** The registry entry for a code, or undefined when Counterpoint does not know the language. */
export function findLanguage(code: string): Language | undefined {
  return BY_CODE.get(code);
}

/** The registry entry for a code that was already validated; throws on a programming error. */
export function getLanguage(code: string): Language {
  const lang = BY_CODE.get(code);
  if (!lang) throw new Error(`language ${code} is not in the registry`);
  return lang;
}

/** Text direction of a language; never guesses 'rtl' for an unknown code (unlike i18next.dir()). */
export function directionOf(code: string): 'ltr' | 'rtl' {
  return BY_CODE.get(code)?.dir ?? 'ltr';
}

/**
 * The full fallback chain for a language: itself, its declared fallbacks (and theirs), then English.
 * @example fallbackChain('wo') // ['wo', 'fr', 'en']
 */
export function fallbackChain(code: string): string[] {
  const chain: string[] = [];
  const visit = (c: string) => {
    if (chain.includes(c)) return;
    chain.push(c);
    for (const next of BY_CODE.get(c)?.fallback ?? []) visit(next);
  };
  visit(code);
  if (!chain.includes('en')) chain.push('en');
  return chain;
}
