import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TiplineInput, TiplineReply } from '../../core/tipline/index.ts';
import { badRequest, closeAfter, methodNotAllowed, readBody, sendError, tooLarge } from '../http.ts';
import { postJson, sameSecret, type TiplineService } from './service.ts';

/** Telegram sends one update per call; a text message is at most 4,096 characters. */
const MAX_BODY = 65_536;

/** The parts of a Bot API `Update` this tipline reads (https://core.telegram.org/bots/api#update). */
interface TelegramUpdate {
  update_id?: unknown;
  message?: { chat?: { id?: unknown; type?: unknown }; text?: unknown };
  callback_query?: {
    id?: unknown;
    data?: unknown;
    message?: { chat?: { id?: unknown; type?: unknown } };
  };
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A reply as a `sendMessage` call: `*bold*` as HTML bold, one button a row (labels can be long). */
export function telegramMessage(chatId: string | number, reply: TiplineReply) {
  const keyboard = [
    ...(reply.buttons ?? []).map((b) => [{ text: b.label, callback_data: b.id }]),
    ...(reply.links ?? []).map((l) => [{ text: l.label, url: l.url }]),
  ];
  return {
    chat_id: chatId,
    text: escapeHtml(reply.text).replace(/\*([^*\n]+)\*/g, '<b>$1</b>'),
    parse_mode: 'HTML',
    link_preview_options: { is_disabled: true },
    ...(keyboard.length && { reply_markup: { inline_keyboard: keyboard } }),
  };
}

export interface TelegramOptions {
  service: TiplineService;
  token: string;
  secret: string;
  /** The Bot API's address (TELEGRAM_API_BASE): Telegram's, a local Bot API server, or a test's stand-in. */
  apiBase: string;
}

/**
 * `POST /api/tipline/telegram`: the Bot API's webhook (setWebhook with `secret_token`). A call without
 * the secret in `X-Telegram-Bot-Api-Secret-Token` is refused. An update is acknowledged (200) once its
 * effects are stored; the replies go out after, through `sendMessage`. Updates of groups and channels,
 * and what is neither a message nor a button, are acknowledged and ignored.
 */
export function createTelegramWebhook(opts: TelegramOptions) {
  const api = (method: string) => `${opts.apiBase.replace(/\/$/, '')}/bot${opts.token}/${method}`;
  return async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'POST') return methodNotAllowed(res, 'POST');
    const sent = req.headers['x-telegram-bot-api-secret-token'];
    if (!sameSecret(typeof sent === 'string' ? sent : undefined, opts.secret)) {
      closeAfter(req, res);
      return sendError(
        res,
        401,
        'unauthorized',
        'X-Telegram-Bot-Api-Secret-Token is missing or is not this webhook’s secret',
      );
    }
    if (Number(req.headers['content-length'] ?? 0) > MAX_BODY) {
      closeAfter(req, res);
      return tooLarge(res, `an update is under ${MAX_BODY} bytes`);
    }
    const body = await readBody(req, MAX_BODY, res);
    if (body === undefined) return tooLarge(res, `an update is under ${MAX_BODY} bytes`);
    let update: TelegramUpdate;
    try {
      update = JSON.parse(body) as TelegramUpdate;
    } catch {
      return badRequest(res, 'the body is not JSON');
    }
    if (typeof update !== 'object' || update === null || !Number.isInteger(update.update_id))
      return badRequest(res, 'update_id: expected an integer');
    const q = update.callback_query;
    // The tapped button stops spinning: answered in the webhook's own response (the Bot API takes one
    // method call there), which spares a call of its own.
    const ok = (answer = false) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        answer && q && typeof q.id === 'string'
          ? JSON.stringify({ method: 'answerCallbackQuery', callback_query_id: q.id })
          : '{}',
      );
    };
    const chatOf = q ? q.message?.chat : update.message?.chat;
    const chatId = chatOf?.id;
    if ((typeof chatId !== 'number' && typeof chatId !== 'string') || chatOf?.type !== 'private') return ok();
    let input: TiplineInput;
    if (q) {
      if (typeof q.data !== 'string' || q.data.length > 64) return ok();
      input = { button: q.data };
    } else {
      const text = update.message?.text;
      input = { text: typeof text === 'string' ? text.slice(0, 4096) : '' };
    }
    const deliver = async (replies: TiplineReply[]) => {
      // The tapped button stops spinning once answered.
      if (q && typeof q.id === 'string')
        await postJson(api('answerCallbackQuery'), { callback_query_id: q.id });
      for (const r of replies) await postJson(api('sendMessage'), telegramMessage(chatId, r));
    };
    try {
      await opts.service.take(String(chatId), String(update.update_id), input, deliver);
    } catch (e) {
      // Not stored, so not acknowledged: Telegram sends the update again.
      console.error(`tipline: a Telegram update was not stored: ${(e as Error).message}`);
      return sendError(res, 503, 'unavailable', 'the update could not be stored; send it again');
    }
    ok(true);
  };
}
