import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dashboardLanguage, negotiateLanguage } from '../../src/core/auth/index.ts';
import { formattersFor } from '../../src/core/report/index.ts';

// Expected strings are CLDR's, as Node 24's ICU writes them: in French a narrow no-break space (U+202F)
// groups thousands and a no-break space (U+00A0) comes before % and the currency; Arabic marks % left-to-right (U+200E).
const NNBSP = '\u202f';
const NBSP = '\u00a0';
const LRM = '\u200e';
const cases: [string, string, (f: ReturnType<typeof formattersFor>) => string, string][] = [
  ['en', 'a count', (f) => f.number(1234567), '1,234,567'],
  ['fr', 'a count', (f) => f.number(1234567), `1${NNBSP}234${NNBSP}567`],
  ['ar', 'a count, in Latin digits', (f) => f.number(1234567), '1,234,567'],
  ['fr', 'two decimals', (f) => f.number(0.5, 2), '0,50'],
  ['en', 'a share', (f) => f.percent(0.123), '12.3%'],
  ['fr', 'a share', (f) => f.percent(0.123), `12,3${NBSP}%`],
  ['ar', 'a share', (f) => f.percent(0.123), `12.3${LRM}%${LRM}`],
  ['en', 'money', (f) => f.money(1402.1, 'EUR'), `EUR${NBSP}1,402.10`],
  ['fr', 'money', (f) => f.money(1402.1, 'EUR'), `1${NNBSP}402,10${NBSP}EUR`],
  ['en', 'money without a currency', (f) => f.money(3.5, null), '3.50'],
  ['en', 'a day', (f) => f.date('2027-02-01'), '1 February 2027'],
  ['fr', 'a day', (f) => f.date('2027-02-01'), '1 février 2027'],
  ['ar', 'a day', (f) => f.date('2027-02-01'), '1 فبراير 2027'],
  ['en', 'not a day', (f) => f.date('soon'), 'soon'],
  ['en', 'a range', (f) => f.range({ lower: 25000, upper: 740364 }, (v) => f.number(v)), '25,000 – 740,364'],
  [
    'en',
    'a range whose ends print alike',
    (f) => f.range({ lower: 1.001, upper: 1.004 }, (v) => f.number(v, 2)),
    '1.00',
  ],
  ['fr', 'an effect on a share', (f) => f.effect(-0.0443, 'share', 'pts'), '-4,4 pts'],
  ['en', 'an effect on a scale', (f) => f.effect(0.214, 'mean', 'pp'), '0.21'],
  ['en', 'no value', (f) => f.number(null), '—'],
  ['en', 'a tiny p-value', (f) => f.p(0.0004), '< 0.001'],
  ['fr', 'a p-value near 0.05', (f) => f.p(0.048), '0,048'],
];
for (const [lang, what, format, expected] of cases) {
  test(`${lang}: ${what} is written ${JSON.stringify(expected)}`, () =>
    assert.equal(format(formattersFor(lang)), expected));
}

const negotiation: [string | undefined, string | undefined][] = [
  ['fr-SN,fr;q=0.9,en;q=0.8', 'fr'],
  ['ar-MA;q=0.9,de;q=0.95', 'ar'],
  ['de, ja;q=0.5', undefined],
  ['de, *;q=0.1', 'en'],
  ['fr;q=0, en;q=0.1', 'en'],
  [';;q=x,,*;q=abc', undefined],
  ['EN-gb', 'en'],
  ['', undefined],
  [undefined, undefined],
];
for (const [header, expected] of negotiation) {
  test(`Accept-Language ${JSON.stringify(header)} gives ${expected ?? 'nothing'}`, () =>
    assert.equal(negotiateLanguage(header, ['en', 'fr', 'ar']), expected));
}

test('the account’s language wins over the switcher’s cookie, which wins over the browser', () => {
  assert.equal(dashboardLanguage({ account: 'ar', chosen: 'fr', acceptLanguage: 'en' }), 'ar');
  assert.equal(dashboardLanguage({ account: null, chosen: 'fr', acceptLanguage: 'ar' }), 'fr');
  assert.equal(dashboardLanguage({ account: 'xx', chosen: 'zz', acceptLanguage: 'ar' }), 'ar');
  assert.equal(dashboardLanguage({}), 'en');
});
