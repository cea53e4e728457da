import { hash, randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { TrackedLink } from '../core/site/tracked-links.ts';
import { clientAddress } from './http.ts';

/**
 * Whether an impression comes from its placement's declared site: the browser's `Origin` (the partner
 * page's, since the banner runs there) equals the origin of the placement's `site`, scheme, host and
 * port, the host in any case. A placement without `site` accepts none; neither does a request without
 * `Origin` (no browser sends a cross-site beacon without one) or with `Origin: null` (a partner page
 * whose Referrer-Policy is no-referrer sends that: the README says so). A non-browser can write any
 * Origin: what bounds it is the per-reader and per-address allowance below.
 */
export function fromPlacementSite(req: IncomingMessage, link: TrackedLink): boolean {
  const header = req.headers.origin;
  if (!link.origin || typeof header !== 'string' || header === 'null') return false;
  try {
    return new URL(header).origin === link.origin;
  } catch {
    return false;
  }
}

/**
 * A reader at a human rate. The banner shows on every page of the partner's site a reader opens (closing
 * it holds for the visit only), so a reader browsing a forum for an hour may send dozens of impressions;
 * as exposure, the first few of a sitting are what matter, and more only repeat them. So one reader
 * (the collector's daily visitor key) adds at most 4 impressions to one placement in a clock hour and 12
 * in a day: a reader reloading 1,000 times adds 4, a reader coming back morning, noon and evening is
 * counted each time. A reader rotating user agents is a new visitor key each time, so each address also
 * adds at most 300 impressions to one placement an hour: 75 readers at the reader allowance sharing one
 * carrier address in one hour on one partner's pages is far above what a partner site sees, and one
 * address forging impressions adds 300 an hour where it added 5,596 a minute.
 */
export const IMPRESSIONS_PER_READER_PER_HOUR = 4;
export const IMPRESSIONS_PER_READER_PER_DAY = 12;
export const IMPRESSIONS_PER_ADDRESS_PER_HOUR = 300;
/** Keys kept at most (about 100 bytes each): readers per day, addresses per hour. */
const MAX_READERS = 100_000;
const MAX_ADDRESSES = 50_000;

export interface ImpressionAllowanceOptions {
  hops: number;
  now: () => Date;
  perReaderPerHour?: number;
  perReaderPerDay?: number;
  perAddressPerHour?: number;
}

/**
 * The allowance of impressions per reader and placement (per hour and per day) and per address and
 * placement (per hour), counted in memory only and bounded: readers are keyed by their visitor key (a
 * hash with the day's salt) and forgotten at midnight UTC; addresses are hashed with a key that lives
 * in this process only and forgotten each hour. When the day's reader table is full, new readers are
 * held to their address's allowance alone; an hour with more distinct addresses than the address table
 * holds counts none of the newest.
 */
export function createImpressionAllowance(opts: ImpressionAllowanceOptions) {
  const perHour = opts.perReaderPerHour ?? IMPRESSIONS_PER_READER_PER_HOUR;
  const perDay = opts.perReaderPerDay ?? IMPRESSIONS_PER_READER_PER_DAY;
  const perAddress = opts.perAddressPerHour ?? IMPRESSIONS_PER_ADDRESS_PER_HOUR;
  const processKey = randomBytes(16).toString('hex');
  // Per reader and placement, one number: hour of day × 10,000 + impressions that hour × 100 + that day.
  let readers = new Map<string, number>();
  let addresses = new Map<string, number>();
  let day = -1;
  let hour = -1;

  /** Whether this impression counts; it is then counted against its allowances. */
  return (req: IncomingMessage, code: string, visitor: string): boolean => {
    const t = opts.now().getTime();
    const h = Math.floor(t / 3_600_000);
    if (h !== hour) {
      hour = h;
      addresses = new Map();
    }
    if (Math.floor(h / 24) !== day) {
      day = Math.floor(h / 24);
      readers = new Map();
    }
    const hourOfDay = h % 24;
    const r = `${visitor}|${code}`;
    const packed = readers.get(r);
    const sameHour = packed !== undefined && Math.floor(packed / 10_000) === hourOfDay;
    const inHour = sameHour ? Math.floor(packed / 100) % 100 : 0;
    const inDay = packed === undefined ? 0 : packed % 100;
    if (inHour >= perHour || inDay >= perDay) return false;

    const a = hash('sha256', `${processKey}|${clientAddress(req, opts.hops)}|${code}`, 'base64').slice(0, 16);
    const fromAddress = addresses.get(a);
    if (fromAddress === undefined && addresses.size >= MAX_ADDRESSES) return false;
    if ((fromAddress ?? 0) >= perAddress) return false;
    addresses.set(a, (fromAddress ?? 0) + 1);
    if (packed !== undefined || readers.size < MAX_READERS)
      readers.set(r, hourOfDay * 10_000 + (inHour + 1) * 100 + inDay + 1);
    return true;
  };
}
