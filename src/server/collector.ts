import { hash, randomBytes } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';
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
  answerFailure,
  badRequest,
  clientAddress,
  closeAfter,
  methodNotAllowed,
  noContent,
  notFound,
  readBodyThen,
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

type Beacon = z.output<typeof BeaconSchema>;
const TYPES = new Set<string>(EVENT_TYPES);
const BEACON_KEYS = new Set(['c', 'l', 't', 'g', 'k']);
const text = (v: unknown, min: number, max: number) =>
  typeof v === 'string' && v.length >= min && v.length <= max;

/**
 * BeaconSchema's verdict on a well-formed beacon, without zod (about 2.5 µs a beacon on the hot path);
 * undefined for anything else, which zod then parses to say what is wrong. Accepts exactly what the
 * schema accepts (tests/unit/collector.test.ts compares the two).
 */
export function quickBeacon(json: unknown): Beacon | undefined {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return undefined;
  const o = json as Record<string, unknown>;
  for (const key in o) if (!BEACON_KEYS.has(key)) return undefined;
  if (!text(o['c'], 1, 80) || !text(o['l'], 1, 20) || typeof o['t'] !== 'string' || !TYPES.has(o['t']))
    return undefined;
  if (o['g'] !== undefined && !text(o['g'], 0, 40)) return undefined;
  if (o['k'] !== undefined && !text(o['k'], 0, 24)) return undefined;
  return o as Beacon;
}

export const MAX_BODY = 1024;
const HOUR_MS = 3_600_000;
/** Addresses whose recent rate is kept (about 120 bytes each); reader keys kept per minute at most. */
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
 * The address a limit is kept for: an IPv4 address as it is; an IPv6 address by its /64 network, which
 * a carrier gives each phone (and a home network to all its devices, as one NAT address would): a
 * client holding a /64 could otherwise send from a new address for every request.
 */
export function limitKey(address: string): string {
  // An IPv4 address (the common case) without the IPv6 pattern's regular expression.
  if (!address.includes(':') || !isIPv6(address)) return address;
  const lower = address.toLowerCase();
  if (lower.startsWith('::ffff:') && isIPv4(lower.slice(7))) return lower.slice(7);
  const [head = '', tail] = lower.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups =
    tail === undefined ? left : [...left, ...new Array(8 - left.length - right.length).fill('0'), ...right];
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

/** Options of the per-minute limits (see createAddressLimiter). */
export interface RateLimiterOptions {
  /**
   * Requests per reader (address and user agent) per minute. Omitted: no such limit (the collector:
   * phones of one model behind one carrier address send the same user agent, see README).
   */
  ratePerMinute?: number;
  /**
   * Requests per TCP connection per minute, when the server is reached directly (`hops` 0): every phone
   * has its own connection, a client repeating itself reuses one or a few. Behind a proxy the
   * connection is the proxy's and carries everyone's requests, so this limit is not applied.
   */
  ratePerConnection?: number;
  /** Requests per address per minute, whoever sends them: the ceiling, checked before the reader's. */
  ratePerAddress: number;
  hops: number;
  now: () => Date;
  /** Flagging (see createAddressLimiter); the defaults suit the collector. */
  flag?: Partial<FlagOptions>;
}

export interface FlagOptions {
  /** An address is never flagged at or under this many requests in a minute. */
  floor: number;
  /** …nor at or under this multiple of its usual rate. */
  multiple: number;
  /** A minute teaches the usual rate at most this many requests, so a flood cannot make itself usual. */
  learnAtMost: number;
  /** Half-life of the usual rate, in minutes. */
  halfLifeMinutes: number;
}

/**
 * Defaults: 1,000 distinct readers a minute from one address is a realistic peak (a post shared in a
 * neighbourhood behind one carrier address), so it is never flagged; above it an address is flagged
 * when it also sends over ten times its usual rate (an average over the last hours). A minute teaches
 * at most 250, so from 2,500 a minute on an address is flagged however long it keeps going.
 */
export const FLAG_DEFAULTS: FlagOptions = {
  floor: 1000,
  multiple: 10,
  learnAtMost: 250,
  halfLifeMinutes: 120,
};

/** What the limiter says of one request. */
export type Verdict = 'ok' | 'flagged' | 'limited';

interface AddressState {
  /** The minute `count` is for. */
  minute: number;
  count: number;
  /** Usual requests per minute before `minute`: an exponentially weighted average. */
  usual: number;
  /** Requests are flagged up to and including this minute. */
  flaggedThrough: number;
}

/**
 * Per-minute limits and the "flagged" mark, shared by the collector and the offer forms
 * (src/server/offers.ts), each with its own limits and keys. Every key is a hash with a key that lives
 * only in this process: no address is kept, not even in memory, and nothing of it is written anywhere.
 *
 * Per request, in order: reached directly, the connection's limit (a connection over it is not counted
 * against its address, so one client repeating itself cannot use up the ceiling its neighbours share);
 * then the address's ceiling (generous; an address over it creates no reader keys, so one address
 * rotating user agents adds nothing); then, if asked for, the reader's (address and user agent). What
 * passes is `flagged` while its address sends more in a minute than both `flag.floor` and
 * `flag.multiple` times its usual rate, and during the minute after: counted and marked, not refused. The usual rate is an exponentially weighted
 * moving average of the address's requests per minute (half-life `flag.halfLifeMinutes`), each minute
 * counting at most `flag.learnAtMost`.
 *
 * Memory stays bounded: addresses not seen this minute are forgotten first when the table is full (an
 * address forgotten starts again with no usual rate, which only makes it quicker to flag); only a
 * minute with more distinct addresses than the table holds refuses the newest ones. Connections are
 * keys of a WeakMap: each goes with its socket.
 */
export function createAddressLimiter(opts: RateLimiterOptions): (req: IncomingMessage) => Verdict {
  const { ratePerMinute, ratePerConnection, ratePerAddress, hops, now } = opts;
  const flag = { ...FLAG_DEFAULTS, ...opts.flag };
  const keep = 0.5 ** (1 / flag.halfLifeMinutes);
  const processKey = randomBytes(16).toString('hex');
  const addresses = new Map<string, AddressState>();
  const connections = new WeakMap<object, { minute: number; count: number }>();
  // The keys of a connection's last request: a connection's requests mostly come from one address and
  // one user agent, so its hashes are made once, not per request (kept with the socket, gone with it).
  const lastKeys = new WeakMap<object, { address: string; a: string; ua?: string; r?: string }>();
  let readers = new Map<string, number>();
  let readersMinute = 0;
  const bringToMinute = (s: AddressState, minute: number) => {
    s.usual = s.usual * keep + (1 - keep) * Math.min(s.count, flag.learnAtMost);
    // Minutes without a request teach a usual rate of zero.
    if (minute - s.minute > 1) s.usual *= keep ** (minute - s.minute - 1);
    s.minute = minute;
    s.count = 0;
  };
  return (req) => {
    const minute = Math.floor(now().getTime() / 60_000);
    // A connection over its limit is refused before its address is counted: one client repeating
    // itself on its own connection does not use up the ceiling its neighbours share.
    if (ratePerConnection !== undefined && !hops) {
      const socket = req.socket as object;
      let c = connections.get(socket);
      if (!c || c.minute !== minute) connections.set(socket, (c = { minute, count: 0 }));
      if (++c.count > ratePerConnection) return 'limited';
    }
    const address = clientAddress(req, hops);
    let keys = lastKeys.get(req.socket);
    if (keys?.address !== address) {
      keys = { address, a: hash('sha256', `${processKey}|a|${limitKey(address)}`, 'base64').slice(0, 16) };
      lastKeys.set(req.socket, keys);
    }
    const a = keys.a;
    let s = addresses.get(a);
    if (s === undefined) {
      if (addresses.size >= MAX_ADDRESSES) {
        // The least recently active address (the map keeps the order of each one's first request in
        // its latest minute) makes room, unless every address in the table is active this minute.
        const [oldest, state] = addresses.entries().next().value!;
        if (state.minute === minute) return 'limited';
        addresses.delete(oldest);
      }
      s = { minute, count: 0, usual: 0, flaggedThrough: -1 };
      addresses.set(a, s);
    } else if (s.minute !== minute) {
      bringToMinute(s, minute);
      addresses.delete(a);
      addresses.set(a, s);
    }
    s.count++;
    if (s.count > ratePerAddress) return 'limited';
    if (ratePerMinute !== undefined) {
      if (minute !== readersMinute) {
        readers = new Map();
        readersMinute = minute;
      }
      const ua = req.headers['user-agent'] ?? '';
      if (keys.ua !== ua || keys.r === undefined) {
        keys.ua = ua;
        keys.r = hash('sha256', `${processKey}|r|${address}|${ua}`, 'base64').slice(0, 16);
      }
      const r = keys.r;
      const n = (readers.get(r) ?? 0) + 1;
      if (n > 1 || readers.size < MAX_READERS) readers.set(r, n);
      if (n > ratePerMinute) return 'limited';
    }
    if (s.count > Math.max(flag.floor, flag.multiple * s.usual)) s.flaggedThrough = minute + 1;
    return minute <= s.flaggedThrough ? 'flagged' : 'ok';
  };
}

/** createAddressLimiter as a yes/no: whether this request is over a limit (flagged ones are not). */
export function createRateLimiter(opts: RateLimiterOptions): (req: IncomingMessage) => boolean {
  const verdict = createAddressLimiter(opts);
  return (req) => verdict(req) === 'limited';
}

export interface CollectorOptions {
  store: Store;
  /** Published languages per campaign id. */
  campaigns: Map<string, Set<string>>;
  links: Map<string, TrackedLink>;
  /** Extra wait before a batch is written (ms); 0 writes on the next turn of the event loop. */
  batchMs?: number;
  maxBatch?: number;
  /**
   * Events per connection per minute before 429, when readers reach the server directly (no proxy):
   * every phone has its own connection; a client repeating itself uses one or a few.
   */
  ratePerMinute?: number;
  /**
   * Events per address per minute, whoever sends them. Generous: readers behind a mobile carrier's NAT
   * share one address, and a popular post must not lose their views.
   */
  ratePerAddressPerMinute?: number;
  /** When an address's burst is flagged (see createAddressLimiter); defaults FLAG_DEFAULTS. */
  flag?: Partial<FlagOptions>;
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
      let failed = false;
      let error: unknown;
      try {
        await insertEvents(
          opts.store,
          batch.map((p) => p.event),
        );
      } catch (e) {
        failed = true;
        error = e ?? new Error('the store refused the batch');
      }
      // Each request is answered once, whatever another answer does.
      for (const p of batch)
        try {
          p.done(failed ? error : undefined);
        } catch (e) {
          console.error(`counterpoint collector: an answer failed: ${(e as Error)?.message ?? e}`);
        }
    }
    busy = false;
    markIdle();
  };
  const schedule = () => {
    if (busy || scheduled) return;
    scheduled = true;
    if (batchMs > 0) setTimeout(() => void writeLoop(), batchMs);
    else setImmediate(writeSoon);
  };
  const writeSoon = () => void writeLoop();
  /** Resolves when every queued event is written. */
  const flush = async (): Promise<void> => {
    await writeLoop();
    await idle;
    await visitorDays.settled();
  };

  const enqueue = (event: RawEvent, done: (error?: unknown) => void) => {
    queue.push({ event, done });
    schedule();
  };

  // The visitor salt lives in this process only and is replaced at midnight UTC; the hashes of ended
  // days are then deleted from the store (src/core/metrics/visitor-days.ts).
  const visitorDays = createVisitorDays({
    store: opts.store,
    now,
    randomBytes: opts.saltBytes,
    sharedSalt: opts.sharedSalt,
  });
  const saltFor = (day: string) => visitorDays.saltFor(day);

  const verdict = createAddressLimiter({
    ratePerConnection: ratePerMinute,
    ratePerAddress,
    hops,
    now,
    ...(opts.flag && { flag: opts.flag }),
  });
  // The last request checked and whether its address was flagged: every caller (the beacon, /go/)
  // records right after checking, with no await between, so record() finds its request here. (A WeakSet
  // of flagged requests cost about 5 µs a beacon in garbage collection during a flood.)
  let checked: IncomingMessage | undefined;
  let checkedFlagged = false;
  /** Whether this request is over a limit; whether it is flagged is kept for record(). */
  const limited = (req: IncomingMessage): boolean => {
    const v = verdict(req);
    checked = req;
    checkedFlagged = v === 'flagged';
    return v === 'limited';
  };
  const impressionCounts = createImpressionAllowance({ hops, now });

  // A connection's last visitor key: its next beacon, from the same reader on the same day, reuses it
  // (kept with the socket in memory only, gone with it; a new salt or reader makes a new one).
  const lastVisitor = new WeakMap<
    object,
    { address: string; ua: string; campaign: string; day: string; key: string }
  >();
  /** The reader's key for the day: address, user agent and campaign, hashed with the day's salt. */
  // The salt itself is not kept there, so it is not held past its day.
  const visitorOf = (req: IncomingMessage, campaign: string, day: string) => {
    const address = clientAddress(req, hops);
    const ua = req.headers['user-agent'] ?? '';
    const last = lastVisitor.get(req.socket);
    if (last && last.address === address && last.ua === ua && last.campaign === campaign && last.day === day)
      return last.key;
    const key = hash('sha256', `${saltFor(day)}|${address}|${ua}|${campaign}`, 'base64url').slice(0, 16);
    lastVisitor.set(req.socket, { address, ua, campaign, day, key });
    return key;
  };

  // The UTC day and hour of the hour last recorded in (from a clock set back too): made once an hour,
  // not per beacon.
  let hourStart = Number.NEGATIVE_INFINITY;
  let hourDay = '';
  let hourOfDay = 0;
  /**
   * Records one event, then calls `done` once it is committed (or with the store's error). The event
   * is built field by field: this runs for every beacon.
   */
  const recordThen = (
    req: IncomingMessage,
    e: Omit<RawEvent, 'day' | 'hour' | 'visitor'>,
    at: Date,
    visitor: string | undefined,
    done: (error?: unknown) => void,
  ) => {
    const flagged = req === checked && checkedFlagged;
    checked = undefined;
    const t = at.getTime();
    if (t < hourStart || t >= hourStart + HOUR_MS) {
      hourStart = t - (t % HOUR_MS);
      hourDay = at.toISOString().slice(0, 10);
      hourOfDay = at.getUTCHours();
    }
    const day = hourDay;
    const event: RawEvent = {
      campaign: e.campaign,
      day,
      hour: hourOfDay,
      type: e.type,
      language: e.language,
      channel: e.channel,
      audience: e.audience,
      target: e.target,
      visitor: visitor ?? visitorOf(req, e.campaign, day),
    };
    if (flagged) event.flagged = true;
    enqueue(event, done);
  };

  /** Records one event; resolves once it is committed. Used by the tracked-link redirect. */
  const record = (
    req: IncomingMessage,
    e: Omit<RawEvent, 'day' | 'hour' | 'visitor'>,
    at = now(),
    visitor?: string,
  ) =>
    new Promise<void>((resolve, reject) =>
      recordThen(req, e, at, visitor, (error) => (error ? reject(error) : resolve())),
    );

  const botCheck = rememberingBotCheck();
  const isBot = (req: IncomingMessage) => botCheck(req.headers['user-agent']);
  const optedOut = (req: IncomingMessage) => req.headers['sec-gpc'] === '1' || req.headers['dnt'] === '1';

  /**
   * `crossSite`: the POST did not come from a page of this site. Only a partner's embedded banner may
   * send from elsewhere, and only its impression, for one of the campaign's placements, from that
   * placement's declared site (src/server/embed-impressions.ts): a cross-site view or click could be
   * forged by any page to inflate the landing counts.
   */
  function handle(req: IncomingMessage, res: ServerResponse, crossSite = false) {
    if (req.method !== 'POST') return methodNotAllowed(res, 'POST');
    const length = Number(req.headers['content-length'] ?? 0);
    if (length > MAX_BODY) {
      closeAfter(req, res);
      return tooLarge(res, `body over ${MAX_BODY} bytes`);
    }
    // Callbacks, not promises, from here to the answer: this runs for every beacon. Whatever throws
    // is answered (answerFailure), never left to stop the process.
    readBodyThen(req, MAX_BODY, res, (body, error) => {
      try {
        if (error) return answerFailure(res, error);
        if (body === undefined) return tooLarge(res, `body over ${MAX_BODY} bytes`);
        collect(req, res, crossSite, body);
      } catch (e) {
        answerFailure(res, e);
      }
    });
  }

  function collect(req: IncomingMessage, res: ServerResponse, crossSite: boolean, body: string) {
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      return badRequest(res, 'body is not JSON');
    }
    let b = quickBeacon(json);
    if (!b) {
      const parsed = BeaconSchema.safeParse(json);
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        return badRequest(res, `${issue.path.join('.') || 'body'}: ${issue.message}`);
      }
      b = parsed.data;
    }
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
    recordThen(
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
      (e) => {
        if (e) sendError(res, 503, 'unavailable', 'the event could not be stored; try again');
        else noContent(res);
      },
    );
  }

  return { handle, record, flush, isBot, optedOut, limited, saltFor };
}

export type Collector = ReturnType<typeof createCollector>;
