import { z } from 'zod';
import { CountryCodeSchema, LanguageCodeSchema, LocalizedTextSchema, SlugSchema } from './common.ts';

import { WEEKDAYS } from '../weekdays.ts';

export { WEEKDAYS };

const TimeSchema = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'expected a 24-hour time as HH:MM, like "09:00"' });

export const OpeningHoursSchema = z.strictObject({
  /**
   * Days these hours apply to.
   * @example ["mon", "tue", "wed", "thu", "fri"]
   */
  days: z.array(z.enum(WEEKDAYS)).min(1),
  /** @example "09:00" */
  opens: TimeSchema,
  /** @example "17:00" */
  closes: TimeSchema,
});

/**
 * An international phone number: "+", the country code, then digits; spaces allowed for reading.
 * @example "+221 33 000 00 00"
 */
export const PhoneSchema = z.string().regex(/^\+[1-9][0-9 ]{6,18}$/, {
  error: 'expected an international number starting with + and the country code, like "+221 33 000 00 00"',
});

export const ContactPointSchema = z.strictObject({
  /**
   * Identifier used by the inquiries import.
   * @example "sn-dakar-help"
   */
  id: SlugSchema,
  /**
   * Country this contact point serves (ISO 3166-1 alpha-2).
   * @example "SN"
   */
  country: CountryCodeSchema,
  /**
   * The organisation that answers.
   * @example "Dakar Migration Help Desk (example)"
   */
  organisation: LocalizedTextSchema,
  /**
   * Number to call; shown as a tap-to-call link.
   * @example "+221 33 000 00 00"
   */
  phone: PhoneSchema.optional(),
  /**
   * WhatsApp number; shown as a tap-to-chat link.
   * @example "+221 77 000 00 00"
   */
  whatsapp: PhoneSchema.optional(),
  /** @example "help@example.org" */
  email: z.email({ error: 'expected an e-mail address, like "help@example.org"' }).optional(),
  /** @example "Rue 10, Médina, Dakar" */
  address: LocalizedTextSchema.optional(),
  /**
   * When someone answers, in local time.
   * @example [{ days: ["mon", "tue", "wed", "thu", "fri"], opens: "09:00", closes: "17:00" }]
   */
  hours: z.array(OpeningHoursSchema).default([]),
  /**
   * Languages spoken at the contact point.
   * @example ["wo", "fr"]
   */
  languages: z.array(LanguageCodeSchema).min(1),
});
