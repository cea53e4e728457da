import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadCampaigns } from '../../src/core/workspace/index.ts';
import { createI18n, readLocales } from '../../src/core/i18n/index.ts';
import { openStore } from '../../src/core/metrics/index.ts';
import { buildReport, reportToCsv } from '../../src/core/report/index.ts';
import { ReportSchema } from '../../src/core/report/schema.ts';
import { generatedCode, trackedLinks } from '../../src/core/site/tracked-links.ts';
import {
  closeTiplineDays,
  createConversation,
  getTiplineConversation,
  recordTiplineTurn,
  TiplineConflict,
  type TiplineState,
} from '../../src/core/tipline/index.ts';
import { closeEndedDays } from '../../src/core/metrics/queries/events.ts';

/**
 * The tipline's reach in the report: conversations, readers, checks, reports and contact hand-offs per
 * platform and language, each small count shown as "<10" and one more withheld beside it.
 */
const CAMPAIGN = 'safe-journeys-senegal-2027';

describe('tipline reach in the report', () => {
  test('per platform and language, through disclosure control', async () => {
    const loaded = loadCampaigns('campaigns').campaigns.find((c) => c.campaign.id === CAMPAIGN)!;
    const i18n = await createI18n(readLocales('locales'));
    const links = new Map(trackedLinks(loaded.campaign).map((l) => [l.code, l]));
    const store = await openStore('sqlite::memory:');
    const day = '2027-02-10';
    let update = 0;
    // Each reader: a start code, a language, then (for some) a whole offer check with two signs.
    const talk = async (platform: 'telegram' | 'whatsapp', reader: string, lang: string, check: boolean) => {
      const step = createConversation({ platform, campaigns: [loaded], links, t: (l) => i18n.getFixedT(l) });
      let state: TiplineState | undefined;
      const turn = async (input: { text: string } | { button: string }) => {
        // As the server does: the state as stored (the same reader may have talked before today).
        const before = await getTiplineConversation(store, { platform, day, chat: reader });
        const t = step(before, input);
        state = t.state;
        const audience = (state?.code && links.get(state.code)?.audience) || '';
        await recordTiplineTurn(store, {
          platform,
          day,
          chat: reader,
          update: String(++update),
          before,
          state: t.state,
          effects: t.effects,
          audience,
        });
        return t;
      };
      await turn({ text: `/start ${generatedCode(CAMPAIGN, 'tipline', 'youth-dakar')}` });
      await turn({ button: `lang:${lang}` });
      if (!check) return;
      let t = await turn({ button: 'm:check' });
      t = await turn({ button: 'ck:visa' });
      for (let i = 0; i < 6; i++) {
        const yes = i < 2;
        t = await turn({ button: t.replies[0]!.buttons!.find((b) => b.id.endsWith(yes ? ':y' : ':n'))!.id });
      }
      assert.deepEqual(t.effects.check, { kind: 'visa', outcome: 'many' });
    };
    for (let i = 0; i < 25; i++) await talk('telegram', `t${i}`, 'fr', i < 12);
    for (let i = 0; i < 4; i++) await talk('telegram', `w${i}`, 'wo', false);
    for (let i = 0; i < 14; i++) await talk('telegram', `e${i}`, 'en', false);
    for (let i = 0; i < 3; i++) await talk('whatsapp', `x${i}`, 'fr', false);
    // The same reader again the same day: one more conversation, not one more reader.
    await talk('telegram', 't0', 'fr', false);

    const r = ReportSchema.parse(await buildReport(store, loaded, new Date('2027-03-01T00:00:00Z')));
    const row = (platform: string, metric: string) =>
      r.tipline!.find((x) => x.platform === platform && x.metric === metric);
    assert.deepEqual(row('telegram', 'tipline-conversations'), {
      platform: 'telegram',
      metric: 'tipline-conversations',
      total: '44',
      byLanguage: [
        { key: 'fr', display: '26' },
        { key: 'en', display: 'withheld' },
        { key: 'wo', display: '<10' },
      ],
    });
    assert.equal(row('telegram', 'tipline-readers')!.total, '43');
    assert.deepEqual(row('telegram', 'offer-checks')!.byLanguage, [{ key: 'fr', display: '12' }]);
    assert.deepEqual(row('whatsapp', 'tipline-conversations'), {
      platform: 'whatsapp',
      metric: 'tipline-conversations',
      total: '<10',
      byLanguage: [{ key: 'fr', display: '<10' }],
    });
    // The CSV carries the same cells.
    const csv = reportToCsv(r);
    assert.match(csv, /^tipline,telegram,tipline-conversations,44,/m);
    assert.match(csv, /^tipline,telegram\/wo,tipline-conversations,<10,/m);
    assert.match(csv, /^tipline,telegram\/en,tipline-conversations,withheld,/m);
    // The per-channel breakdown follows the first-party rule for the tipline's counts too.
    const wa = r.byChannel.find((x) => x.key === 'whatsapp' && x.metric === 'tipline-readers');
    assert.ok(!wa || wa.display === '<10' || wa.value === null, JSON.stringify(wa));
    await store.close();
  });

  test('nothing of a chat outlives its day: conversations, update ids and reader hashes go at the close', async () => {
    const store = await openStore('sqlite::memory:');
    const turn = (day: string, chat: string) =>
      recordTiplineTurn(store, {
        platform: 'whatsapp',
        day,
        chat,
        update: `${day}-${chat}`,
        before: undefined,
        state: { campaign: CAMPAIGN, language: 'fr', step: 'menu', code: '' },
        effects: { started: { code: '' }, reader: true },
        audience: '',
      });
    await turn('2027-02-10', 'a');
    await turn('2027-02-11', 'b');
    assert.equal(await closeTiplineDays(store, '2027-02-11'), 2);
    await closeEndedDays(store, '2027-02-11');
    const left = async (table: 'tipline_conversations' | 'tipline_updates' | 'day_visitors') =>
      (await store.db.selectFrom(table).select('day').execute()).map((r) => r.day);
    assert.deepEqual(await left('tipline_conversations'), ['2027-02-11']);
    assert.deepEqual(await left('tipline_updates'), ['2027-02-11']);
    assert.deepEqual(await left('day_visitors'), ['2027-02-11']);
    // The counts stay.
    const readers = await store.db
      .selectFrom('facts')
      .select(['day', 'value'])
      .where('metric', '=', 'tipline-readers')
      .orderBy('day')
      .execute();
    assert.deepEqual(
      readers.map((r) => ({ ...r })),
      [
        { day: '2027-02-10', value: 1 },
        { day: '2027-02-11', value: 1 },
      ],
    );
    await store.close();
  });

  test('two workers taking two updates of one chat at once: the second turn is refused, nothing of it written', async () => {
    const store = await openStore('sqlite::memory:');
    const state = (step: string) => ({ campaign: CAMPAIGN, language: 'fr', step, code: '' });
    const turn = (update: string, before: ReturnType<typeof state> | undefined, step: string) =>
      recordTiplineTurn(store, {
        platform: 'telegram',
        day: '2027-02-10',
        chat: 'c',
        update,
        before,
        state: state(step),
        effects: { contact: true },
        audience: '',
      });
    assert.equal(await turn('1', undefined, 'menu'), true);
    // Both read "menu"; the first stores its step, the second finds the state changed.
    assert.equal(await turn('2', state('menu'), 'check-kind'), true);
    await assert.rejects(turn('3', state('menu'), 'report-kind'), TiplineConflict);
    await assert.rejects(turn('4', undefined, 'menu'), TiplineConflict);
    const updates = await store.db.selectFrom('tipline_updates').select('update_key').execute();
    assert.deepEqual(updates.map((u) => u.update_key).sort(), ['1', '2']);
    const contacts = await store.db
      .selectFrom('facts')
      .select('value')
      .where('metric', '=', 'tipline-contacts')
      .execute();
    assert.deepEqual(
      contacts.map((c) => c.value),
      [2],
    );
    await store.close();
  });
});
