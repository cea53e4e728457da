import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadCampaigns } from '../../src/core/campaign/index.ts';
import { createI18n, readLocales } from '../../src/core/i18n/index.ts';
import { buildLandingView, formatDays, qrSvg, shareLinks, telHref, whatsappHref } from '../../src/core/site/index.ts';

describe('contact links', () => {
  test('tel: keeps + and digits only', () => assert.equal(telHref('+221 33 000 00 00'), 'tel:+221330000000'));
  test('wa.me wants digits without +', () => assert.equal(whatsappHref('+221 77 000 00 01'), 'https://wa.me/221770000001'));
});

describe('opening hours in the reader language', () => {
  const cases: [string, string[], string][] = [
    ['en', ['mon', 'tue', 'wed', 'thu', 'fri'], 'Mon–Fri'],
    ['fr', ['mon', 'tue', 'wed', 'fri'], 'lun.–mer. et ven.'],
    ['en', ['sat'], 'Sat'],
    ['uk', ['mon', 'tue'], 'пн–вт'],
  ];
  for (const [lang, days, expected] of cases) {
    test(`${lang} ${days.join(',')}`, () => assert.equal(formatDays(days as never, lang), expected));
  }
});

describe('share links are plain links with the text and address encoded', () => {
  test('WhatsApp carries text and URL in one message', () => {
    const [wa, tg, fb] = shareLinks('https://x.org/fr/c/', 'Lis ça & partage');
    assert.equal(wa!.href, 'https://wa.me/?text=Lis%20%C3%A7a%20%26%20partage%20https%3A%2F%2Fx.org%2Ffr%2Fc%2F');
    assert.equal(tg!.href, 'https://t.me/share/url?url=https%3A%2F%2Fx.org%2Ffr%2Fc%2F&text=Lis%20%C3%A7a%20%26%20partage');
    assert.equal(fb!.href, 'https://www.facebook.com/sharer/sharer.php?u=https%3A%2F%2Fx.org%2Ffr%2Fc%2F');
  });
});

describe('QR code', () => {
  test('is an accessible inline SVG with no external reference', () => {
    const svg = qrSvg('https://x.org/fr/c/', 'Scan: https://x.org/fr/c/');
    assert.match(svg, /^<svg role="img" aria-label="Scan: https:\/\/x.org\/fr\/c\/" /);
    assert.doesNotMatch(svg, /href=|<image/);
  });

  test('draws exactly the dark modules the encoder chose, inside a 4-module quiet zone', async () => {
    const QRCode = (await import('qrcode')).default;
    const text = 'https://x.org/wo/safe-journeys-senegal-2027/';
    const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
    const svg = qrSvg(text, 'x');
    const dark = new Set<string>();
    for (const m of svg.matchAll(/M(\d+) (\d+)h(\d+)/g)) for (let i = 0; i < Number(m[3]); i++) dark.add(`${Number(m[1]) + i - 4},${Number(m[2]) - 4}`);
    let expected = 0;
    for (let y = 0; y < modules.size; y++) for (let x = 0; x < modules.size; x++) if (modules.get(y, x)) { expected++; assert.ok(dark.has(`${x},${y}`), `module ${x},${y}`); }
    assert.equal(dark.size, expected);
    assert.match(svg, new RegExp(`viewBox="0 0 ${modules.size + 8} ${modules.size + 8}"`));
  });
});

describe('landing view', async () => {
  const [loaded] = loadCampaigns('tests/fixtures/valid').campaigns;
  const i18n = await createI18n(readLocales('locales'));
  const view = (lang: string) => buildLandingView(loaded!, lang, i18n.getFixedT(lang), 'https://site.example');

  test('hreflang alternates list every published language and x-default is the default language', () => {
    assert.deepEqual(view('fr').alternates, [
      { hreflang: 'en', href: 'https://site.example/en/test-campaign/' },
      { hreflang: 'fr', href: 'https://site.example/fr/test-campaign/' },
      { hreflang: 'x-default', href: 'https://site.example/en/test-campaign/' },
    ]);
  });

  test('contact points are those of the countries whose audiences read the page language', () => {
    assert.deepEqual(view('en').contacts.map((c) => c.id), ['sn-help']);
    assert.deepEqual(view('fr').contacts.map((c) => c.id), ['sn-help', 'it-help']);
  });

  test('text missing in the page language is marked with the language it is shown in', () => {
    const fr = view('fr');
    assert.deepEqual(fr.measures[0]!.title, { text: 'Travail saisonnier légal' });
    assert.deepEqual(fr.contacts[0]!.organisation, { text: 'Test help desk', lang: 'en', dir: 'ltr' });
    assert.equal(fr.messages[0]!.lang, 'en');
  });

  test('the call label keeps the number apart so it can stay left-to-right', () => {
    const call = view('en').contacts[0]!.call!;
    assert.deepEqual(call, { before: 'Call ', after: '', href: 'tel:+221000000001', number: '+221 00 000 00 01' });
  });
});
