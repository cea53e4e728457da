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
 * from a dozen addresses holds a dozen places at most and the real user, from another address, gets one.
 * An attempt turned away (its address already waits, or the queue is full) is "busy" and counts against
 * its address's allowance, so flooding uses up the flooder's own attempts. The throttle's keys are keyed
 * hashes: neither e-mails nor addresses are kept in clear, even in memory.
 */
export function createSignInGate(store: Store) {
  const throttleKey = randomBytes(16);
  const keyOf = (v: string) => createHmac('sha256', throttleKey).update(v).digest('base64url');
  const throttle = createThrottle();
  let active = 0;
  const waiting: (() => void)[] = [];
  /** The (keyed) addresses with an attempt waiting. */
  const waitingFrom = new Set<string>();
  async function checking<T>(address: string, work: () => Promise<T>): Promise<T> {
    if (active >= 2) {
      waitingFrom.add(address);
      await new Promise<void>((go) => waiting.push(go));
      waitingFrom.delete(address);
    }
    active++;
    try {
      return await work();
    } finally {
      active--;
      waiting.shift()?.();
    }
  }

  async function attempt(rawEmail: string, password: string, address: string): Promise<SignInResult> {
    const email = normaliseEmail(rawEmail);
    const from = keyOf(address);
    const gate = throttle.reserve(keyOf(email), from);
    if (!gate.ok) return { kind: 'throttled', retryAfterMs: gate.retryAfterMs };
    if (active >= 2 && (waiting.length >= 16 || waitingFrom.has(from))) {
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
