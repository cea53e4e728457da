import { createHmac } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TiplineInput, TiplineReply } from '../../core/tipline/index.ts';
import { badRequest, closeAfter, methodNotAllowed, readBody, sendError, tooLarge } from '../http.ts';
import { postJson, sameSecret, type TiplineService } from './service.ts';

/** Meta batches up to 1,000 updates in one call. */
const MAX_BODY = 1_048_576;
/** Replies only inside the customer-service window: 24 hours after the reader's last message. */
const WINDOW_MS = 24 * 3_600_000;

interface WhatsappMessage {
  from?: unknown;
  id?: unknown;
  timestamp?: unknown;
  type?: unknown;
  text?: { body?: unknown };
  interactive?: {
    type?: unknown;
    button_reply?: { id?: unknown };
    list_reply?: { id?: unknown };
  };
}
interface WhatsappPayload {
  object?: unknown;
  entry?: {
    changes?: {
      field?: unknown;
      value?: { metadata?: { phone_number_id?: unknown }; messages?: WhatsappMessage[] };
    }[];
  }[];
}

const cut = (s: string, n: number) => (s.length <= n ? s : `${s.slice(0, n - 1)}…`);

/**
 * A reply as Cloud API messages: text; up to three reply buttons (titles up to 20 characters); a list
 * for more (rows up to ten, titles up to 24 with the whole label as description). Links are written
 * into the text, where WhatsApp makes them tappable. `*bold*` is WhatsApp's own mark.
 */
export function whatsappMessages(to: string, reply: TiplineReply): object[] {
  const text = [reply.text, ...(reply.links ?? []).map((l) => `${l.label}: ${l.url}`)].join('\n\n');
  const base = { messaging_product: 'whatsapp', recipient_type: 'individual', to };
  const buttons = reply.buttons ?? [];
  if (!buttons.length)
    return [{ ...base, type: 'text', text: { body: cut(text, 4096), preview_url: false } }];
  const body = { text: cut(text, 1024) };
  if (buttons.length <= 3 && buttons.every((b) => b.label.length <= 20))
    return [
      {
        ...base,
        type: 'interactive',
        interactive: {
          type: 'button',
          body,
          action: { buttons: buttons.map((b) => ({ type: 'reply', reply: { id: b.id, title: b.label } })) },
        },
      },
    ];
  return [
    {
      ...base,
      type: 'interactive',
      interactive: {
        type: 'list',
        body,
        action: {
          button: cut(reply.choose ?? '…', 20),
          sections: [
            {
              rows: buttons.slice(0, 10).map((b) => ({
                id: b.id,
                title: cut(b.label, 24),
                ...(b.label.length > 24 && { description: cut(b.label, 72) }),
              })),
            },
          ],
        },
      },
    },
  ];
}

/** The `X-Hub-Signature-256` Meta sends: `sha256=` and the HMAC-SHA256 of the raw body with the app secret. */
export function whatsappSignature(appSecret: string, body: string | Buffer): string {
  return `sha256=${createHmac('sha256', appSecret).update(body).digest('hex')}`;
}

export interface WhatsappOptions {
  service: TiplineService;
  token: string;
  appSecret: string;
  verifyToken: string;
  /** The Graph API's address with its version (WHATSAPP_API_BASE), or a test's stand-in. */
  apiBase: string;
  now?: () => Date;
}

/**
 * `GET /api/tipline/whatsapp`: the subscription check (`hub.mode=subscribe`, `hub.verify_token`, answered
 * with `hub.challenge`). `POST`: the Cloud API's webhook, refused unless `X-Hub-Signature-256` is the
 * app secret's HMAC of the body. Each message is stored before the call is acknowledged; replies go out
 * after through `/<phone-number-id>/messages`, and only within 24 hours of the reader's message.
 */
export function createWhatsappWebhook(opts: WhatsappOptions) {
  const now = opts.now ?? (() => new Date());
  const api = (phoneId: string) =>
    `${opts.apiBase.replace(/\/$/, '')}/${encodeURIComponent(phoneId)}/messages`;
  return async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method === 'GET') {
      const params = new URL(req.url ?? '/', 'http://x').searchParams;
      if (params.get('hub.mode') !== 'subscribe') return badRequest(res, 'hub.mode: expected "subscribe"');
      const challenge = params.get('hub.challenge') ?? '';
      if (!/^[\w-]{1,200}$/.test(challenge)) return badRequest(res, 'hub.challenge: expected a short token');
      if (!sameSecret(params.get('hub.verify_token') ?? undefined, opts.verifyToken))
        return sendError(res, 403, 'forbidden', 'hub.verify_token is not this webhook’s verify token');
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
      return void res.end(challenge);
    }
    if (req.method !== 'POST') return methodNotAllowed(res, 'GET, POST');
    if (Number(req.headers['content-length'] ?? 0) > MAX_BODY) {
      closeAfter(req, res);
      return tooLarge(res, `a webhook call is under ${MAX_BODY} bytes`);
    }
    const body = await readBody(req, MAX_BODY, res);
    if (body === undefined) return tooLarge(res, `a webhook call is under ${MAX_BODY} bytes`);
    const signature = req.headers['x-hub-signature-256'];
    if (
      !sameSecret(
        typeof signature === 'string' ? signature : undefined,
        whatsappSignature(opts.appSecret, body),
      )
    )
      return sendError(res, 401, 'unauthorized', 'X-Hub-Signature-256 is missing or does not sign this body');
    let payload: WhatsappPayload;
    try {
      payload = JSON.parse(body) as WhatsappPayload;
    } catch {
      return badRequest(res, 'the body is not JSON');
    }
    if (typeof payload !== 'object' || payload === null || !Array.isArray(payload.entry))
      return badRequest(res, 'entry: expected a list');
    const taken: Promise<boolean>[] = [];
    for (const entry of payload.entry)
      for (const change of Array.isArray(entry?.changes) ? entry.changes : []) {
        const value = change?.value;
        const phoneId = value?.metadata?.phone_number_id;
        if (change?.field !== 'messages' || typeof phoneId !== 'string' || !Array.isArray(value?.messages))
          continue;
        for (const m of value.messages) {
          if (typeof m?.from !== 'string' || typeof m.id !== 'string' || !/^\d{1,20}$/.test(m.from)) continue;
          let input: TiplineInput;
          const reply = m.interactive?.button_reply?.id ?? m.interactive?.list_reply?.id;
          if (m.type === 'interactive' && typeof reply === 'string') input = { button: reply.slice(0, 256) };
          else input = { text: typeof m.text?.body === 'string' ? m.text.body.slice(0, 4096) : '' };
          const sentAt = Number(m.timestamp) * 1000;
          const inWindow = Number.isFinite(sentAt) && now().getTime() - sentAt < WINDOW_MS;
          const to = m.from;
          taken.push(
            opts.service.take(to, m.id, input, async (replies) => {
              if (!inWindow) return;
              for (const r of replies)
                for (const msg of whatsappMessages(to, r))
                  await postJson(api(phoneId), msg, { authorization: `Bearer ${opts.token}` });
            }),
          );
        }
      }
    const results = await Promise.allSettled(taken);
    if (results.some((r) => r.status === 'rejected')) {
      // Not all stored, so not acknowledged: Meta sends the call again, and what was stored is skipped.
      console.error('tipline: a WhatsApp message was not stored');
      return sendError(res, 503, 'unavailable', 'the messages could not be stored; send them again');
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{}');
  };
}
