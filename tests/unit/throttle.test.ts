import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createThrottle, SIGN_IN_RULES } from '../../src/core/auth/index.ts';

const MIN = 60_000;

function clock() {
  let t = Date.UTC(2027, 0, 1);
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

test('after 5 failures of one account from one address, waits double: 1, 2, 4, 8, then 15 minutes at most', () => {
  const c = clock();
  const throttle = createThrottle(SIGN_IN_RULES, c.now);
  for (let i = 0; i < 5; i++) {
    const r = throttle.reserve('acct', 'addr');
    assert.ok(r.ok);
    r.failed();
  }
  const waits: number[] = [];
  for (let i = 0; i < 6; i++) {
    const denied = throttle.reserve('acct', 'addr');
    assert.equal(denied.ok, false);
    if (denied.ok) return;
    waits.push(denied.retryAfterMs / MIN);
    c.advance(denied.retryAfterMs);
    const r = throttle.reserve('acct', 'addr');
    assert.ok(r.ok, `one attempt is let through after waiting ${denied.retryAfterMs / MIN} min`);
    r.failed();
  }
  assert.deepEqual(waits, [1, 2, 4, 8, 15, 15]);
});

test('attempts under way count: while 5 are being checked, a sixth is refused', () => {
  const throttle = createThrottle(SIGN_IN_RULES, clock().now);
  const under = Array.from({ length: 5 }, () => throttle.reserve('acct', 'addr'));
  assert.ok(under.every((r) => r.ok));
  assert.equal(throttle.reserve('acct', 'addr').ok, false);
});

test('a success from the address starts its pair afresh; each key is forgotten on its own an hour after its last failure', () => {
  const c = clock();
  const throttle = createThrottle(SIGN_IN_RULES, c.now);
  const fail = (acct: string, addr: string) => {
    const r = throttle.reserve(acct, addr);
    assert.ok(r.ok);
    r.failed();
  };
  for (let i = 0; i < 4; i++) fail('a', 'x');
  const good = throttle.reserve('a', 'x');
  assert.ok(good.ok);
  good.succeeded();
  for (let i = 0; i < 4; i++) fail('a', 'x');
  assert.ok(throttle.reserve('a', 'x').ok, 'four failures after a success are within the allowance');

  // Two pairs past their allowance at different times: the older is forgotten first (five free
  // attempts again), the younger is still remembered (one attempt at a time).
  for (let i = 0; i < 5; i++) fail('b', 'y');
  c.advance(30 * MIN);
  for (let i = 0; i < 5; i++) fail('c', 'z');
  c.advance(31 * MIN);
  assert.ok(Array.from({ length: 5 }, () => throttle.reserve('b', 'y')).every((r) => r.ok));
  assert.ok(throttle.reserve('c', 'z').ok);
  assert.equal(throttle.reserve('c', 'z').ok, false);
});

test('guesses spread over many addresses are slowed per account; many accounts from one address per address', () => {
  const throttle = createThrottle(SIGN_IN_RULES, clock().now);
  let refused = 0;
  for (let i = 0; i < 40; i++) {
    const r = throttle.reserve('victim', `addr-${i}`);
    if (r.ok) r.failed();
    else refused++;
  }
  assert.equal(refused, 40 - SIGN_IN_RULES.account);
  refused = 0;
  for (let i = 0; i < 80; i++) {
    const r = throttle.reserve(`acct-${i}`, 'sprayer');
    if (r.ok) r.failed();
    else refused++;
  }
  assert.equal(refused, 80 - SIGN_IN_RULES.address);
});

test('guesses from many addresses slow the account, but not for the real user from an address they signed in from', () => {
  const c = clock();
  const throttle = createThrottle(SIGN_IN_RULES, c.now);
  const home = throttle.reserve('user', 'home');
  assert.ok(home.ok);
  home.succeeded();
  // An attacker keeps the per-account allowance used up for three hours, one guess whenever it allows.
  let refusedAtHome = 0;
  for (let minute = 0; minute < 180; minute++) {
    for (let i = 0; i < 3; i++) {
      const g = throttle.reserve('user', `guesser-${minute}-${i}`);
      if (g.ok) g.failed();
    }
    if (minute % 10 === 0) {
      const r = throttle.reserve('user', 'home');
      if (r.ok) r.succeeded();
      else refusedAtHome++;
    }
    c.advance(MIN);
  }
  assert.equal(refusedAtHome, 0);
  // A new address for the same account is still held to the account's allowance.
  assert.equal(throttle.reserve('user', 'somewhere-new').ok, false);
});

test('an attempt turned away (the server was busy) counts against its address and pair, not the account', () => {
  const throttle = createThrottle(SIGN_IN_RULES, clock().now);
  for (let i = 0; i < 5; i++) {
    const r = throttle.reserve('acct', 'flooder');
    assert.ok(r.ok);
    r.turnedAway();
  }
  assert.equal(throttle.reserve('acct', 'flooder').ok, false, 'the pair has used its five attempts');
  for (let i = 0; i < SIGN_IN_RULES.address - 5; i++) {
    const r = throttle.reserve(`other-${i}`, 'flooder');
    assert.ok(r.ok);
    r.turnedAway();
  }
  assert.equal(throttle.reserve('fresh', 'flooder').ok, false, 'the address has used its allowance');
  // The account was never charged: from another address all of its attempts are there.
  const fromHome = Array.from({ length: SIGN_IN_RULES.pair }, () => throttle.reserve('acct', 'home'));
  assert.ok(fromHome.every((r) => r.ok));
});
