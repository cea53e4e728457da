import assert from 'node:assert/strict';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { openStore, type Store } from '../../src/core/metrics/index.ts';
import { generatedCode } from '../../src/core/site/tracked-links.ts';
import { type SentCall, startStandIn, startTiplineServer, stubServerBuild } from '../fixtures/tipline.ts';

/**
 * A Telegram conversation through the real server, SQLite file and sockets, with the Bot API's documented
 * Update shapes (https://core.telegram.org/bots/api#update) and a stand-in for sendMessage.
 */
const CAMPAIGN = 'safe-journeys-senegal-2027';
const SECRET = 'tg-webhook-secret_0123456789';
const TOKEN = '123456:TEST-token';
// A chat id that would stand out in the database files if it were written.
const CHAT = 730219884516;
const code = generatedCode(CAMPAIGN, 'tipline', 'youth-dakar');

const out = stubServerBuild();
const db = join(out, 'tipline.db');
let standIn: Awaited<ReturnType<typeof startStandIn>>;
let server: Awaited<ReturnType<typeof startTiplineServer>>;
let updateId = 5000;

before(async () => {
  standIn = await startStandIn();
  server = await startTiplineServer(out, {
    DATABASE_URL: `sqlite:${db}`,
    TELEGRAM_BOT_TOKEN: TOKEN,
    TELEGRAM_WEBHOOK_SECRET: SECRET,
    TELEGRAM_API_BASE: standIn.base,
  });
});
after(async () => {
  await server?.stop();
  await standIn?.close();
  rmSync(out, { recursive: true, force: true });
});

const post = (body: unknown, secret: string | null = SECRET) =>
  fetch(`${server.base}/api/tipline/telegram`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(secret !== null && { 'x-telegram-bot-api-secret-token': secret }),
    },
    body: JSON.stringify(body),
  });
const chat = { id: CHAT, type: 'private', first_name: 'A' };
const text = (t: string) => ({
  update_id: ++updateId,
  message: {
    message_id: updateId,
    from: { id: CHAT, is_bot: false, first_name: 'A' },
    chat,
    date: 1,
    text: t,
  },
});
const tap = (data: string) => ({
  update_id: ++updateId,
  callback_query: {
    id: `cq${updateId}`,
    from: { id: CHAT, is_bot: false, first_name: 'A' },
    message: { message_id: 1, chat, date: 1, text: '…' },
    chat_instance: '1',
    data,
  },
});
type Button = { text: string; callback_data?: string; url?: string };
const buttons = (c: SentCall) =>
  ((c.body['reply_markup'] as { inline_keyboard?: Button[][] } | undefined)?.inline_keyboard ?? []).flat();
const sent = (calls: SentCall[]) => calls.filter((c) => c.path.endsWith('/sendMessage'));

/**
 * Sends an update, expects 200, and returns the messages sent in answer: at least `n`, then whatever
 * else arrives before a quiet moment (the answer's last message is the menu, which comes last).
 */
async function say(update: unknown, n: number): Promise<SentCall[]> {
  const before = sent(standIn.calls).length;
  const r = await post(update);
  const answer = await r.text();
  assert.equal(r.status, 200, answer);
  const cq = (update as { callback_query?: { id: string } }).callback_query;
  // A tapped button is answered in the webhook's response, so it stops spinning.
  if (cq) assert.deepEqual(JSON.parse(answer), { method: 'answerCallbackQuery', callback_query_id: cq.id });
  const deadline = Date.now() + 10_000;
  while (sent(standIn.calls).length < before + n) {
    assert.ok(Date.now() < deadline, `expected ${n} messages, got ${sent(standIn.calls).length - before}`);
    await standIn.until(standIn.calls.length + 1, 500).catch(() => {});
  }
  for (let seen = -1; seen !== standIn.calls.length; ) {
    seen = standIn.calls.length;
    await new Promise((ok) => setTimeout(ok, 150));
  }
  return sent(standIn.calls).slice(before);
}

async function facts(store: Store, metric: string) {
  return store.db
    .selectFrom('facts')
    .select(['channel', 'audience', 'language', 'detail', 'value'])
    .where('campaign', '=', CAMPAIGN)
    .where('metric', '=', metric)
    .execute();
}

describe('Telegram tipline', () => {
  test('language choice, the offer check, a report, the contact hand-off; retries and bad secrets', async () => {
    // The start parameter of t.me/<bot>?start=<code>.
    const [menu] = await say(text(`/start ${code}`), 1);
    assert.equal(menu!.path, `/bot${TOKEN}/sendMessage`);
    assert.equal(menu!.body['chat_id'], CHAT);
    assert.deepEqual(
      buttons(menu!).map((b) => b.callback_data),
      ['lang:fr', 'lang:wo', 'lang:en'],
    );
    assert.match(String(menu!.body['text']), /Choisissez votre langue/);

    const welcome = await say(tap('lang:en'), 2);
    assert.match(String(welcome[0]!.body['text']), /Nothing you write here is kept/);
    assert.deepEqual(
      buttons(welcome[1]!).map((b) => b.callback_data),
      ['m:message', 'm:reality', 'm:alternatives', 'm:check', 'm:contact', 'm:report', 'm:language'],
    );

    // The reality arrives as short messages, then the menu again.
    const reality = await say(tap('m:reality'), 2);
    assert.ok(reality.slice(0, -1).every((m) => String(m.body['text']).length <= 1000));
    assert.match(String(reality[0]!.body['text']), /<b>What smugglers do not tell you<\/b>/);

    // The offer check: one sign a message, answered by the buttons; two signs → warned, with the contact.
    const kinds = await say(tap('m:check'), 1);
    assert.deepEqual(
      buttons(kinds[0]!).map((b) => b.callback_data),
      ['ck:job', 'ck:visa'],
    );
    let [q] = await say(tap('ck:job'), 1);
    assert.match(String(q!.body['text']), /Question 1 of 7/);
    assert.match(String(q!.body['text']), /pay a fee before you leave/);
    const answers = ['y', 'y', 'n', 'n', 'n', 'n'];
    for (const a of answers) {
      const id = buttons(q!).find((b) => b.callback_data?.endsWith(`:${a}`))!.callback_data!;
      [q] = await say(tap(id), 1);
    }
    assert.match(String(q!.body['text']), /Question 7 of 7/);
    const noId = buttons(q!).find((b) => b.callback_data?.endsWith(':n'))!.callback_data!;
    const result = await say(tap(noId), 5);
    assert.match(String(result[0]!.body['text']), /very likely a trap/);
    assert.ok(result.some((m) => /\+221 00 000 00 01/.test(String(m.body['text']))));
    // An answer button of that check tapped again counts nothing more.
    const again = await post(tap(noId));
    assert.equal(again.status, 200);

    // The contact point: number to tap, hours, a WhatsApp button.
    const contact = await say(tap('m:contact'), 4);
    const point = contact.find((m) => /Dakar Migration Information Centre/.test(String(m.body['text'])))!;
    assert.match(String(point.body['text']), /Call \+221 00 000 00 01/);
    assert.match(String(point.body['text']), /09:00–18:00/);
    assert.ok(buttons(point).some((b) => b.url === 'https://wa.me/221000000002'));

    // A report: kind, where it was seen, then the text in one message.
    await say(tap('m:report'), 1);
    await say(tap('rk:job'), 1);
    const ask = await say(tap('rp:facebook'), 1);
    assert.match(String(ask[0]!.body['text']), /up to 1000 characters/);
    const thanks = await say(text('They want 300000 CFA before the job in Spain'), 2);
    assert.match(String(thanks[0]!.body['text']), /Your report was sent/);

    // A retry of an update already taken: acknowledged, nothing sent or counted again.
    const retry = text('They want 300000 CFA before the job in Spain');
    await say(retry, 1);
    const callsBefore = standIn.calls.length;
    const r = await post(retry);
    assert.equal(r.status, 200);
    await new Promise((ok) => setTimeout(ok, 300));
    assert.equal(standIn.calls.length, callsBefore);

    // Unsigned, or with another secret: refused, nothing sent.
    for (const secret of [null, 'wrong-secret', `${SECRET}x`]) {
      const bad = await post(text('/start'), secret);
      assert.equal(bad.status, 401);
      assert.match((await bad.json()).error.message, /X-Telegram-Bot-Api-Secret-Token/);
    }
    const bodyless = await fetch(`${server.base}/api/tipline/telegram`, {
      method: 'POST',
      headers: { 'x-telegram-bot-api-secret-token': SECRET },
      body: '{"update_id":"x"}',
    });
    assert.equal(bodyless.status, 400);
    assert.match((await bodyless.json()).error.message, /update_id/);
    await new Promise((ok) => setTimeout(ok, 300));
    assert.equal(standIn.calls.length, callsBefore);

    const store = await openStore(`sqlite:${db}`);
    try {
      assert.deepEqual(
        (await facts(store, 'offer-checks')).map((f) => ({ ...f })),
        [{ channel: 'telegram', audience: '', language: 'en', detail: 'job', value: 1 }],
      );
      assert.equal((await facts(store, 'offer-checks-warned'))[0]?.value, 1);
      assert.deepEqual(
        (await facts(store, 'tipline-conversations')).map((f) => ({ ...f })),
        [{ channel: 'telegram', audience: 'youth-dakar', language: 'en', detail: code, value: 1 }],
      );
      assert.equal((await facts(store, 'tipline-readers'))[0]?.value, 1);
      assert.equal((await facts(store, 'tipline-reports'))[0]?.value, 1);
      const reports = await store.db.selectFrom('offer_reports').selectAll().execute();
      assert.deepEqual(
        reports.map((x) => [x.kind, x.platform, x.language, x.text]),
        [['job', 'facebook', 'en', 'They want 300000 CFA before the job in Spain']],
      );
      const conv = await store.db.selectFrom('tipline_conversations').selectAll().execute();
      assert.equal(conv.length, 1);
      assert.equal(conv[0]!.step, 'menu');
      assert.doesNotMatch(conv[0]!.chat, new RegExp(String(CHAT)));
    } finally {
      await store.close();
    }
    // Neither the chat id nor anything the reader typed but the report is in the database files.
    for (const f of readdirSync(out).filter((n) => n.startsWith('tipline.db'))) {
      const bytes = readFileSync(join(out, f)).toString('latin1');
      assert.ok(!bytes.includes(String(CHAT)), `${f} holds the chat id`);
      assert.ok(!bytes.includes(`/start ${code}`), `${f} holds a message text`);
    }
  });

  test('the webhook is not behind the same-site check, and other methods are refused', async () => {
    const r = await fetch(`${server.base}/api/tipline/telegram`, {
      method: 'POST',
      headers: { origin: 'https://api.telegram.org', 'x-telegram-bot-api-secret-token': SECRET },
      body: JSON.stringify(text('/start')),
    });
    assert.equal(r.status, 200);
    const g = await fetch(`${server.base}/api/tipline/telegram`);
    assert.equal(g.status, 405);
  });
});
