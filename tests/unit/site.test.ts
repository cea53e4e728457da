import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadCampaigns } from '../../src/core/workspace/index.ts';
import { createI18n, readLocales } from '../../src/core/i18n/index.ts';
import {
  buildLandingView,
  formatDays,
  qrSvg,
  shareLinks,
  telHref,
  whatsappHref,
} from '../../src/core/site/index.ts';

describe('contact links', () => {
  test('tel: keeps + and digits only', () => assert.equal(telHref('+221 33 000 00 00'), 'tel:+221330000000'));
  test('wa.me wants digits without +', () =>
    assert.equal(whatsappHref('+221 77 000 00 01'), 'https://wa.me/221770000001'));
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
    assert.equal(
      wa!.href,
      'https://wa.me/?text=Lis%20%C3%A7a%20%26%20partage%20https%3A%2F%2Fx.org%2Ffr%2Fc%2F',
    );
    assert.equal(
      tg!.href,
      'https://t.me/share/url?url=https%3A%2F%2Fx.org%2Ffr%2Fc%2F&text=Lis%20%C3%A7a%20%26%20partage',
    );
    assert.equal(fb!.href, 'https://www.facebook.com/sharer/sharer.php?u=https%3A%2F%2Fx.org%2Ffr%2Fc%2F');
  });
});

describe('QR code', () => {
  test('is an accessible inline SVG with no external reference', () => {
    const svg = qrSvg('https://x.org/fr/c/', 'Scan: https://x.org/fr/c/');
    assert.match(svg, /^<svg role="img" aria-label="Scan: https:\/\/x.org\/fr\/c\/" /);
    assert.doesNotMatch(svg, /href=|<image/);
  });

  /** Paints the SVG's path (horizontal runs of dark modules) into RGBA pixels, as a phone camera would see it. */
  function rasterise(svg: string, scale = 4) {
    const full = Number(/viewBox="0 0 (\d+) /.exec(svg)![1]);
    const width = full * scale;
    const data = new Uint8ClampedArray(width * width * 4).fill(255);
    for (const m of svg.matchAll(/M(\d+) (\d+)h(\d+)/g)) {
      const [x0, y, len] = [Number(m[1]), Number(m[2]), Number(m[3])];
      for (let py = y * scale; py < (y + 1) * scale; py++)
        for (let px = x0 * scale; px < (x0 + len) * scale; px++)
          data.fill(0, (py * width + px) * 4, (py * width + px) * 4 + 3);
    }
    return { data, width };
  }

  test('scans back to the landing page address, inside the 4-module quiet zone', async () => {
    const jsQR = (await import('jsqr')).default;
    for (const text of [
      'https://x.org/wo/safe-journeys-senegal-2027/',
      'https://campaigns.example.org/zh-Hans/fake-job-offers-2027/',
    ]) {
      const svg = qrSvg(text, 'x');
      const { data, width } = rasterise(svg);
      const decoded = jsQR(data, width, width);
      assert.equal(decoded?.data, text);
      // Nothing dark in the quiet zone: every run starts at module 4 or later and ends 4 before the edge.
      const full = Number(/viewBox="0 0 (\d+) /.exec(svg)![1]);
      for (const m of svg.matchAll(/M(\d+) (\d+)h(\d+)/g)) {
        assert.ok(
          Number(m[1]) >= 4 &&
            Number(m[2]) >= 4 &&
            Number(m[1]) + Number(m[3]) <= full - 4 &&
            Number(m[2]) < full - 4,
          m[0],
        );
      }
    }
  });
});

describe('landing view', async () => {
  const [loaded] = loadCampaigns('tests/fixtures/valid').campaigns;
  const i18n = await createI18n(readLocales('locales'));
  const view = (lang: string) =>
    buildLandingView(loaded!, lang, i18n.getFixedT(lang), 'https://site.example');

  test('hreflang alternates list every published language and x-default is the default language', () => {
    assert.deepEqual(view('fr').alternates, [
      { hreflang: 'en', href: 'https://site.example/en/test-campaign/' },
      { hreflang: 'fr', href: 'https://site.example/fr/test-campaign/' },
      { hreflang: 'x-default', href: 'https://site.example/en/test-campaign/' },
    ]);
  });

  test('contact points are those of the countries whose audiences read the page language', () => {
    assert.deepEqual(
      view('en').contacts.map((c) => c.id),
      ['sn-help'],
    );
    assert.deepEqual(
      view('fr').contacts.map((c) => c.id),
      ['sn-help', 'it-help'],
    );
  });

  test('text missing in the page language is marked with the language it is shown in', () => {
    const fr = view('fr');
    assert.deepEqual(fr.measures[0]!.title, { text: 'Travail saisonnier légal' });
    assert.deepEqual(fr.contacts[0]!.organisation, { text: 'Test help desk', lang: 'en', dir: 'ltr' });
    assert.equal(fr.messages[0]!.lang, 'en');
  });

  test('the call label keeps the number apart so it can stay left-to-right', () => {
    const call = view('en').contacts[0]!.call!;
    assert.deepEqual(call, {
      before: 'Call ',
      after: '',
      href: 'tel:+221000000001',
      number: '+221 00 000 00 01',
    });
  });
});
