import { z } from 'zod';
import { CountryCodeSchema, SlugSchema } from './common.ts';
import { CHANNELS } from './channel.ts';

export const DiasporaPartnerSchema = z.strictObject({
  /** @example "brescia-senegalese-association" */
  id: SlugSchema,
  /** @example "Senegalese association of Brescia (example)" */
  name: z.string().min(1),
  /**
   * Country where the diaspora community lives.
   * @example "IT"
   */
  country: CountryCodeSchema,
  /**
   * Audience ids this partner reaches.
   * @example ["diaspora-italy", "families-thies"]
   */
  audiences: z.array(SlugSchema).default([]),
  /**
   * How the partner carries the message.
   * @example ["diaspora-ambassador", "whatsapp"]
   */
  channels: z.array(z.enum(CHANNELS)).min(1),
});
