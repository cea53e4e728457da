import { z } from 'zod';

/**
 * Where a campaign is carried, and where a claim was seen. Diaspora channels are first-class (rule 3);
 * dating apps, forums, marketplaces and WeChat are where false job and marriage offers are advertised.
 */
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
  'dating-app',
  'forum',
  'marketplace',
  'wechat',
  'tipline',
  'other',
] as const;

export const DIASPORA_CHANNELS: readonly string[] = ['diaspora-ambassador', 'community-event', 'whatsapp'];

/**
 * A channel the campaign uses.
 * @example "facebook"
 */
export const ChannelSchema = z.enum(CHANNELS);
