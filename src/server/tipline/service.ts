import { createHmac, timingSafeEqual } from 'node:crypto';
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { LoadedCampaign } from '../../core/campaign/loader.ts';
import type { TFunction } from '../../core/i18n/index.ts';
import type { Store } from '../../core/metrics/store.ts';
import type { TrackedLink } from '../../core/site/tracked-links.ts';
import { REPORTS_PER_ADDRESS_PER_DAY } from '../offers.ts';
import {
  closeTiplineDays,
  createConversation,
  getTiplineConversation,
  recordTiplineTurn,
  TiplineConflict,
  type TiplineInput,
  type TiplinePlatform,
  type TiplineReply,
  type TiplineTurn,
} from '../../core/tipline/index.ts';

/** Keyed hash of a chat id or update id; the key is the platform's secret, never stored. */
export function keyedHash(secret: string, ...parts: string[]): string {
  return createHmac('sha256', secret).update(parts.join('\u0000')).digest('base64url').slice(0, 22);
}

/** Compares a secret sent by a caller with ours in constant time. */
export function sameSecret(sent: string | undefined, ours: string): boolean {
  if (sent === undefined) return false;
  const a = Buffer.from(sent);
  const b = Buffer.from(ours);
  return a.length === b.length && timingSafeEqual(a, b);
}

export interface TiplineServiceOptions {
  store: Store;
  platform: TiplinePlatform;
  /** The key of update-id hashes (retries): the platform's webhook secret (TELEGRAM_WEBHOOK_SECRET, WHATSAPP_APP_SECRET). */
  secret: string;
  /**
   * The key of chat hashes: the collector's daily visitor salt (in memory only, shared by the workers,
   * dropped at midnight UTC), so a chat id is kept exactly as a reader's address is: as a hash nobody
   * can recompute once the day is over or the process is gone, not even with the secrets in the
   * environment. The cost: a restart starts each conversation of the day again at the language menu.
   */
  saltFor: (day: string) => string;
  campaigns: readonly LoadedCampaign[];
  links: ReadonlyMap<string, TrackedLink>;
  /** UI strings of one language, from the application context's i18next (src/app/context.ts). */
  t: (language: string) => TFunction;
  now?: () => Date;
}

/**
 * One platform's conversations: turns of one chat run one after another (two updates of a chat at once
 * would both read the same state), each stored in one transaction before it is acknowledged.
 */
export async function createTiplineService(opts: TiplineServiceOptions) {
  const now = opts.now ?? (() => new Date());
  const step = createConversation({
    platform: opts.platform,
    campaigns: opts.campaigns,
    links: opts.links,
    t: opts.t,
  });
  // Per chat: turns are stored one after another (each reads the state the last one wrote), and replies
  // are sent one after another (in the order the reader should read them), in two queues, so a slow
  // platform API never holds up storing, and so acknowledging, the next update.
  const chains = new Map<string, Promise<unknown>>();
  const deliveries = new Map<string, Promise<unknown>>();
  const queue = (map: Map<string, Promise<unknown>>, chat: string, job: () => Promise<void>) => {
    const run = (map.get(chat) ?? Promise.resolve()).then(job);
    map.set(chat, run);
    void run.then(() => {
      if (map.get(chat) === run) map.delete(chat);
    });
  };
  let closedBefore = '';
  const close = async (day: string) => {
    if (closedBefore >= day) return;
    await closeTiplineDays(opts.store, day);
    closedBefore = day;
  };
  // Reports per chat and day, in memory only (keyed by the chat's daily hash): a chat is one reader,
  // held to what the web form allows one address (REPORTS_PER_ADDRESS_PER_DAY).
  let reportDay = '';
  let reportsByChat = new Map<string, number>();
  const overReportCap = (day: string, chat: string) => {
    if (day !== reportDay) {
      reportDay = day;
      reportsByChat = new Map();
    }
    const n = reportsByChat.get(chat) ?? 0;
    if (n >= REPORTS_PER_ADDRESS_PER_DAY) return true;
    reportsByChat.set(chat, n + 1);
    return false;
  };

  /**
   * Takes one update: resolves true once its effects are stored (then it may be acknowledged), false
   * when it was taken before (a retry: acknowledged, not answered or counted again). The replies are
   * delivered after, in the chat's turn order.
   */
  function take(
    chatId: string,
    updateId: string,
    input: TiplineInput,
    deliver: (replies: TiplineReply[]) => Promise<void>,
  ): Promise<boolean> {
    const day = now().toISOString().slice(0, 10);
    const chat = keyedHash(opts.saltFor(day), 'chat', opts.platform, chatId);
    const { promise: stored, resolve, reject } = Promise.withResolvers<boolean>();
    queue(chains, chat, async () => {
      try {
        if (closedBefore < day) await close(day).catch(() => {});
        // Another worker may take an update of this chat at the same moment: the state is stored only if
        // it is still the one read (compare and set), else the turn is made again on the new one.
        let fresh = false;
        let turn: TiplineTurn | undefined;
        for (let attempt = 0; ; attempt++) {
          const before = await getTiplineConversation(opts.store, { platform: opts.platform, day, chat });
          turn = step(before, input);
          if (turn.effects.report && overReportCap(day, chat)) {
            delete turn.effects.report;
            turn.replies[0] = { text: opts.t(turn.state.language || 'en')('offer.report.notSent') };
          }
          try {
            fresh = await recordTiplineTurn(opts.store, {
              platform: opts.platform,
              day,
              chat,
              update: keyedHash(opts.secret, 'update', updateId),
              before,
              state: turn.state,
              effects: turn.effects,
              audience: (turn.state.code && opts.links.get(turn.state.code)?.audience) || '',
            });
            break;
          } catch (e) {
            if (!(e instanceof TiplineConflict) || attempt >= 4) throw e;
          }
        }
        resolve(fresh);
        const replies = turn.replies;
        if (fresh && replies.length) queue(deliveries, chat, () => deliver(replies).catch(() => {}));
      } catch (e) {
        reject(e);
      }
    });
    return stored;
  }

  // Nothing of a chat outlives its day even when nobody writes: ended days are closed hourly.
  const timer = setInterval(() => void close(now().toISOString().slice(0, 10)).catch(() => {}), 3_600_000);
  timer.unref();
  await close(now().toISOString().slice(0, 10)).catch(() => {});

  return {
    take,
    stop: () => clearInterval(timer),
    /** Resolves once every turn started so far has finished. */
    settled: async () => {
      await Promise.all(chains.values());
      await Promise.all(deliveries.values());
    },
  };
}

export type TiplineService = Awaited<ReturnType<typeof createTiplineService>>;

// Replies go out over kept-alive connections (node:http(s) costs a fraction of fetch's CPU per call).
const agents = {
  'http:': new HttpAgent({ keepAlive: true, maxSockets: 64 }),
  'https:': new HttpsAgent({ keepAlive: true, maxSockets: 64 }),
};

/** Sends one API call as JSON; failures are logged without content (it may hold what a reader wrote). */
export function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<boolean> {
  const target = new URL(url);
  const payload = Buffer.from(JSON.stringify(body));
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    const req = send(
      target,
      {
        method: 'POST',
        agent: agents[target.protocol as 'http:' | 'https:'],
        headers: { 'content-type': 'application/json', 'content-length': payload.length, ...headers },
        timeout: 10_000,
      },
      (res) => {
        res.resume();
        res.on('end', () => {
          const ok = (res.statusCode ?? 0) >= 200 && (res.statusCode ?? 0) < 300;
          if (!ok) console.error(`tipline: a reply was not sent (the platform answered ${res.statusCode})`);
          resolve(ok);
        });
        res.on('error', () => resolve(false));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (e) => {
      console.error(`tipline: a reply was not sent (${e.message})`);
      resolve(false);
    });
    req.end(payload);
  });
}
