import { hash, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isbot } from 'isbot';
import { z } from 'zod';
import { EVENT_TYPES, type RawEvent } from '../core/metrics/model.ts';
import { insertEvents } from '../core/metrics/queries/events.ts';
import type { Store } from '../core/metrics/store.ts';
import { createVisitorDays } from '../core/metrics/visitor-days.ts';
import type { TrackedLink } from '../core/site/tracked-links.ts';
import { createImpressionAllowance, fromPlacementSite } from './embed-impressions.ts';
import {
  badRequest,
  clientAddress,
  closeAfter,
  methodNotAllowed,
  noContent,
  notFound,
  readBody,
  sendError,
  tooLarge,
  tooMany,
} from './http.ts';

/** What the page beacon sends. Short keys keep the inline script under 1 KB. */
export const BeaconSchema = z.strictObject({
  /** campaign id */
  c: z.string().min(1).max(80),
  /** page language */
  l: z.string().min(1).max(20),
  /** event type */
  t: z.enum(EVENT_TYPES),
  /** target: tel, whatsapp, share network, language switched to */
  g: z.string().max(40).optional(),
  /** tracked-link code the visitor arrived with */
  k: z.string().max(24).optional(),
});

export const MAX_BODY = 1024;
/** Rate-limit keys kept per minute at most (about 50 bytes each). */
const MAX_ADDRESSES = 100_000;
const MAX_READERS = 200_000;

/**
 * Crawlers and link previewers, from the maintained `isbot` list. A hand-written pattern dropped real
 * readers: Telegram's in-app browser says `Telegram-Android` and WhatsApp's previewer says `WhatsApp/`,
 * and only the second is a bot. `isbot` knows in-app browsers from previewers; the collector test
 * holds real user agents of both.
 */
const isBotAgent = (ua: string | undefined) => !ua || isbot(ua);

/**
 * isBotAgent with the verdicts of recent user agents remembered (readers of one campaign share a few
 * hundred phone and app strings, and the list's pattern costs ~5 µs a request). Bounded: a flood of
 * made-up agents only empties it.
 */
function rememberingBotCheck(limit = 5000) {
  let seen = new Map<string, boolean>();
  return (ua: string | undefined) => {
    if (!ua) return true;
    let verdict = seen.get(ua);
    if (verdict === undefined) {
      verdict = isBotAgent(ua);
      if (seen.size >= limit) seen = new Map();
      seen.set(ua, verdict);
    }
    return verdict;
  };
}

/**
 * A per-minute rate limit, shared by the collector and the offer forms (src/server/offers.ts), each
 * with its own limits and keys.
 */
export function createRateLimiter(opts: {
  ratePerMinute: number;
  ratePerAddress: number;
  hops: number;
  now: () => Date;
}) {
  const { ratePerMinute, ratePerAddress, hops, now } = opts;
  // Rate-limit keys are hashes with a key that lives only in this process: no address is kept.
  const processKey = randomBytes(16).toString('hex');
  let addresses = new Map<string, number>();
  let readers = new Map<string, number>();
  let bucketMinute = 0;
  /**
   * Whether this request is over its limit: per address first (a generous ceiling), then per reader
   * (address and user agent together), each per minute, hashed with a key that lives only in this
   * process. An address over its ceiling creates no reader keys, so one address rotating user agents
   * adds at most its ceiling of them. Memory stays bounded: when a minute's reader keys fill up, new
   * readers are held to their address's ceiling alone (never refused for it); only a minute with more
   * distinct addresses than the address table holds refuses the newest ones.
   */
  return (req: IncomingMessage): boolean => {
    const minute = Math.floor(now().getTime() / 60_000);
    if (minute !== bucketMinute) {
      addresses = new Map();
      readers = new Map();
      bucketMinute = minute;
    }
    const address = clientAddress(req, hops);
    const a = hash('sha256', `${processKey}|a|${address}`, 'base64').slice(0, 16);
    const seen = addresses.get(a);
    if (seen === undefined && addresses.size >= MAX_ADDRESSES) return true;
    addresses.set(a, (seen ?? 0) + 1);
    if ((seen ?? 0) + 1 > ratePerAddress) return true;
    const r = hash('sha256', `${processKey}|r|${address}|${req.headers['user-agent'] ?? ''}`, 'base64').slice(
      0,
      16,
    );
    const n = (readers.get(r) ?? 0) + 1;
    if (n > 1 || readers.size < MAX_READERS) readers.set(r, n);
    return n > ratePerMinute;
  };
}

export interface CollectorOptions {
  store: Store;
  /** Published languages per campaign id. */
  campaigns: Map<string, Set<string>>;
  links: Map<string, TrackedLink>;
  /** Extra wait before a batch is written (ms); 0 writes on the next turn of the event loop. */
  batchMs?: number;
  maxBatch?: number;
  /** Events per reader (address and user agent) per minute before 429. */
  ratePerMinute?: number;
  /**
   * Events per address per minute, whoever sends them. Generous: readers behind a mobile carrier's NAT
   * share one address, and a popular post must not lose their views.
   */
  ratePerAddressPerMinute?: number;
  /** Trusted reverse proxies in front of the server (see clientAddress). */
  proxyHops?: number;
  now?: () => Date;
  /** Source of the daily visitor salt (tests pass their own to look for it in the database files). */
  saltBytes?: (size: number) => Buffer;
  /** The day's salt from the primary process, when the server runs several workers. */
  sharedSalt?: (day: string) => Buffer | undefined;
}

interface Pending {
  event: RawEvent;
  done: (error?: unknown) => void;
}

/**
 * The beacon collector. Events are written in batches, and a request is answered 204 only after the
 * batch holding its event is committed: what the collector acknowledged is on disk, even if the
 * process is killed a moment later (SQLite WAL commit, or PostgreSQL commit).
 */
export function createCollector(opts: CollectorOptions) {
  const batchMs = opts.batchMs ?? 0;
  const maxBatch = opts.maxBatch ?? 2000;
  const ratePerMinute = opts.ratePerMinute ?? 120;
  const ratePerAddress = opts.ratePerAddressPerMinute ?? Math.max(ratePerMinute, 6000);
  const hops = opts.proxyHops ?? 0;
  const now = opts.now ?? (() => new Date());
  const queue: Pending[] = [];

  // Group commit: while one batch is being written, new events queue up and go in the next batch.
  // Under light load a batch is written on the next turn of the event loop (no added wait); under heavy
  // load batches grow by themselves, so throughput rises without a timer holding requests back.
  let busy = false;
  let scheduled = false;
  let idle: Promise<void> = Promise.resolve();
  let markIdle: () => void = () => {};
  const writeLoop = async () => {
    scheduled = false;
    if (busy) return;
    busy = true;
    idle = new Promise((r) => (markIdle = r));
    while (queue.length) {
      const batch = queue.splice(0, maxBatch);
      try {
        await insertEvents(
          opts.store,
          batch.map((p) => p.event),
        );
        for (const p of batch) p.done();
      } catch (e) {
        for (const p of batch) p.done(e);
      }
    }
    busy = false;
    markIdle();
  };
  const schedule = () => {
    if (busy || scheduled) return;
    scheduled = true;
    if (batchMs > 0) setTimeout(() => void writeLoop(), batchMs);
    else setImmediate(() => void writeLoop());
  };
  /** Resolves when every queued event is written. */
  const flush = async (): Promise<void> => {
    await writeLoop();
    await idle;
    await visitorDays.settled();
  };

  const enqueue = (event: RawEvent) =>
    new Promise<void>((resolve, reject) => {
      queue.push({ event, done: (e) => (e ? reject(e) : resolve()) });
      schedule();
    });

  // The visitor salt lives in this process only and is replaced at midnight UTC; the hashes of ended
  // days are then deleted from the store (src/core/metrics/visitor-days.ts).
  const visitorDays = createVisitorDays({
    store: opts.store,
    now,
    randomBytes: opts.saltBytes,
    sharedSalt: opts.sharedSalt,
  });
  const saltFor = (day: string) => visitorDays.saltFor(day);

  const limited = createRateLimiter({ ratePerMinute, ratePerAddress, hops, now });
  const impressionCounts = createImpressionAllowance({ hops, now });

  /** The reader's key for the day: address, user agent and campaign, hashed with the day's salt. */
  const visitorOf = (req: IncomingMessage, campaign: string, day: string) =>
    hash(
      'sha256',
      `${saltFor(day)}|${clientAddress(req, hops)}|${req.headers['user-agent'] ?? ''}|${campaign}`,
      'base64url',
    ).slice(0, 16);

  /** Records one event; shared by the beacon and the tracked-link redirect. */
  const record = async (
    req: IncomingMessage,
    e: Omit<RawEvent, 'day' | 'hour' | 'visitor'>,
    at = now(),
    visitor = visitorOf(req, e.campaign, at.toISOString().slice(0, 10)),
  ) => {
    await enqueue({ ...e, day: at.toISOString().slice(0, 10), hour: at.getUTCHours(), visitor });
  };

  const botCheck = rememberingBotCheck();
  const isBot = (req: IncomingMessage) => botCheck(req.headers['user-agent']);
  const optedOut = (req: IncomingMessage) => req.headers['sec-gpc'] === '1' || req.headers['dnt'] === '1';

  /**
   * `crossSite`: the POST did not come from a page of this site. Only a partner's embedded banner may
   * send from elsewhere, and only its impression, for one of the campaign's placements, from that
   * placement's declared site (src/server/embed-impressions.ts): a cross-site view or click could be
   * forged by any page to inflate the landing counts.
   */
  async function handle(req: IncomingMessage, res: ServerResponse, crossSite = false): Promise<void> {
    if (req.method !== 'POST') return methodNotAllowed(res, 'POST');
    const length = Number(req.headers['content-length'] ?? 0);
    if (length > MAX_BODY) {
      closeAfter(req, res);
      return tooLarge(res, `body over ${MAX_BODY} bytes`);
    }
    const body = await readBody(req, MAX_BODY, res);
    if (body === undefined) return tooLarge(res, `body over ${MAX_BODY} bytes`);
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      return badRequest(res, 'body is not JSON');
    }
    const parsed = BeaconSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      return badRequest(res, `${issue.path.join('.') || 'body'}: ${issue.message}`);
    }
    const b = parsed.data;
    const embedded = b.t === 'embed-impression';
    if (crossSite && !embedded)
      return sendError(res, 403, 'cross_site', 'only an embedded banner may send from another site');
    const languages = opts.campaigns.get(b.c);
    if (!languages) return notFound(res, `no published campaign "${b.c}"`);
    if (!languages.has(b.l)) return notFound(res, `campaign "${b.c}" is not published in "${b.l}"`);
    if (isBot(req) || optedOut(req)) return noContent(res);
    if (limited(req)) return tooMany(res, 'too many events from this client; try again in a minute');
    const link = b.k ? opts.links.get(b.k) : undefined;
    const attributed = link && link.campaign === b.c;
    // An impression counts for a partner, or not at all: its detail is the placement's link code.
    if (embedded && !(attributed && link.partner))
      return notFound(res, `no placement of campaign "${b.c}" with code "${b.k ?? ''}"`);
    // An impression is the partner's only from the partner's own site, and only at a human rate.
    const at = now();
    let visitor: string | undefined;
    if (embedded) {
      if (!fromPlacementSite(req, link!))
        return sendError(
          res,
          403,
          'cross_site',
          `Origin: impressions of placement "${link!.code}" are counted only from the partner's declared site`,
        );
      visitor = visitorOf(req, b.c, at.toISOString().slice(0, 10));
      if (!impressionCounts(req, link!.code, visitor)) return noContent(res);
    }
    try {
      await record(
        req,
        {
          campaign: b.c,
          type: b.t,
          language: b.l,
          channel: attributed ? link.channel : '',
          audience: attributed ? link.audience : '',
          target: embedded ? link!.code : (b.g ?? ''),
        },
        at,
        visitor,
      );
    } catch {
      return sendError(res, 503, 'unavailable', 'the event could not be stored; try again');
    }
    noContent(res);
  }

  return { handle, record, flush, isBot, optedOut, limited };
}

export type Collector = ReturnType<typeof createCollector>;
