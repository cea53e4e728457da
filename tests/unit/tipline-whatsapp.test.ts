import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { openStore } from '../../src/core/metrics/index.ts';
import { generatedCode } from '../../src/core/site/tracked-links.ts';
import { whatsappSignature } from '../../src/server/tipline/whatsapp.ts';
import { type SentCall, startStandIn, startTiplineServer, stubServerBuild } from '../fixtures/tipline.ts';

/**
 * A WhatsApp conversation through the real server with the Cloud API's documented webhook payloads
 * (entry[].changes[].value.messages[], text and interactive replies, X-Hub-Signature-256) and a stand-in
 * for /<phone-number-id>/messages.
 */
const CAMPAIGN = 'safe-journeys-senegal-2027';
const APP_SECRET = 'wa-app-secret-0123456789abcdef';
const VERIFY = 'wa-verify-token';
const TOKEN = 'EAAG-test-token';
const PHONE_ID = '106540352242922';
const FROM = '221770001234';
const code = generatedCode(CAMPAIGN, 'facebook', 'youth-thies');

const out = stubServerBuild();
const db = join(out, 'tipline.db');
let standIn: Awaited<ReturnType<typeof startStandIn>>;
let server: Awaited<ReturnType<typeof startTiplineServer>>;
let n = 0;

before(async () => {
  standIn = await startStandIn();
  server = await startTiplineServer(out, {
    DATABASE_URL: `sqlite:${db}`,
    WHATSAPP_TOKEN: TOKEN,
    WHATSAPP_APP_SECRET: APP_SECRET,
    WHATSAPP_VERIFY_TOKEN: VERIFY,
    WHATSAPP_API_BASE: standIn.base,
  });
});
after(async () => {
  await server?.stop();
  await standIn?.close();
  rmSync(out, { recursive: true, force: true });
});

const payload = (message: Record<string, unknown>) => ({
  object: 'whatsapp_business_account',
  entry: [
    {
      id: '102290129340398',
      changes: [
        {
          field: 'messages',
          value: {
            messaging_product: 'whatsapp',
            metadata: { display_phone_number: '221000000003', phone_number_id: PHONE_ID },
            contacts: [{ profile: { name: 'A' }, wa_id: FROM }],
            messages: [message],
          },
        },
      ],
    },
  ],
});
const now = () => String(Math.floor(Date.now() / 1000));
const text = (body: string, timestamp = now()) => ({
  from: FROM,
  id: `wamid.HBgM${++n}`,
  timestamp,
  type: 'text',
  text: { body },
});
const button = (id: string) => ({
  from: FROM,
  id: `wamid.HBgM${++n}`,
  timestamp: now(),
  type: 'interactive',
  interactive: { type: 'button_reply', button_reply: { id, title: '…' } },
});
const row = (id: string) => ({
  from: FROM,
  id: `wamid.HBgM${++n}`,
  timestamp: now(),
  type: 'interactive',
  interactive: { type: 'list_reply', list_reply: { id, title: '…' } },
});

const post = (body: string, signature: string | null) =>
  fetch(`${server.base}/api/tipline/whatsapp`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(signature !== null && { 'x-hub-signature-256': signature }),
    },
    body,
  });

/** Posts a signed webhook call, expects 200, and returns what was sent until a quiet moment. */
async function say(message: Record<string, unknown>, atLeast: number): Promise<SentCall[]> {
  const before = standIn.calls.length;
  const body = JSON.stringify(payload(message));
  const r = await post(body, whatsappSignature(APP_SECRET, body));
  assert.equal(r.status, 200, await r.text());
  await standIn.until(before + atLeast);
  for (let seen = -1; seen !== standIn.calls.length; ) {
    seen = standIn.calls.length;
    await new Promise((ok) => setTimeout(ok, 150));
  }
  return standIn.calls.slice(before);
}
type Interactive = {
  type: string;
  body: { text: string };
  action: {
    buttons?: { reply: { id: string; title: string } }[];
    sections?: { rows: { id: string; title: string }[] }[];
  };
};
const ids = (c: SentCall) => {
  const i = c.body['interactive'] as Interactive | undefined;
  return i?.type === 'button'
    ? i.action.buttons!.map((b) => b.reply.id)
    : (i?.action.sections?.flatMap((s) => s.rows.map((r) => r.id)) ?? []);
};
const textOf = (c: SentCall) =>
  String(
    (c.body['text'] as { body?: string } | undefined)?.body ??
      (c.body['interactive'] as Interactive)?.body.text,
  );

describe('WhatsApp tipline', () => {
  test('the subscription check answers the challenge to the verify token only', async () => {
    const url = (token: string) =>
      `${server.base}/api/tipline/whatsapp?hub.mode=subscribe&hub.verify_token=${token}&hub.challenge=1158201444`;
    const ok = await fetch(url(VERIFY));
    assert.equal(ok.status, 200);
    assert.equal(await ok.text(), '1158201444');
    assert.equal((await fetch(url('wrong'))).status, 403);
    const bad = await fetch(`${server.base}/api/tipline/whatsapp?hub.verify_token=${VERIFY}`);
    assert.equal(bad.status, 400);
    assert.match((await bad.json()).error.message, /hub\.mode/);
  });

  test('language choice, the offer check, a report, the contact hand-off; bad signatures', async () => {
    // A wa.me/<number>?text=<code> link: the code is the first message.
    const [menu] = await say(text(code), 1);
    assert.equal(menu!.path, `/${PHONE_ID}/messages`);
    assert.equal(menu!.headers['authorization'], `Bearer ${TOKEN}`);
    assert.equal(menu!.body['to'], FROM);
    assert.deepEqual(ids(menu!), ['lang:fr', 'lang:wo', 'lang:en']);

    const welcome = await say(button('lang:fr'), 2);
    assert.match(textOf(welcome[0]!), /Rien de ce que vous écrivez n'est gardé/);
    // Seven choices: a list message, whose rows' titles fit WhatsApp's 24 characters.
    const list = welcome.at(-1)!.body['interactive'] as Interactive;
    assert.equal(list.type, 'list');
    assert.ok(list.action.sections![0]!.rows.every((r) => r.title.length <= 24));
    assert.ok(ids(welcome.at(-1)!).includes('m:check'));

    await say(row('m:check'), 1);
    let [q] = await say(row('ck:visa'), 1);
    assert.match(textOf(q!), /Question 1 sur 6/);
    assert.equal((q!.body['interactive'] as Interactive).type, 'button');
    for (let i = 0; i < 5; i++) [q] = await say(button(ids(q!).find((id) => id.endsWith(':n'))!), 1);
    const result = await say(button(ids(q!).find((id) => id.endsWith(':y'))!), 3);
    // One sign: "few", and still the contact point.
    assert.match(textOf(result[0]!), /Aucun ou un seul signe d’alerte/);
    assert.ok(result.some((m) => /wa\.me\/221000000002/.test(textOf(m))));

    const contact = await say(row('m:contact'), 3);
    assert.ok(contact.some((m) => /Appeler le \+221 00 000 00 01/.test(textOf(m))));

    await say(row('m:report'), 1);
    await say(row('rk:job'), 1);
    await say(row('rp:whatsapp'), 1);
    const thanks = await say(text('Un homme promet un visa pour l’Italie contre 500 000 FCFA'), 2);
    assert.match(textOf(thanks[0]!), /Merci/);

    // A message older than the 24-hour window is stored but not answered.
    const before = standIn.calls.length;
    const old = JSON.stringify(payload(text('bonjour', String(Math.floor(Date.now() / 1000) - 2 * 86_400))));
    assert.equal((await post(old, whatsappSignature(APP_SECRET, old))).status, 200);

    // Unsigned, signed with another secret, or a signature of another body: refused.
    const body = JSON.stringify(payload(text('start')));
    for (const signature of [
      null,
      whatsappSignature('another-secret', body),
      whatsappSignature(APP_SECRET, `${body} `),
      'sha256=zz',
    ]) {
      const r = await post(body, signature);
      assert.equal(r.status, 401);
      assert.match((await r.json()).error.message, /X-Hub-Signature-256/);
    }
    await new Promise((ok) => setTimeout(ok, 400));
    assert.equal(standIn.calls.length, before);

    const store = await openStore(`sqlite:${db}`);
    try {
      const facts = await store.db
        .selectFrom('facts')
        .select(['metric', 'channel', 'audience', 'language', 'detail', 'value'])
        .where('campaign', '=', CAMPAIGN)
        .orderBy('metric')
        .execute();
      assert.deepEqual(
        facts.map((f) => ({ ...f })),
        [
          {
            metric: 'offer-checks',
            channel: 'whatsapp',
            audience: '',
            language: 'fr',
            detail: 'visa',
            value: 1,
          },
          {
            metric: 'tipline-contacts',
            channel: 'whatsapp',
            audience: '',
            language: 'fr',
            detail: '',
            value: 2,
          },
          {
            metric: 'tipline-conversations',
            channel: 'whatsapp',
            audience: 'youth-thies',
            language: 'fr',
            detail: code,
            value: 1,
          },
          {
            metric: 'tipline-readers',
            channel: 'whatsapp',
            audience: '',
            language: 'fr',
            detail: '',
            value: 1,
          },
          {
            metric: 'tipline-reports',
            channel: 'whatsapp',
            audience: '',
            language: 'fr',
            detail: 'job',
            value: 1,
          },
        ],
      );
      const reports = await store.db.selectFrom('offer_reports').select(['platform', 'text']).execute();
      assert.deepEqual(
        reports.map((r) => ({ ...r })),
        [{ platform: 'whatsapp', text: 'Un homme promet un visa pour l’Italie contre 500 000 FCFA' }],
      );
      const conv = await store.db.selectFrom('tipline_conversations').select('chat').execute();
      assert.ok(conv.every((c) => !c.chat.includes(FROM)));
    } finally {
      await store.close();
    }
  });

  test('one chat sends at most 20 reports a day, like one address on the web form', async () => {
    const from = '221770009999';
    const signed = async (message: Record<string, unknown>) => {
      const body = JSON.stringify(payload({ ...message, from }));
      const r = await post(body, whatsappSignature(APP_SECRET, body));
      assert.equal(r.status, 200);
    };
    const store = await openStore(`sqlite:${db}`);
    const count = async () =>
      Number(
        (
          await store.db
            .selectFrom('offer_reports')
            .select((e) => e.fn.countAll().as('n'))
            .executeTakeFirst()
        )?.n,
      );
    try {
      const before = await count();
      await signed(text('start'));
      await signed(button('lang:en'));
      for (let i = 0; i < 21; i++) {
        await signed(row('m:report'));
        await signed(row('rk:job'));
        await signed(row('rp:other'));
        await signed(text(`Offer number ${i}`));
      }
      assert.equal((await count()) - before, 20);
      // Replies go out after the acknowledgement: give the last ones a moment.
      await new Promise((ok) => setTimeout(ok, 500));
      const all = standIn.calls.filter((c) => c.body['to'] === from).map(textOf);
      assert.ok(
        all.some((t) => /could not be sent/.test(t)),
        'the 21st report is told it was not sent',
      );
    } finally {
      await store.close();
    }
  });
});
