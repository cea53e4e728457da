import assert from 'node:assert/strict';
import { test } from 'node:test';
import { canonicalPath, redirectStatus, withTrailingSlash } from '../../src/server/paths.ts';

test('canonicalPath: one form per path; aliases name it, malformed paths are 400, smuggled separators 404', () => {
  const cases: [string, ReturnType<typeof canonicalPath>][] = [
    ['/', { kind: 'canonical', path: '/' }],
    ['/dashboard/login/', { kind: 'canonical', path: '/dashboard/login/' }],
    ['/fr/safe-journeys-senegal-2027/', { kind: 'canonical', path: '/fr/safe-journeys-senegal-2027/' }],
    ['/go/abc', { kind: 'canonical', path: '/go/abc' }],
    ['/embed/x.js', { kind: 'canonical', path: '/embed/x.js' }],
    ['/%64ashboard/login/', { kind: 'alias', path: '/dashboard/login/' }],
    ['//dashboard/login/', { kind: 'alias', path: '/dashboard/login/' }],
    ['/dashboard//login/', { kind: 'alias', path: '/dashboard/login/' }],
    ['/./dashboard/', { kind: 'alias', path: '/dashboard/' }],
    ['/a/../dashboard/', { kind: 'alias', path: '/dashboard/' }],
    ['/%2e/dashboard/%2E%2e/dashboard/', { kind: 'alias', path: '/dashboard/' }],
    ['/\\dashboard\\login/', { kind: 'alias', path: '/dashboard/login/' }],
    ['/dashboard/..', { kind: 'alias', path: '/' }],
    ['/../../etc/passwd', { kind: 'alias', path: '/etc/passwd' }],
    ['/fr/%c3%bc/', { kind: 'alias', path: '/fr/%C3%BC/' }],
    ['/fr/%C3%BC/', { kind: 'canonical', path: '/fr/%C3%BC/' }],
    ['/fr/ü/', { kind: 'alias', path: '/fr/%C3%BC/' }],
    ['//evil.example/', { kind: 'alias', path: '/evil.example/' }],
    ['/dashboard%2Flogin/', { kind: 'invalid', status: 404, message: 'no such page' }],
    ['/dashboard%5Clogin/', { kind: 'invalid', status: 404, message: 'no such page' }],
    ['/Dashboard/', { kind: 'invalid', status: 404, message: 'no such page' }],
    ['/%44ASHBOARD/login/', { kind: 'invalid', status: 404, message: 'no such page' }],
    ['/go/%', { kind: 'invalid', status: 400, message: 'the path is not valid percent-encoding' }],
    ['/go/%c0%af', { kind: 'invalid', status: 400, message: 'the path is not valid percent-encoding' }],
    ['/a%00b/', { kind: 'invalid', status: 400, message: 'the path holds a control character' }],
    ['*', { kind: 'invalid', status: 400, message: 'the request target must be a path' }],
  ];
  for (const [raw, expected] of cases) assert.deepEqual(canonicalPath(raw), expected, raw);
});

test('withTrailingSlash: page paths get one; files and Astro internals do not; 308 for every method but GET', () => {
  assert.equal(withTrailingSlash('/dashboard/login'), '/dashboard/login/');
  assert.equal(withTrailingSlash('/fr'), '/fr/');
  assert.equal(withTrailingSlash('/dashboard/x/report.csv'), undefined);
  assert.equal(withTrailingSlash('/_astro/x'), undefined);
  assert.equal(withTrailingSlash('/fr/'), undefined);
  assert.deepEqual(['GET', 'HEAD', 'POST', 'PUT'].map(redirectStatus), [301, 308, 308, 308]);
});
