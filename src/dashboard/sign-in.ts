import { createHmac, randomBytes } from 'node:crypto';
import { authenticate, createThrottle, normaliseEmail, type User } from '../core/auth/index.ts';
import type { Store } from '../core/metrics/index.ts';

export type SignInResult =
  | { kind: 'signed-in'; user: User }
  | { kind: 'wrong' }
  | { kind: 'throttled'; retryAfterMs: number }
  | { kind: 'busy'; retryAfterSeconds: number };

/**
 * Sign-in attempts through the throttle (src/core/auth/throttle.ts) and a small queue for the password
 * check: scrypt runs on libuv's thread pool, which also serves the site's file reads, so at most two
 * checks run at once and sixteen wait. The queue is fair: one waiting attempt per address, so a flood
 * from a dozen addresses holds a dozen places at most and the real user, from another address, gets one;
 * and the address with the fewest failures goes first, so the real user does not wait behind the flood.
 * An attempt turned away (its address already waits, or the queue is full) is "busy" and counts against
 * its address's allowance, so flooding uses up the flooder's own attempts. The throttle's keys are keyed
 * hashes: neither e-mails nor addresses are kept in clear, even in memory.
 */
export function createSignInGate(store: Store) {
  const throttleKey = randomBytes(16);
  const keyOf = (v: string) => createHmac('sha256', throttleKey).update(v).digest('base64url');
  const throttle = createThrottle();
  let active = 0;
  /** Attempts waiting for a check, one per (keyed) address, in the order they came. */
  const waiting = new Map<string, () => void>();
  // The next to go is the waiting address with the fewest failures (the first come among equals): a
  // real user's address, with none, goes before a flood's, whose busy answers counted as failures.
  const next = () => {
    let pick: string | undefined;
    let least = Number.POSITIVE_INFINITY;
    for (const address of waiting.keys()) {
      const n = throttle.failuresOf(address);
      if (n < least) [pick, least] = [address, n];
    }
    if (pick === undefined) return;
    const go = waiting.get(pick)!;
    waiting.delete(pick);
    go();
  };
  async function checking<T>(address: string, work: () => Promise<T>): Promise<T> {
    if (active >= 2) await new Promise<void>((go) => waiting.set(address, go));
    active++;
    try {
      return await work();
    } finally {
      active--;
      next();
    }
  }

  async function attempt(rawEmail: string, password: string, address: string): Promise<SignInResult> {
    const email = normaliseEmail(rawEmail);
    const from = keyOf(address);
    const gate = throttle.reserve(keyOf(email), from);
    if (!gate.ok) return { kind: 'throttled', retryAfterMs: gate.retryAfterMs };
    if (active >= 2 && (waiting.size >= 16 || waiting.has(from))) {
      gate.turnedAway();
      return { kind: 'busy', retryAfterSeconds: 5 };
    }
    let user: User | undefined;
    try {
      user = await checking(from, () => authenticate(store, email, password));
    } catch (e) {
      gate.failed();
      throw e;
    }
    if (!user) {
      gate.failed();
      return { kind: 'wrong' };
    }
    gate.succeeded();
    return { kind: 'signed-in', user };
  }
  return { attempt };
}

export type SignInGate = ReturnType<typeof createSignInGate>;

/**
 * Where to go after signing in: a dashboard path of this site and nothing else (no other host, no
 * `//evil`, no `/dashboard/../`), normalised by the URL parser; the overview otherwise.
 */
export function safeNext(next: string | null | undefined): string {
  if (!next?.startsWith('/') || next.startsWith('//') || /[\\\u0000-\u001f]/.test(next)) return '/dashboard/';
  let url: URL;
  try {
    url = new URL(next, 'http://dashboard.invalid');
  } catch {
    return '/dashboard/';
  }
  if (url.origin !== 'http://dashboard.invalid' || !url.pathname.startsWith('/dashboard/'))
    return '/dashboard/';
  return `${url.pathname}${url.search}`;
}
