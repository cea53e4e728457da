import { z } from 'zod';

/** Where a campaign is carried. Diaspora channels are first-class (rule 3). */
export const CHANNELS = [
  'facebook',
  'instagram',
  'tiktok',
  'youtube',
  'whatsapp',
  'telegram',
  'search',
  'radio',
  'tv',
  'print',
  'community-event',
  'diaspora-ambassador',
  'partner-site',
  'other',
] as const;

export const DIASPORA_CHANNELS: readonly string[] = ['diaspora-ambassador', 'community-event', 'whatsapp'];

/**
 * A channel the campaign uses.
 * @example "facebook"
 */
export const ChannelSchema = z.enum(CHANNELS);
