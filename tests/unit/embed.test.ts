import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { formatProblem, PlacementSiteSchema, placementOrigin } from '../../src/core/campaign/index.ts';
import { loadCampaigns } from '../../src/core/workspace/index.ts';
import { createI18n, readLocales } from '../../src/core/i18n/locales.ts';
import type { RawEvent } from '../../src/core/metrics/model.ts';
import { openStore } from '../../src/core/metrics/index.ts';
import { insertEvents } from '../../src/core/metrics/queries/events.ts';
import { buildReport } from '../../src/core/report/build.ts';
import { embedConfig, embedScript, placementLink } from '../../src/core/site/embed.ts';

const F = 'tests/fixtures/invalid';
const errorsOf = (fixture: string) =>
  loadCampaigns(`${F}/${fixture}`)
    .problems.filter((p) => p.severity === 'error')
    .map(formatProblem);

describe('placements: validate names the file, line and field of each mistake', () => {
  for (const [fixture, expected] of [
    [
      'placement-unknown-partner',
      `${F}/placement-unknown-partner/test-campaign/campaign.yaml:56:14 placements[0].partner: no partner "dakar-forum" in this campaign's partners; add it under partners, or give this placement a name for a site that is not a diaspora partner`,
    ],
    [
      'placement-duplicate',
      `${F}/placement-duplicate/test-campaign/campaign.yaml:58:14 placements[1].partner: partner "dakar-forum" is placed twice; each partner has one snippet and one count, so remove the repeat`,
    ],
    [
      'placement-no-channel',
      `${F}/placement-no-channel/test-campaign/campaign.yaml:56:3 placements: placements are counted on the channel "partner-site", which the campaign does not list; add partner-site to channels`,
    ],
  ] as const)
    test(fixture, () => assert.deepEqual(errorsOf(fixture), [expected]));
});

test('validate warns about a placement without site: its impressions are not counted', () => {
  const warnings = loadCampaigns(`${F}/placement-no-site`)
    .problems.filter((p) => p.severity === 'warning' && p.field.startsWith('placements'))
    .map(formatProblem);
  assert.deepEqual(warnings, [
    `${F}/placement-no-site/test-campaign/campaign.yaml:56:5 warning: placements[0]: placement "dakar-forum" has no site, so none of its banner's impressions are counted (only impressions sent from the partner's own site are); add site: with the address of the page that embeds the banner`,
  ]);
});

test("a placement's site is https, or http on this machine only; its origin is what impressions must come from", () => {
  for (const [site, ok] of [
    ['https://example.org/forum/', true],
    ['http://localhost:4332/', true],
    ['http://127.0.0.1:8080/page', true],
    ['http://example.org/forum/', false],
    ['ftp://example.org/', false],
    ['not an address', false],
    ['HTTP://example.org/', false],
  ] as const)
    assert.equal(PlacementSiteSchema.safeParse(site).success, ok, site);
  assert.equal(placementOrigin('https://Forum.EXAMPLE.org:443/a/b?c'), 'https://forum.example.org');
  assert.equal(placementOrigin('http://localhost:4332/'), 'http://localhost:4332');
});

const examples = loadCampaigns('campaigns').campaigns;
const i18n = await createI18n(readLocales('locales'));
const t = (lang: string, key: string) => i18n.getFixedT(lang)(key);
const afghanistan = examples.find((c) => c.campaign.id === 'eastern-route-afghanistan-2027')!;

test('every example campaign with placements has an embed script of at most 2 KB gzipped', () => {
  const placed = examples.filter((c) => c.campaign.placements.length);
  assert.ok(placed.length > 0);
  for (const c of placed) {
    const js = embedScript(c, t, {
      site: 'https://counterpoint.example.org',
      collectUrl: '/api/collect',
      server: true,
    });
    assert.ok(gzipSync(js).length <= 2048, `${c.campaign.id}: ${gzipSync(js).length} bytes gzipped`);
  }
});

test('the banner knows every published language, its direction, and the nearest one for readers of others', () => {
  const config = embedConfig(afghanistan, t, { site: 'https://x.example', server: true });
  assert.deepEqual(
    config.l.map(([lang, dir]) => [lang, dir]),
    [
      ['prs', 'rtl'],
      ['ps', 'rtl'],
      ['en', 'ltr'],
    ],
  );
  // A browser that says Persian (fa) gets Dari, which the campaign publishes.
  assert.equal(config.a['fa'], 'prs');
  assert.equal(config.u, '', 'no collector: no impressions are sent');
  assert.equal(config.p['peshawar-jobs-forum'], placementLink(afghanistan, 'peshawar-jobs-forum')!.code);
});

describe('counterpoint embed', () => {
  const run = (...args: string[]) =>
    spawnSync(process.execPath, ['bin/counterpoint.js', 'embed', ...args], {
      encoding: 'utf8',
      env: { ...process.env, SITE_URL: 'https://counterpoint.example.org' },
    });
  test('prints the script line with its no-JavaScript text, and the static alternative', () => {
    const r = run('eastern-route-afghanistan-2027', '--partner', 'peshawar-jobs-forum');
    assert.equal(r.status, 0, r.stderr);
    const code = placementLink(afghanistan, 'peshawar-jobs-forum')!.code;
    assert.ok(
      r.stdout.includes(
        '<script src="https://counterpoint.example.org/embed/eastern-route-afghanistan-2027.js" data-partner="peshawar-jobs-forum" async></script>',
      ),
    );
    // The placement's audience (Peshawar families) reads Pashto first.
    const link = `<p lang="ps" dir="rtl"><a href="https://counterpoint.example.org/go/${code}/?l=ps">${afghanistan.pages['ps']!.headline} — حقایق ولولئ</a></p>`;
    assert.ok(r.stdout.includes(`<noscript>${link}</noscript>`), r.stdout);
    assert.equal(r.stdout.split(link).length, 3, 'the static snippet is printed alone too');
  });
  for (const [args, message] of [
    [
      ['eastern-route-afghanistan-2027', '--partner', 'nobody'],
      'counterpoint embed: no placement for partner "nobody" in eastern-route-afghanistan-2027; placed partners: one of: hamburg-afghan-community, peshawar-jobs-forum',
    ],
    [
      ['eastern-route-afghanistan-2027'],
      'counterpoint embed: name the partner with --partner <id>; placed partners: one of: hamburg-afghan-community, peshawar-jobs-forum',
    ],
    [
      ['eastern-route-afghanistan-2027', '--partner', 'peshawar-jobs-forum', '--language', 'fr'],
      'counterpoint embed: --language fr: eastern-route-afghanistan-2027 is not published in it; use one of: prs, ps, en',
    ],
  ] as const)
    test(`refuses: embed ${args.join(' ')}`, () => {
      const r = run(...args);
      assert.equal(r.status, 1);
      assert.equal(r.stdout, '');
      assert.equal(r.stderr.trim(), message);
    });
});

test('the report counts impressions, readers and clicks per partner, and withholds small ones', async () => {
  const store = await openStore('sqlite::memory:');
  const hamburg = placementLink(afghanistan, 'hamburg-afghan-community')!;
  const peshawar = placementLink(afghanistan, 'peshawar-jobs-forum')!;
  const events = (link: typeof hamburg, type: RawEvent['type'], n: number, readers = n): RawEvent[] =>
    Array.from({ length: n }, (_, i) => ({
      campaign: afghanistan.campaign.id,
      day: '2027-04-10',
      hour: 12,
      type,
      language: 'ps',
      channel: link.channel,
      audience: link.audience,
      target: link.code,
      visitor: `${link.code}-${type}-${i % readers}`,
    }));
  // What the collector writes for an impression and /go/<code> for a click.
  await insertEvents(store, [
    // Hamburg: 40 impressions to 12 readers; Peshawar: 15 to 4.
    ...events(hamburg, 'embed-impression', 40, 12),
    ...events(peshawar, 'embed-impression', 15, 4),
    ...events(hamburg, 'link-click', 12),
    ...events(peshawar, 'link-click', 3),
  ]);
  const r = await buildReport(store, afghanistan);
  assert.deepEqual(
    r.placements.map((p) => [p.name, p.impressions.display, p.readers.display, p.clicks.display]),
    [
      ['Afghan Community Association Hamburg (example)', '40', 'withheld', 'withheld'],
      ['Peshawar jobs forum (example)', '15', '<10', '<10'],
    ],
  );
  await store.close();
});
