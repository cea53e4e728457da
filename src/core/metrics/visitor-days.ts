import { randomBytes as cryptoRandomBytes } from 'node:crypto';
import { CLOSE_AFTER_MS, closableBefore, closeEndedDays, utcDay } from './queries/events.ts';
import type { Store } from './store.ts';

const DAY_MS = 86_400_000;
/** After a failed close (the database away), when to try again. */
const RETRY_MS = 60_000;

export interface VisitorDaysOptions {
  store: Store;
  now?: () => Date;
  /** Where salts come from (tests pass their own, to look for the salt in the database files). */
  randomBytes?: (size: number) => Buffer;
  /**
   * The day's salt when another process draws it (the primary of `WORKERS=n`, src/server/cluster.ts),
   * so that every worker hashes a reader alike; undefined for a day it has not handed over, and then
   * this process draws its own (counted twice across workers rather than not at all).
   */
  sharedSalt?: (day: string) => Buffer | undefined;
  /** Told when closing ended days fails; it is tried again a minute later. */
  onError?: (error: unknown) => void;
}

export interface VisitorDays {
  /** The salt of today's visitor hashes; a new one once `day` is not the day of the current salt. */
  saltFor(day: string): string;
  /** Resolves once every close of ended days started so far has finished. */
  settled(): Promise<void>;
  /** Stops the midnight timer (it never keeps the process alive anyway). */
  stop(): void;
}

/**
 * The life of a day's visitor hashes, in one process. The salt is random, lives in this process's
 * memory only and is never written anywhere; it is dropped at midnight UTC by a timer, so it does not
 * outlive its day even when no reader comes, and checked on every use. A minute after midnight
 * (CLOSE_AFTER_MS, for events stamped just before it that are still being written) the ended days are
 * closed: their unique-visitor counts were added to facts as events were written and are final, and
 * their hashes are deleted from the store. Days that ended while no process ran are closed at start.
 *
 * The cost: a restart draws a new salt, so a reader seen before and after it counts twice that day.
 * Workers of one server share the primary's salt (`sharedSalt`), so a reader reaching two of them is
 * one reader.
 */
export function createVisitorDays(opts: VisitorDaysOptions): VisitorDays {
  const now = opts.now ?? (() => new Date());
  const random = opts.randomBytes ?? cryptoRandomBytes;
  const onError =
    opts.onError ??
    ((e: unknown) =>
      console.error(
        `visitor hashes of ended days not deleted yet (retrying in a minute): ${(e as Error).message}`,
      ));
  let salt: { day: string; bytes: Buffer; value: string } | undefined;
  let closed = '';
  let closing: Promise<void> = Promise.resolve();
  let wakeAt = 0;
  let timer: NodeJS.Timeout | undefined;

  const wake = (at: number, t: number) => {
    wakeAt = at;
    clearTimeout(timer);
    timer = setTimeout(tick, Math.max(0, at - t));
    timer.unref();
  };

  function tick() {
    const t = now().getTime();
    if (salt && salt.day !== utcDay(t)) {
      // The bytes are wiped; the string made from them is unreachable from here on and freed by the GC.
      salt.bytes.fill(0);
      salt = undefined;
    }
    const before = closableBefore(t);
    const nextMidnight = Math.floor(t / DAY_MS) * DAY_MS + DAY_MS;
    const nextClose = Math.floor((t - CLOSE_AFTER_MS) / DAY_MS) * DAY_MS + DAY_MS + CLOSE_AFTER_MS;
    wake(Math.min(nextMidnight, nextClose), t);
    if (before <= closed) return;
    closing = closing.then(() =>
      closeEndedDays(opts.store, before).then(
        () => {
          if (before > closed) closed = before;
        },
        (e: unknown) => {
          onError(e);
          wake(Math.min(wakeAt, t + RETRY_MS), t);
        },
      ),
    );
  }
  tick();

  return {
    saltFor(day: string) {
      if (now().getTime() >= wakeAt) tick();
      if (salt?.day !== day) {
        salt?.bytes.fill(0);
        const shared = opts.sharedSalt?.(day);
        const bytes = shared ? Buffer.from(shared) : random(32);
        salt = { day, bytes, value: bytes.toString('base64url') };
      }
      return salt.value;
    },
    settled: () => closing,
    stop: () => clearTimeout(timer),
  };
}
