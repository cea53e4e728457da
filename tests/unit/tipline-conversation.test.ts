import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, test } from 'node:test';
import { loadCampaigns } from '../../src/core/workspace/index.ts';
import { TiplineSchema } from '../../src/core/campaign/schema/index.ts';
import { createI18n, readLocales } from '../../src/core/i18n/index.ts';
import { generatedCode, trackedLinks } from '../../src/core/site/tracked-links.ts';
import { createConversation, htmlToChat, tiplineLinks } from '../../src/core/tipline/index.ts';

const CAMPAIGN = 'safe-journeys-senegal-2027';
const loaded = loadCampaigns('campaigns').campaigns.find((c) => c.campaign.id === CAMPAIGN)!;

describe('tipline conversation (pure)', () => {
  test('chat text from the rendered Markdown', () => {
    for (const [html, text] of [
      ['<p>One <strong>two</strong></p>', 'One *two*'],
      ['<ul>\n<li>a &amp; b</li>\n<li>c</li>\n</ul>', '• a & b\n\n• c'],
      ['<p><a href="https://x.org/a">read</a></p>', 'read (https://x.org/a)'],
      ['<p>x</p>\n<p>y</p>', 'x\n\ny'],
    ])
      assert.equal(htmlToChat(html!), text);
  });

  test('tracked links of the tipline', () => {
    assert.deepEqual(tiplineLinks(loaded.campaign, 'abc1234'), {
      telegram: 'https://t.me/SafeJourneysSnBot?start=abc1234',
      whatsapp: 'https://wa.me/221000000003?text=abc1234',
    });
    assert.ok(trackedLinks(loaded.campaign).some((l) => l.channel === 'tipline'));
  });

  test('a tipline needs a platform', () => {
    const r = TiplineSchema.safeParse({});
    assert.equal(r.success, false);
    assert.match(r.error!.issues[0]!.message, /needs telegram, whatsapp or both/);
    assert.equal(TiplineSchema.safeParse({ telegram: { bot: 'x y' } }).success, false);
  });

  test('the check never keeps an answer: stale buttons change nothing, typing asks for a tap', async () => {
    const i18n = await createI18n(readLocales('locales'));
    const links = new Map(trackedLinks(loaded.campaign).map((l) => [l.code, l]));
    const step = createConversation({
      platform: 'telegram',
      campaigns: [loaded],
      links,
      t: (l) => i18n.getFixedT(l),
    });
    const code = generatedCode(CAMPAIGN, 'radio', 'families-thies');
    let t = step(undefined, { text: code });
    assert.deepEqual(t.state, { campaign: CAMPAIGN, language: '', step: 'language', code });
    t = step(t.state, { button: 'lang:wo' });
    assert.deepEqual(t.effects, { started: { code }, reader: true });
    // Another language later: a reader of it, not another conversation.
    const other = step(step(t.state, { button: 'm:language' }).state, { button: 'lang:fr' });
    assert.deepEqual(other.effects, { reader: true });
    assert.equal(other.state!.language, 'fr');
    t = step(t.state, { button: 'm:check' });
    t = step(t.state, { button: 'ck:job' });
    const first = t.replies[0]!.buttons!.find((b) => b.id.endsWith(':y'))!.id;
    t = step(t.state, { button: first });
    // The state holds the step only; the tally is in the next buttons.
    assert.deepEqual(t.state, { campaign: CAMPAIGN, language: 'wo', step: 'check:job:1', code });
    const again = step(t.state, { button: first });
    assert.deepEqual(again, { replies: [], state: t.state, effects: {} });
    const typed = step(t.state, { text: 'waaw' });
    assert.equal(typed.state!.step, 'check:job:1');
    assert.match(typed.replies[0]!.text, /start/);
    // A language the campaign does not publish is not taken.
    assert.equal(step(undefined, { text: '/start' }).state!.step, 'language');
    assert.equal(step({ ...t.state!, step: 'language' }, { button: 'lang:ar' }).state!.step, 'language');
  });

  test('counterpoint links gives each code its chat links, and the tipline channel points at the chat', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'cp-tipline-links-')), 'links');
    const r = spawnSync(process.execPath, ['bin/counterpoint.js', 'links', CAMPAIGN, '--out', out], {
      encoding: 'utf8',
    });
    assert.equal(r.status, 0, r.stderr);
    const [header, ...rows] = readFileSync(join(out, 'links.csv'), 'utf8').trim().split('\n');
    assert.equal(header, 'code,url,channel,audience,language,declared,qr,telegram,whatsapp');
    const tipline = rows.find((row) => row.split(',')[2] === 'tipline')!.split(',');
    assert.equal(tipline[1], `https://t.me/SafeJourneysSnBot?start=${tipline[0]}`);
    const radio = rows.find((row) => row.split(',')[2] === 'radio')!.split(',');
    assert.match(radio[1]!, /\/go\//);
    assert.equal(radio[8], `https://wa.me/221000000003?text=${radio[0]}`);
  });
});
