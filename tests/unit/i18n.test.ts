import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  type LocaleFile,
  checkLocales,
  createI18n,
  directionOf,
  fallbackChain,
  getLanguage,
  readLocales,
  unknownLocaleCodes,
} from '../../src/core/i18n/index.ts';

describe('language registry', () => {
  const dirs: [string, 'ltr' | 'rtl'][] = [
    ['ar', 'rtl'],
    ['prs', 'rtl'],
    ['ps', 'rtl'],
    ['fa', 'rtl'],
    ['ur', 'rtl'],
    ['ff-Adlm', 'rtl'],
    ['ff-Latn', 'ltr'],
    ['fr', 'ltr'],
    ['ti', 'ltr'],
    ['zh-Hans', 'ltr'],
    ['uk', 'ltr'],
    ['xx-unknown', 'ltr'],
  ];
  for (const [code, dir] of dirs) test(`${code} is ${dir}`, () => assert.equal(directionOf(code), dir));

  test('fallback chains end in English and never loop', () => {
    assert.deepEqual(fallbackChain('wo'), ['wo', 'fr', 'en']);
    assert.deepEqual(fallbackChain('prs'), ['prs', 'fa', 'ps', 'en']);
    assert.deepEqual(fallbackChain('en'), ['en']);
  });

  test('Dari uses the Afghan Persian locale for dates', () => assert.equal(getLanguage('prs').intl, 'fa-AF'));
});

describe('shipped UI strings', () => {
  const locales = readLocales('locales');
  const required = ['en', 'fr', 'ar', 'prs', 'ps', 'ti', 'so', 'ha', 'wo', 'uk', 'ru', 'zh-Hans'];

  test('every required language has a locale file', () => {
    assert.deepEqual(
      required.filter((c) => !locales.has(c)),
      [],
    );
  });

  test('every locale has exactly the English keys with the same placeholders', () => {
    for (const r of checkLocales(locales)) {
      assert.deepEqual(
        { code: r.code, missing: r.missing, extra: r.extra, placeholders: r.placeholderMismatch },
        { code: r.code, missing: [], extra: [], placeholders: [] },
      );
    }
  });

  test('every locale file is a registered language', () => assert.deepEqual(unknownLocaleCodes(locales), []));

  test('drafted translations are marked for native-speaker review', () => {
    const drafts = checkLocales(locales)
      .filter((r) => r.status === 'needs-review')
      .map((r) => r.code);
    assert.ok(drafts.length > 0);
  });
});

describe('i18next instance', () => {
  test('a missing key falls back along the language chain, interpolation is not HTML-escaped', async () => {
    const locales = new Map<string, LocaleFile>([
      ['en', { code: 'en', status: 'reviewed' as const, strings: { a: 'A', b: 'B {{x}}' } }],
      ['fr', { code: 'fr', status: 'reviewed' as const, strings: { a: 'A-fr' } }],
      ['wo', { code: 'wo', status: 'needs-review' as const, strings: {} }],
    ]);
    const i18n = await createI18n(locales);
    assert.equal(i18n.getFixedT('wo')('a'), 'A-fr');
    assert.equal(i18n.getFixedT('wo')('b', { x: '<&>' }), 'B <&>');
  });
});
