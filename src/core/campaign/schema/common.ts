import { z } from 'zod';
import { LANGUAGE_CODES } from '../../i18n/languages.ts';

/**
 * A lower-case identifier used in URLs and file names.
 * @example "safe-journeys-senegal-2027"
 */
export const SlugSchema = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, {
  error: 'expected a slug: lower-case letters a-z, digits and single hyphens, like "safe-journeys-2027"',
});

/**
 * A language Counterpoint knows, as a BCP 47 tag from the language registry (`src/core/i18n/languages.ts`).
 * @example "fr"
 * @example "prs"
 */
export const LanguageCodeSchema = z.enum(LANGUAGE_CODES as [string, ...string[]]);

/**
 * A country as an ISO 3166-1 alpha-2 code, upper case.
 * @example "SN"
 */
export const CountryCodeSchema = z.string().regex(/^[A-Z]{2}$/, {
  error: 'expected an ISO 3166-1 alpha-2 country code in capitals, like "SN" or "AF"',
});

/**
 * A calendar date, YYYY-MM-DD.
 * @example "2027-02-01"
 */
export const DateSchema = z.iso.date({ error: 'expected a date as YYYY-MM-DD, like "2027-02-01"' });

/**
 * Text that may be given once (in the campaign's default language) or per language.
 * @example "Dakar help desk"
 * @example { fr: "Bureau d'aide de Dakar", en: "Dakar help desk" }
 */
export const LocalizedTextSchema = z.union([
  z.string().min(1),
  z.partialRecord(LanguageCodeSchema, z.string().min(1)),
]);

/**
 * A web address that readers can open safely.
 * @example "https://example.org/legal-pathways"
 */
export const HttpsUrlSchema = z.url({
  protocol: /^https$/,
  error: 'expected a full https:// address, like "https://example.org/page"',
});
