import { z } from 'zod';
import { findLanguage } from '../../i18n/languages.ts';
import { LanguageCodeSchema } from './common.ts';

/**
 * How a search must match a keyword for the ad to show (Google Ads' match types): broad (related
 * searches), phrase (the words in this order, with others around them), exact (this search, near variants).
 */
export const MATCH_TYPES = ['broad', 'phrase', 'exact'] as const;
export type MatchType = (typeof MATCH_TYPES)[number];

// Google Ads refuses keywords over 80 characters or 10 words, and these characters in them; match-type
// punctuation ("…", […], +) is refused too, because the match type is its own field here.
const KEYWORD_FORBIDDEN = /[!@%^*=(){}[\];~`<>?\\|"+,]/u;

/**
 * What someone types into a search engine, in the list's language, without match-type punctuation.
 * @example "boza"
 */
export const KeywordSchema = z
  .string()
  .trim()
  .min(1)
  .max(80, { error: 'expected at most 80 characters: Google Ads refuses longer keywords' })
  .refine((k) => k.split(/\s+/u).length <= 10, {
    error: 'expected at most 10 words: Google Ads refuses longer keywords',
  })
  .refine((k) => !KEYWORD_FORBIDDEN.test(k) && !k.startsWith('-'), {
    error:
      'expected words only, without quotes, brackets, symbols (! @ % ^ * = ( ) { } [ ] ; ~ < > ? | " + ,) or a leading -: the match type goes in the list\'s "match" field, negatives in "negative"',
  });

export const KeywordListSchema = z.strictObject({
  /**
   * What these searches are after, in a few words; the report sums impressions, clicks and cost per theme.
   * @example "smuggler contact"
   */
  theme: z.string().trim().min(1).max(60),
  /**
   * Language the keywords are written in (the script of its letters is checked against it).
   * @example "wo"
   */
  language: LanguageCodeSchema,
  /**
   * How searches must match these keywords.
   * @example "phrase"
   */
  match: z.enum(MATCH_TYPES).default('phrase'),
  /**
   * The searches to answer.
   * @example ["boza", "boza kanaari", "loco boza"]
   */
  keywords: z.array(KeywordSchema).min(1),
  /**
   * Searches that contain these words do not show the ad (exported as negative phrase match).
   * @example ["boza song", "boza lyrics"]
   */
  negative: z.array(KeywordSchema).default([]),
  /**
   * Language of the landing page these searches lead to; it must be published. Default: the list's language.
   * @example "fr"
   */
  page: LanguageCodeSchema.optional(),
});

/** The Redirect Method for one audience: search ads placed on what people type when they look for a smuggler or a too-good job. */
export const RedirectSchema = z.strictObject({
  /**
   * Keyword lists, one per theme and language.
   * @example [{ theme: "smuggler contact", language: "wo", match: "phrase", keywords: ["boza"] }]
   */
  lists: z.array(KeywordListSchema).min(1),
});

export type KeywordList = z.output<typeof KeywordListSchema>;

/** One form per keyword for comparisons: Unicode NFC, lower case, single spaces (Google Ads ignores case). */
export function normaliseKeyword(keyword: string): string {
  return keyword.normalize('NFC').toLocaleLowerCase('und').replace(/\s+/gu, ' ').trim();
}

/** ISO 15924 codes the registry uses that are not Unicode Script property values (Hans and Hant are written in Han). */
const UNICODE_SCRIPT: Record<string, string> = { Hans: 'Hani', Hant: 'Hani' };
const scriptPatterns = new Map<string, RegExp>();
const SCRIPT_NAMES: Record<string, string> = {
  Latn: 'Latin',
  Arab: 'Arabic',
  Cyrl: 'Cyrillic',
  Ethi: "Ge'ez (Ethiopic)",
  Adlm: 'Adlam',
  Hans: 'simplified Chinese (Han)',
  Hant: 'traditional Chinese (Han)',
  Hebr: 'Hebrew',
};

/**
 * The letters of a keyword that are not in its language's script (registry `script`), by Unicode
 * Script_Extensions, so marks and signs shared between scripts count for each of them. Digits and
 * punctuation have no script and always fit.
 * @example lettersOutsideScript('работа', 'en') // ['р', 'а', 'б', 'о', 'т', 'а']
 */
export function lettersOutsideScript(keyword: string, language: string): string[] {
  const script = findLanguage(language)?.script;
  if (!script) return [];
  const code = UNICODE_SCRIPT[script] ?? script;
  let fits = scriptPatterns.get(code);
  if (!fits) {
    fits = new RegExp(`[\\p{scx=${code}}\\p{scx=Zyyy}\\p{scx=Zinh}]`, 'u');
    scriptPatterns.set(code, fits);
  }
  return [...keyword.normalize('NFC')].filter((ch) => /\p{L}|\p{M}/u.test(ch) && !fits.test(ch));
}

interface RedirectCampaign {
  languages: { published: readonly string[] };
  channels: readonly string[];
  audiences: readonly { id: string; redirect?: { lists: readonly KeywordList[] } | undefined }[];
}

/**
 * The redirect rules that involve more than one field: each landing page is published, each keyword
 * is in its language's script, no keyword is bought twice (same text, match type and language: two ad
 * groups would bid against each other and the report could not say which audience a search was), and
 * the campaign lists the search channel (its tracked links are the ads' final URLs).
 */
export function checkRedirect(
  c: RedirectCampaign,
  issue: (path: (string | number)[], message: string) => void,
): void {
  const seen = new Map<string, string>();
  let any = false;
  c.audiences.forEach((a, ai) => {
    a.redirect?.lists.forEach((list, li) => {
      any = true;
      const at = (...rest: (string | number)[]) => ['audiences', ai, 'redirect', 'lists', li, ...rest];
      const page = list.page ?? list.language;
      if (!c.languages.published.includes(page)) {
        issue(
          at(list.page ? 'page' : 'language'),
          `the landing page in "${page}" is not published, so these searches would lead nowhere; publish "${page}" (languages.published) or set page to one of: ${c.languages.published.join(', ')}`,
        );
      }
      const code = findLanguage(list.language)?.script ?? '';
      const script = SCRIPT_NAMES[code] ?? code;
      const checkScript = (field: 'keywords' | 'negative') =>
        list[field].forEach((k, ki) => {
          const outside = lettersOutsideScript(k, list.language);
          if (outside.length)
            issue(
              at(field, ki),
              `"${k}" has letters (${[...new Set(outside)].join(' ')}) outside the ${script} script of "${list.language}"; write it in ${script} script, or move it to a list of the language it is written in`,
            );
        });
      checkScript('keywords');
      checkScript('negative');
      list.keywords.forEach((k, ki) => {
        const key = `${list.language}\u0000${list.match}\u0000${normaliseKeyword(k)}`;
        const where = `audience "${a.id}", list ${li + 1} ("${list.theme}")`;
        const first = seen.get(key);
        if (first)
          issue(
            at('keywords', ki),
            `${list.match} keyword "${k}" (${list.language}) is already in ${first}; one search can lead to one audience only, so remove one of them`,
          );
        else seen.set(key, where);
      });
    });
  });
  if (any && !c.channels.includes('search')) {
    const ai = c.audiences.findIndex((a) => a.redirect);
    issue(
      ['audiences', ai, 'redirect'],
      'redirect keywords need the "search" channel: its tracked links are the final URLs of the search ads, so add search to channels',
    );
  }
}
