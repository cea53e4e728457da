import { hash, randomBytes } from 'node:crypto';

/**
 * Bursts of offer reports, told at arrival, in memory only. Reports keep the day they came, not the
 * time, so a burst cannot be found afterwards; here it is found as it happens and only its id is stored
 * on its reports.
 *
 * A report belongs to a burst when, within the last ten minutes of that campaign's reports:
 * - its sender (a keyed hash of the address, made by the caller, never stored) sent 4 before it: a
 *   person reporting what they saw writes one or two, and the per-reader limit allows 3 a minute;
 * - or 2 reports before it had the same text (compared without case, spacing or punctuation): readers
 *   who paste the same advert do write the same words, but three in ten minutes is a campaign, and the
 *   reviewer sees the burst's text before setting it aside.
 * The earlier reports that made it a burst join it too (the caller marks them), and reports of another
 * sender or text that make a burst while one is going on in the campaign join that one: a flood from
 * four addresses is one burst, set aside in one action. A report that matches nothing joins no burst,
 * whatever arrives around it, so a genuine report sent during a flood stays in the list.
 */
export const BURST_WINDOW_MS = 10 * 60_000;
export const BURST_SAME_SENDER = 5;
export const BURST_SAME_TEXT = 3;
/** Arrivals remembered per campaign at most: a flood only pushes out its own oldest. */
const MAX_REMEMBERED = 2000;

interface Arrival {
  at: number;
  sender: string;
  text: string;
  /** The stored report's id, once written. */
  id?: number;
  burst?: string;
}

/** What the caller does with one arriving report. */
export interface BurstVerdict {
  /** The burst id to store with the report (read again after the insert: it may be set meanwhile). */
  readonly arrival: { burst?: string; id?: number };
  /** Earlier reports (ids) that joined the burst now and must be marked in the store. */
  mark: number[];
}

/** The text as compared: case, spacing, punctuation and symbols ignored. */
export const textKey = (text: string): string =>
  text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\p{P}\p{S}\s]+/gu, ' ')
    .trim();

export function createBurstDetector(opts: { newId?: () => string } = {}) {
  const newId = opts.newId ?? (() => randomBytes(9).toString('base64url'));
  const byCampaign = new Map<string, Arrival[]>();

  return {
    /**
     * One report arriving at `at` (ms) from `sender` (a keyed hash of its address). Returns its
     * arrival record, to be given the stored id with `stored`, and the ids of earlier reports to mark.
     */
    arrive(campaign: string, sender: string, text: string, at: number): BurstVerdict {
      let recent = byCampaign.get(campaign);
      if (!recent) byCampaign.set(campaign, (recent = []));
      while (recent.length && (recent[0]!.at <= at - BURST_WINDOW_MS || recent.length >= MAX_REMEMBERED))
        recent.shift();
      // The text as a short hash: 2,000 reports of 1,000 characters would hold 2 MB per campaign.
      const arrival: Arrival = { at, sender, text: hash('sha256', textKey(text), 'base64').slice(0, 16) };
      const sameSender = recent.filter((a) => a.sender === sender);
      const sameText = recent.filter((a) => a.text === arrival.text);
      const matched = [
        ...(sameSender.length + 1 >= BURST_SAME_SENDER ? sameSender : []),
        ...(sameText.length + 1 >= BURST_SAME_TEXT ? sameText : []),
      ];
      const mark: number[] = [];
      if (matched.length) {
        // The burst going on in this campaign, if any (its latest report is within the window).
        const going = matched.find((a) => a.burst)?.burst ?? recent.findLast((a) => a.burst)?.burst;
        arrival.burst = going ?? newId();
        for (const a of matched) {
          if (a.burst) continue;
          a.burst = arrival.burst;
          if (a.id !== undefined) mark.push(a.id);
        }
      }
      recent.push(arrival);
      return { arrival, mark };
    },
    /**
     * The report was stored with `storedBurst`; returns the burst it must have now, if it joined one
     * while it was being written (then the caller marks it).
     */
    stored(verdict: BurstVerdict, id: number, storedBurst: string | undefined): string | undefined {
      const arrival = verdict.arrival as Arrival;
      arrival.id = id;
      return arrival.burst !== storedBurst ? arrival.burst : undefined;
    },
  };
}

export type BurstDetector = ReturnType<typeof createBurstDetector>;
