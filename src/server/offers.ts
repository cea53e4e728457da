import { hash, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LoadedCampaign } from '../core/campaign/loader.ts';
import {
  assessOffer,
  createBurstDetector,
  insertOfferReport,
  markOfferBurst,
  OfferCheckFormSchema,
  OfferReportFormSchema,
  parseOfferForm,
  recordOfferCheck,
} from '../core/offers/index.ts';
import type { Store } from '../core/metrics/store.ts';
import { createRateLimiter } from './collector.ts';
import { badRequest, clientAddress, closeAfter, methodNotAllowed, readBody, tooLarge } from './http.ts';

/** The form endpoints, beside the collector (a static site fronted by the collector posts here too). */
export const OFFER_CHECK_PATH = '/api/offer-check';
export const OFFER_REPORT_PATH = '/api/offer-report';

/** 1,000 characters of any script, percent-encoded (up to 12 bytes each), and the other fields. */
const MAX_REPORT_BODY = 16_384;
const MAX_CHECK_BODY = 2048;

export interface OfferHandlerOptions {
  store: Store;
  campaigns: readonly LoadedCampaign[];
  /** The collector's bot and opt-out checks: the same readers are counted, or not, everywhere. */
  isBot: (req: IncomingMessage) => boolean;
  optedOut: (req: IncomingMessage) => boolean;
  /** The collector's limit for offer checks (they count like beacons). */
  limited: (req: IncomingMessage) => boolean;
  proxyHops?: number;
  /** Reports per reader per minute; a person reporting writes one or two. */
  reportsPerMinute?: number;
  /** Reports per address per minute (readers behind one carrier NAT share one). */
  reportsPerAddressPerMinute?: number;
  /** Reports per address per UTC day (see REPORTS_PER_ADDRESS_PER_DAY). */
  reportsPerAddressPerDay?: number;
  now?: () => Date;
  onError?: (e: unknown) => void;
}

/**
 * Reports one address may send in a UTC day. A person reports the one or two offers they saw; readers
 * sharing a carrier's address add theirs, and twenty reports of one campaign from one address in a day
 * is past what readers write (a campaign's reports come in ones and twos a day). Past it the reader is
 * told the report was not sent. A flood from a few addresses is held to twenty each, and what it sent
 * within minutes is flagged as a burst besides (src/core/offers/bursts.ts).
 */
export const REPORTS_PER_ADDRESS_PER_DAY = 20;
/** Addresses remembered per day at most (about 60 bytes each); past it, new addresses are refused. */
const MAX_REPORTING_ADDRESSES = 100_000;

/**
 * Per address and UTC day, in memory only: the address is hashed with a key that lives in this process
 * (the same key gives the burst detector its sender), and the table is emptied at midnight UTC.
 */
function createDailyCap(perDay: number, hops: number, now: () => Date) {
  const processKey = randomBytes(16).toString('hex');
  let day = '';
  let counts = new Map<string, number>();
  return {
    /** The sender's key: the address hashed with this process's key. */
    sender: (req: IncomingMessage) =>
      hash('sha256', `${processKey}|${clientAddress(req, hops)}`, 'base64').slice(0, 16),
    /** Whether this sender is past its day's reports; otherwise one more is counted. */
    over(sender: string): boolean {
      const today = now().toISOString().slice(0, 10);
      if (today !== day) {
        day = today;
        counts = new Map();
      }
      const n = counts.get(sender);
      if (n === undefined && counts.size >= MAX_REPORTING_ADDRESSES) return true;
      if ((n ?? 0) >= perDay) return true;
      counts.set(sender, (n ?? 0) + 1);
      return false;
    },
  };
}

/**
 * The two offer forms of the landing page, answered with a redirect to a built result page (POST,
 * then 303 to a GET), so they work without JavaScript and no HTML is made here. What is stored:
 * for a check, +1 in the day's aggregate counts (never which signs were ticked); for a report, its
 * fields and the day, never the sender's address, user agent or any cookie.
 */
export function createOfferHandlers(opts: OfferHandlerOptions) {
  const now = opts.now ?? (() => new Date());
  const onError =
    opts.onError ?? ((e: unknown) => console.error(`offer form not stored: ${(e as Error)?.message ?? e}`));
  const byId = new Map(opts.campaigns.map((c) => [c.campaign.id, c.campaign]));
  const reportLimited = createRateLimiter({
    ratePerMinute: opts.reportsPerMinute ?? 3,
    ratePerAddress: opts.reportsPerAddressPerMinute ?? 60,
    hops: opts.proxyHops ?? 0,
    now,
  });
  const daily = createDailyCap(
    opts.reportsPerAddressPerDay ?? REPORTS_PER_ADDRESS_PER_DAY,
    opts.proxyHops ?? 0,
    now,
  );
  const bursts = createBurstDetector();
  const page = (res: ServerResponse, lang: string, campaign: string, result: string) => {
    res.writeHead(303, {
      location: `/${encodeURIComponent(lang)}/${encodeURIComponent(campaign)}/offer/${result}/`,
      'cache-control': 'no-store',
      'content-length': 0,
    });
    res.end();
  };
  const read = async (req: IncomingMessage, res: ServerResponse, limit: number) => {
    if (Number(req.headers['content-length'] ?? 0) > limit) {
      closeAfter(req, res);
      tooLarge(res, `form over ${limit} bytes`);
      return undefined;
    }
    const body = await readBody(req, limit, res);
    if (body === undefined) tooLarge(res, `form over ${limit} bytes`);
    return body;
  };

  async function check(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await read(req, res, MAX_CHECK_BODY);
    if (body === undefined) return;
    const form = parseOfferForm(OfferCheckFormSchema, body);
    if (!form.ok) return badRequest(res, form.error);
    const { c, l, k, s } = form.value;
    const campaign = byId.get(c);
    if (!campaign?.offerCheck?.kinds.includes(k) || !campaign.languages.published.includes(l))
      return badRequest(res, `campaign "${c}" has no ${k} offer check in "${l}"`);
    const outcome = assessOffer(k, s);
    if (!opts.isBot(req) && !opts.optedOut(req) && !opts.limited(req)) {
      // The reader gets the meaning of their answers even when the count cannot be written.
      await recordOfferCheck(opts.store, {
        campaign: c,
        language: l,
        kind: k,
        outcome,
        day: now().toISOString().slice(0, 10),
      }).catch(onError);
    }
    page(res, l, c, outcome);
  }

  async function report(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await read(req, res, MAX_REPORT_BODY);
    if (body === undefined) return;
    const form = parseOfferForm(OfferReportFormSchema, body);
    const params = new URLSearchParams(body);
    const c = form.ok ? form.value.c : (params.get('c') ?? '');
    const l = form.ok ? form.value.l : (params.get('l') ?? '');
    const campaign = byId.get(c);
    if (!campaign?.offerReports || !campaign.languages.published.includes(l))
      return badRequest(res, `campaign "${c}" takes no offer reports in "${l}"`);
    // The browser checked the fields already (required, maxlength); what still fails is told on a page.
    if (!form.ok) return page(res, l, c, 'not-sent');
    if (reportLimited(req)) return page(res, l, c, 'not-sent');
    if (opts.isBot(req)) return page(res, l, c, 'reported');
    const sender = daily.sender(req);
    if (daily.over(sender)) return page(res, l, c, 'not-sent');
    const { kind, platform, link, text } = form.value;
    const at = now();
    const verdict = bursts.arrive(c, sender, text, at.getTime());
    try {
      const burst = verdict.arrival.burst;
      if (burst) await markOfferBurst(opts.store, c, verdict.mark, burst);
      const id = await insertOfferReport(opts.store, {
        campaign: c,
        language: l,
        kind,
        platform,
        link,
        text,
        day: at.toISOString().slice(0, 10),
        burst,
      });
      // A report that joined a burst while it was being written is marked now.
      const joined = bursts.stored(verdict, id, burst);
      if (joined) await markOfferBurst(opts.store, c, [id], joined);
    } catch (e) {
      onError(e);
      return page(res, l, c, 'not-sent');
    }
    page(res, l, c, 'reported');
  }

  return {
    handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> | void {
      if (req.method !== 'POST') return methodNotAllowed(res, 'POST');
      return path === OFFER_CHECK_PATH ? check(req, res) : report(req, res);
    },
  };
}
