import { z } from 'zod';
import { PhoneSchema } from './contact-point.ts';

/**
 * The campaign's Telegram bot. Its token and webhook secret are never in a file: the server reads them
 * from TELEGRAM_BOT_TOKEN and TELEGRAM_WEBHOOK_SECRET.
 */
export const TiplineTelegramSchema = z.strictObject({
  /**
   * The bot's username (without @), for tracked links `https://t.me/<bot>?start=<code>`.
   * @example "SafeJourneysSnBot"
   */
  bot: z.string().regex(/^[A-Za-z][A-Za-z0-9_]{3,31}$/, {
    error: 'expected a Telegram bot username of 4–32 letters, digits or _, like "SafeJourneysSnBot"',
  }),
});

/**
 * The campaign's WhatsApp Business number (Cloud API). Its access token, app secret and verify token are
 * never in a file: the server reads WHATSAPP_TOKEN, WHATSAPP_APP_SECRET and WHATSAPP_VERIFY_TOKEN.
 */
export const TiplineWhatsappSchema = z.strictObject({
  /**
   * The business number readers write to, for tracked links `https://wa.me/<number>?text=<code>`.
   * @example "+221 00 000 00 03"
   */
  number: PhoneSchema,
});

/**
 * A tipline: readers talk to the campaign on Telegram and WhatsApp. They pick a language, then get the
 * campaign's content as short messages, the offer check as a dialogue, the contact point and a way to
 * report a suspicious offer. No message text is stored except a report the reader chose to send.
 */
export const TiplineSchema = z
  .strictObject({
    /** The Telegram bot. @example { bot: "SafeJourneysSnBot" } */
    telegram: TiplineTelegramSchema.optional(),
    /** The WhatsApp number. @example { number: "+221 00 000 00 03" } */
    whatsapp: TiplineWhatsappSchema.optional(),
  })
  .refine((t) => t.telegram || t.whatsapp, {
    error: 'a tipline needs telegram, whatsapp or both; remove tipline: to switch it off',
  });
export type Tipline = z.output<typeof TiplineSchema>;
