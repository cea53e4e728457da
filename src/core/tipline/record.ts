import {
  addTiplineFact,
  addTiplineReader,
  saveTiplineConversation,
  takeTiplineUpdate,
} from '../metrics/queries/tipline.ts';
import type { Store } from '../metrics/store.ts';
import { insertOfferReport, recordOfferCheck } from '../offers/store.ts';
import type { TiplineEffects, TiplinePlatform, TiplineState } from './conversation.ts';

export interface TiplineTurnRecord {
  platform: TiplinePlatform;
  /** UTC day, `YYYY-MM-DD`. */
  day: string;
  /** The chat's keyed hash of that day. */
  chat: string;
  /** The update's keyed hash (de-duplicates the platform's retries). */
  update: string;
  /** The state before the turn (its campaign and language are what the counts are of). */
  before: TiplineState | undefined;
  state: TiplineState;
  effects: TiplineEffects;
  /** The audience of the tracked link that started the conversation, or ''. */
  audience: string;
}

/** The chat's state changed between reading it and storing the turn (another worker took an update). */
export class TiplineConflict extends Error {
  constructor() {
    super('the conversation changed while this turn was made; make it again');
  }
}

/**
 * Stores one turn in one transaction: the update as taken, the new state, and its counts (a conversation
 * and a reader of the day when a language was chosen, an offer check through the web form's own
 * recordOfferCheck, a report through insertOfferReport, a contact hand-off). Returns false, writing
 * nothing, when the update was taken before: a retry is acknowledged, not counted again. Throws
 * TiplineConflict, writing nothing, when the state is no longer `before`.
 */
export async function recordTiplineTurn(store: Store, turn: TiplineTurnRecord): Promise<boolean> {
  const { platform, day, chat, effects } = turn;
  return store.db.transaction().execute(async (trx) => {
    if (!(await takeTiplineUpdate(trx, { platform, day, key: turn.update }))) return false;
    if (!(await saveTiplineConversation(trx, { platform, day, chat }, turn.before, turn.state)))
      throw new TiplineConflict();
    const at = turn.state;
    const group = { campaign: at.campaign, day, channel: platform, language: at.language };
    if (effects.started)
      await addTiplineFact(trx, {
        ...group,
        audience: turn.audience,
        detail: effects.started.code,
        metric: 'tipline-conversations',
      });
    if (effects.reader && (await addTiplineReader(trx, { ...group, platform, chat })))
      await addTiplineFact(trx, { ...group, audience: '', detail: '', metric: 'tipline-readers' });
    if (effects.check)
      await recordOfferCheck(
        store,
        { campaign: at.campaign, language: at.language, day, channel: platform, ...effects.check },
        trx,
      );
    if (effects.report) {
      await insertOfferReport(
        store,
        { campaign: at.campaign, language: at.language, day, link: '', ...effects.report },
        trx,
      );
      await addTiplineFact(trx, {
        ...group,
        audience: '',
        detail: effects.report.kind,
        metric: 'tipline-reports',
      });
    }
    if (effects.contact)
      await addTiplineFact(trx, { ...group, audience: '', detail: '', metric: 'tipline-contacts' });
    return true;
  });
}
