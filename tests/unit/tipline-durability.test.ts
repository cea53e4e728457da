import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { openStore } from '../../src/core/metrics/index.ts';
import { keyedHash } from '../../src/server/tipline/service.ts';
import { startStandIn, startTiplineServer, stubServerBuild } from '../fixtures/tipline.ts';

/**
 * Acknowledged means stored: updates are sent while the server is killed with SIGKILL; every update it
 * answered 200 is in the store, and after a restart retries of stored updates are not counted again. A
 * conversation's state is kept under the chat's hash with the day's visitor salt, which lives in memory
 * only: after a restart the reader's next message starts from the language choice.
 */
const SECRET = 'tg-durability-secret';
const out = stubServerBuild();
const db = join(out, 'tipline.db');
after(() => rmSync(out, { recursive: true, force: true }));

const update = (id: number, chat: number, body: { text: string } | { data: string }) =>
  'text' in body
    ? {
        update_id: id,
        message: { message_id: id, chat: { id: chat, type: 'private' }, date: 1, text: body.text },
      }
    : {
        update_id: id,
        callback_query: {
          id: `q${id}`,
          message: { message_id: 1, chat: { id: chat, type: 'private' } },
          data: body.data,
        },
      };

describe('tipline across kill -9', () => {
  test('every acknowledged update is stored; de-duplication survives a restart, the chat hash does not', async () => {
    const standIn = await startStandIn();
    const env = {
      DATABASE_URL: `sqlite:${db}`,
      TELEGRAM_BOT_TOKEN: '1:T',
      TELEGRAM_WEBHOOK_SECRET: SECRET,
      TELEGRAM_API_BASE: standIn.base,
    };
    let server = await startTiplineServer(out, env);
    const acked: number[] = [];
    const send = async (base: string, id: number) => {
      try {
        const r = await fetch(`${base}/api/tipline/telegram`, {
          method: 'POST',
          headers: { 'x-telegram-bot-api-secret-token': SECRET },
          body: JSON.stringify(update(id, 1_000_000 + id, { text: '/start' })),
        });
        if (r.status === 200) acked.push(id);
        await r.arrayBuffer();
      } catch {
        // The connection died with the server: not acknowledged, the platform would send it again.
      }
    };
    const inflight: Promise<void>[] = [];
    const base = server.base;
    for (let id = 1; id <= 400; id++) {
      inflight.push(send(base, id));
      if (id % 20 === 0) await new Promise((ok) => setTimeout(ok, 5));
      if (acked.length >= 100 && id % 20 === 0 && server.child.exitCode === null) {
        void server.kill9();
      }
    }
    await Promise.all(inflight);
    await server.kill9();
    assert.ok(acked.length >= 100, `only ${acked.length} acknowledged`);

    const store = await openStore(`sqlite:${db}`);
    const keys = new Set(
      (await store.db.selectFrom('tipline_updates').select('update_key').execute()).map((r) => r.update_key),
    );
    const missing = acked.filter((id) => !keys.has(keyedHash(SECRET, 'update', String(id))));
    const conversations = Number(
      (
        await store.db
          .selectFrom('tipline_conversations')
          .select((e) => e.fn.countAll().as('n'))
          .executeTakeFirst()
      )?.n,
    );
    await store.close();
    assert.deepEqual(missing, [], 'acknowledged but not stored');
    assert.ok(conversations >= acked.length);

    server = await startTiplineServer(out, env);
    try {
      const first = acked[0]!;
      const before = standIn.calls.length;
      // A retry of an update stored before the kill: acknowledged, not answered again.
      const retry = await fetch(`${server.base}/api/tipline/telegram`, {
        method: 'POST',
        headers: { 'x-telegram-bot-api-secret-token': SECRET },
        body: JSON.stringify(update(first, 1_000_000 + first, { text: '/start' })),
      });
      assert.equal(retry.status, 200);
      // The reader's next tap after the restart: a language, which gets the welcome and the menu.
      const r = await fetch(`${server.base}/api/tipline/telegram`, {
        method: 'POST',
        headers: { 'x-telegram-bot-api-secret-token': SECRET },
        body: JSON.stringify(update(10_000, 1_000_000 + first, { data: 'lang:en' })),
      });
      assert.equal(r.status, 200);
      const calls = await standIn.until(before + 3);
      const sent = calls.slice(before).filter((c) => c.path.endsWith('/sendMessage'));
      assert.equal(sent[0]!.body['chat_id'], 1_000_000 + first);
      assert.match(String(sent[0]!.body['text']), /Nothing you write here is kept/);
    } finally {
      await server.stop();
      await standIn.close();
    }
  });
});
