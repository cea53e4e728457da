/**
 * Sign-in throttle. Each attempt is reserved *before* its password is checked, so parallel guesses
 * cannot all slip in while the first ones are still being hashed. Failures are counted per
 * (account, address) pair — which slows a guesser without locking the real user out from their own
 * address — and, with higher allowances, per account (guesses spread over many addresses) and per
 * address (one address trying many accounts). A pair that signed in successfully is known for 30 days
 * and exempt from the per-account allowance, so guesses from elsewhere cannot lock the real user out
 * of an account they use from a known address. Past its allowance a key waits, and the wait doubles with
 * each further failure (1 min, 2, 4, … up to 15 min); one attempt at a time is let through when the
 * wait is over. A key is forgotten a while after its last failure, each on its own (no window that
 * resets every key at once). Keys are whatever the caller passes (the server passes keyed hashes, so
 * no address is kept in clear even in memory).
 */
export interface ThrottleRules {
  /** Failures allowed per (account, address), per account and per address before waits begin. */
  pair: number;
  account: number;
  address: number;
  firstWaitMs: number;
  maxWaitMs: number;
  /** A key with no failure for this long starts afresh. */
  forgetMs: number;
  /** How long a successful (account, address) pair stays known, exempt from the per-account allowance. */
  knownMs: number;
}

export const SIGN_IN_RULES: ThrottleRules = {
  pair: 5,
  account: 20,
  address: 50,
  firstWaitMs: 60_000,
  maxWaitMs: 15 * 60_000,
  forgetMs: 60 * 60_000,
  knownMs: 30 * 24 * 60 * 60_000,
};

interface Entry {
  failures: number;
  pending: number;
  waitUntil: number;
  last: number;
}

/**
 * `turnedAway`: the attempt never reached the password check (the server was busy). It still counts as a
 * failure of its address (the address and the (account, address) pair), so a flood of attempts the
 * server has no room for uses up the flooding addresses' allowances and not the real user's; the account
 * itself is not charged, or anyone could lock it by flooding.
 */
export type Reservation =
  | { ok: true; succeeded(): void; failed(): void; turnedAway(): void }
  | { ok: false; retryAfterMs: number };

export function createThrottle(
  rules: ThrottleRules = SIGN_IN_RULES,
  now: () => number = Date.now,
  maxKeys = 100_000,
) {
  const entries = new Map<string, Entry>();
  const known = new Map<string, number>();
  const entry = (key: string, t: number): Entry => {
    let e = entries.get(key);
    if (e && e.pending === 0 && t - e.last > rules.forgetMs) e = undefined;
    if (!e) {
      if (entries.size >= maxKeys) prune(t);
      e = { failures: 0, pending: 0, waitUntil: 0, last: t };
      entries.set(key, e);
    }
    return e;
  };
  const prune = (t: number) => {
    for (const [k, e] of entries)
      if (e.pending === 0 && (t - e.last > rules.forgetMs || e.failures === 0)) entries.delete(k);
    // Still full (a flood of fresh keys): drop the oldest, which Map iteration order gives first.
    for (const k of entries.keys()) {
      if (entries.size < maxKeys) break;
      entries.delete(k);
    }
  };
  /** How long a key must still wait, 0 when an attempt may go ahead. */
  const waitFor = (e: Entry, allowance: number, t: number) => {
    if (e.failures + e.pending < allowance) return 0;
    if (e.failures < allowance) return 5_000; // the allowance is taken by attempts under way
    if (t < e.waitUntil) return e.waitUntil - t;
    return e.pending > 0 ? 5_000 : 0;
  };

  function reserve(account: string, address: string): Reservation {
    const t = now();
    const pairKey = `p|${account}|${address}`;
    const isKnown = (known.get(pairKey) ?? 0) > t;
    // Each key with its allowance, and whether it is one of the address's (charged when turned away).
    const keyed: [Entry, number, boolean][] = [
      [entry(pairKey, t), rules.pair, true],
      ...(isKnown ? [] : [[entry(`a|${account}`, t), rules.account, false] as [Entry, number, boolean]]),
      [entry(`i|${address}`, t), rules.address, true],
    ];
    const wait = Math.max(...keyed.map(([e, allowance]) => waitFor(e, allowance, t)));
    if (wait > 0) return { ok: false, retryAfterMs: wait };
    for (const [e] of keyed) e.pending++;
    let settled = false;
    const settle = (failed: boolean, addressOnly = false) => {
      if (settled) return;
      settled = true;
      const at = now();
      for (const [e, allowance, ofAddress] of keyed) {
        e.pending--;
        if (!failed || (addressOnly && !ofAddress)) continue;
        e.failures++;
        e.last = at;
        if (e.failures >= allowance)
          e.waitUntil = at + Math.min(rules.maxWaitMs, rules.firstWaitMs * 2 ** (e.failures - allowance));
      }
      // The real user got in from this address: their pair starts afresh (the account and address
      // counters do not, or a guesser could reset them with one good sign-in of their own).
      if (!failed) {
        entries.delete(pairKey);
        if (known.size >= maxKeys) for (const [k, until] of known) if (until <= at) known.delete(k);
        if (known.size < maxKeys) known.set(pairKey, at + rules.knownMs);
      }
    };
    return {
      ok: true,
      succeeded: () => settle(false),
      failed: () => settle(true),
      turnedAway: () => settle(true, true),
    };
  }

  /** Failures an address has to its name now (0 once forgotten): who goes first in a queue. */
  const failuresOf = (address: string) => {
    const e = entries.get(`i|${address}`);
    return e && now() - e.last <= rules.forgetMs ? e.failures : 0;
  };

  return { reserve, failuresOf, size: () => entries.size };
}
