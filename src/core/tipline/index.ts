export {
  createConversation,
  TIPLINE_PLATFORMS,
  type Conversation,
  type TiplineContext,
  type TiplineEffects,
  type TiplineInput,
  type TiplinePlatform,
  type TiplineReply,
  type TiplineState,
  type TiplineTurn,
} from './conversation.ts';
export { recordTiplineTurn, TiplineConflict, type TiplineTurnRecord } from './record.ts';
export { htmlToChat } from './text.ts';
export { tiplineLinks } from './links.ts';
export {
  closeTiplineDays,
  getTiplineConversation,
  tiplineCounts,
} from '../metrics/queries/tipline.ts';
export { summariseTipline, TIPLINE_METRICS, type TiplineSummaryRow } from './summary.ts';
