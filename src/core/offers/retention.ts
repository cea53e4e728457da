import { DEFAULT_OFFER_RETENTION_DAYS } from '../campaign/schema/offer.ts';
import type { Store } from '../metrics/store.ts';
import { deleteOfferReportsBefore } from './store.ts';

const DAY_MS = 86_400_000;

/** A campaign's id and how long its offer reports are kept. */
export interface OfferRetention {
  campaign: string;
  /** Days after the day received; DEFAULT_OFFER_RETENTION_DAYS when the campaign sets none. */
  retentionDays?: number;
}

/**
 * The first day whose reports are still kept on `today`: a report received on day D is kept through
 * D + retentionDays and deleted from the next day on.
 *
 * @example retentionCutoff('2027-04-01', 90) // '2027-01-01': reports of 2026-12-31 and before go
 */
export function retentionCutoff(today: string, retentionDays: number): string {
  return new Date(Date.parse(`${today}T00:00:00Z`) - retentionDays * DAY_MS).toISOString().slice(0, 10);
}

/** Deletes every campaign's reports past its retention period on `now`'s UTC day; returns how many. */
export async function deleteExpiredOfferReports(
  store: Store,
  campaigns: readonly OfferRetention[],
  now: Date = new Date(),
): Promise<number> {
  const today = now.toISOString().slice(0, 10);
  let deleted = 0;
  for (const c of campaigns)
    deleted += await deleteOfferReportsBefore(
      store,
      c.campaign,
      retentionCutoff(today, c.retentionDays ?? DEFAULT_OFFER_RETENTION_DAYS),
    );
  return deleted;
}

export interface RetentionJob {
  /** Resolves once the run started last has finished. */
  settled(): Promise<void>;
  stop(): void;
}

/**
 * The retention job of a running server: once at start (a server that was down on the day a report
 * expired deletes it now), then a minute after each midnight UTC, by a timer that never keeps the
 * process alive. A failed run (the database away) is reported and tried again an hour later.
 */
export function startOfferRetention(opts: {
  store: Store;
  campaigns: readonly OfferRetention[];
  now?: () => Date;
  onError?: (e: unknown) => void;
}): RetentionJob {
  const now = opts.now ?? (() => new Date());
  const onError =
    opts.onError ??
    ((e: unknown) => console.error(`offer reports past retention not deleted yet: ${(e as Error).message}`));
  let running: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  const schedule = (ms: number) => {
    clearTimeout(timer);
    timer = setTimeout(run, ms);
    timer.unref();
  };
  function run() {
    const t = now().getTime();
    schedule(Math.floor(t / DAY_MS) * DAY_MS + DAY_MS + 60_000 - t);
    running = running.then(() =>
      deleteExpiredOfferReports(opts.store, opts.campaigns, new Date(t)).then(
        () => {},
        (e: unknown) => {
          onError(e);
          schedule(3_600_000);
        },
      ),
    );
  }
  run();
  return { settled: () => running, stop: () => clearTimeout(timer) };
}
