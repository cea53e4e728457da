import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LoadedCampaign } from '../../core/campaign/loader.ts';
import type { TFunction } from '../../core/i18n/index.ts';
import type { Store } from '../../core/metrics/store.ts';
import type { TrackedLink } from '../../core/site/tracked-links.ts';
import { notFound } from '../http.ts';
import { createTiplineService, type TiplineService } from './service.ts';
import { createTelegramWebhook } from './telegram.ts';
import { createWhatsappWebhook } from './whatsapp.ts';

export const TIPLINE_TELEGRAM_PATH = '/api/tipline/telegram';
export const TIPLINE_WHATSAPP_PATH = '/api/tipline/whatsapp';

export interface TiplineRoutesOptions {
  store: Store;
  /** Published campaigns; those with `tipline:` on a platform take its conversations. */
  campaigns: readonly LoadedCampaign[];
  links: ReadonlyMap<string, TrackedLink>;
  /** The collector's daily visitor salt (the key of chat hashes; see TiplineServiceOptions). */
  saltFor: (day: string) => string;
  env?: Record<string, string | undefined>;
  /** UI strings of one language, from the application context's i18next. */
  t: (language: string) => TFunction;
  now?: () => Date;
}

/**
 * The two webhooks, each switched on when a published campaign has that platform in `tipline:` and its
 * secrets are in the environment (TELEGRAM_BOT_TOKEN and TELEGRAM_WEBHOOK_SECRET; WHATSAPP_TOKEN,
 * WHATSAPP_APP_SECRET and WHATSAPP_VERIFY_TOKEN). A webhook that is off answers 404.
 */
export async function createTiplineRoutes(opts: TiplineRoutesOptions) {
  const env = opts.env ?? process.env;
  const services: TiplineService[] = [];
  const service = async (platform: 'telegram' | 'whatsapp', secret: string) => {
    const campaigns = opts.campaigns.filter((c) => c.campaign.tipline?.[platform]);
    if (!campaigns.length) return undefined;
    const s = await createTiplineService({
      store: opts.store,
      platform,
      secret,
      saltFor: opts.saltFor,
      campaigns,
      links: opts.links,
      t: opts.t,
      ...(opts.now && { now: opts.now }),
    });
    services.push(s);
    return s;
  };
  const tg = env['TELEGRAM_BOT_TOKEN'] && env['TELEGRAM_WEBHOOK_SECRET'];
  const telegramService = tg ? await service('telegram', env['TELEGRAM_WEBHOOK_SECRET']!) : undefined;
  const telegram =
    telegramService &&
    createTelegramWebhook({
      service: telegramService,
      token: env['TELEGRAM_BOT_TOKEN']!,
      secret: env['TELEGRAM_WEBHOOK_SECRET']!,
      apiBase: env['TELEGRAM_API_BASE'] || 'https://api.telegram.org',
    });
  const wa = env['WHATSAPP_TOKEN'] && env['WHATSAPP_APP_SECRET'] && env['WHATSAPP_VERIFY_TOKEN'];
  const whatsappService = wa ? await service('whatsapp', env['WHATSAPP_APP_SECRET']!) : undefined;
  const whatsapp =
    whatsappService &&
    createWhatsappWebhook({
      service: whatsappService,
      token: env['WHATSAPP_TOKEN']!,
      appSecret: env['WHATSAPP_APP_SECRET']!,
      verifyToken: env['WHATSAPP_VERIFY_TOKEN']!,
      apiBase: env['WHATSAPP_API_BASE'] || 'https://graph.facebook.com/v21.0',
      ...(opts.now && { now: opts.now }),
    });
  return {
    /** Whether a path is one of the webhooks (routed before the same-site check: platforms sign). */
    owns: (path: string) => path === TIPLINE_TELEGRAM_PATH || path === TIPLINE_WHATSAPP_PATH,
    handle(req: IncomingMessage, res: ServerResponse, path: string): void | Promise<void> {
      const h = path === TIPLINE_TELEGRAM_PATH ? telegram : whatsapp;
      if (!h) return notFound(res, 'this server runs no tipline on that platform');
      return h(req, res);
    },
    async stop() {
      for (const s of services) {
        s.stop();
        await s.settled();
      }
    },
  };
}
