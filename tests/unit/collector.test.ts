import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { after, before, describe, test } from 'node:test';

const UA = 'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36';

function startCollector(dbPath: string, env: Record<string, string> = {}): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['tests/fixtures/collector-server.ts'], { env: { ...process.env, DATABASE_URL: `sqlite:${dbPath}`, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve) => child.stdout!.once('data', (d: Buffer) => resolve({ child, url: `http://127.0.0.1:${d.toString().trim()}/api/collect` })));
}

const post = (url: string, body: string, headers: Record<string, string> = {}) =>
  fetch(url, { method: 'POST', body, headers: { 'user-agent': UA, 'content-type': 'text/plain', ...headers } });

const events = (dbPath: string) => new DatabaseSync(dbPath).prepare('select campaign, type, language, channel, audience, target from events order by id').all().map((r) => ({ ...r }));

describe('collector', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cp-collect-'));
  const db = join(dir, 'c.db');
  let server: { child: ChildProcess; url: string };
  before(async () => {
    server = await startCollector(db, { RATE: '50' });
  });
  after(() => server.child.kill());

  test('a valid beacon is answered 204 and stored, attributed through its tracked-link code', async () => {
    const r = await post(server.url, JSON.stringify({ c: 'test-campaign', l: 'fr', t: 'view', k: 'abc' }));
    assert.equal(r.status, 204);
    assert.deepEqual(events(db).at(-1), { campaign: 'test-campaign', type: 'view', language: 'fr', channel: 'radio', audience: 'youth', target: '' });
  });

  const rejects: [string, string, Record<string, string>, number, string][] = [
    ['unknown campaign', JSON.stringify({ c: 'other', l: 'fr', t: 'view' }), {}, 404, 'no published campaign "other"'],
    ['unpublished language', JSON.stringify({ c: 'test-campaign', l: 'ru', t: 'view' }), {}, 404, 'campaign "test-campaign" is not published in "ru"'],
    ['unknown field', JSON.stringify({ c: 'test-campaign', l: 'fr', t: 'view', ip: '1.2.3.4' }), {}, 400, 'body: Unrecognized key: "ip"'],
    ['not JSON', 'hello', {}, 400, 'body is not JSON'],
    ['over 1 KB', JSON.stringify({ c: 'test-campaign', l: 'fr', t: 'view', g: 'x'.repeat(2000) }), {}, 413, 'body over 1024 bytes'],
  ];
  for (const [name, body, headers, status, message] of rejects) {
    test(`${name} → ${status} with {error:{code,message}}`, async () => {
      const r = await post(server.url, body, headers);
      assert.equal(r.status, status);
      const json = (await r.json()) as { error: { code: string; message: string } };
      assert.equal(json.error.message, message);
    });
  }

  test('bots, Global Privacy Control and Do Not Track are answered 204 and not stored', async () => {
    const before = events(db).length;
    const body = JSON.stringify({ c: 'test-campaign', l: 'fr', t: 'view' });
    assert.equal((await post(server.url, body, { 'user-agent': 'Googlebot/2.1' })).status, 204);
    assert.equal((await post(server.url, body, { 'user-agent': 'WhatsApp/2.23' })).status, 204);
    assert.equal((await post(server.url, body, { 'sec-gpc': '1' })).status, 204);
    assert.equal((await post(server.url, body, { dnt: '1' })).status, 204);
    assert.equal(events(db).length, before);
  });

  test('rate limit per client answers 429 without storing the address', async () => {
    const body = JSON.stringify({ c: 'test-campaign', l: 'en', t: 'print' });
    const statuses = [];
    for (let i = 0; i < 60; i++) statuses.push((await post(server.url, body)).status);
    assert.ok(statuses.includes(429));
  });

  test('no IP address, user agent or cookie is ever stored', async () => {
    const bytes = readdirSync(dir).map((f) => readFileSync(join(dir, f)).toString('latin1')).join('');
    for (const needle of ['127.0.0.1', '::1', 'Mozilla', 'Android', 'Chrome', 'cookie']) assert.ok(!bytes.includes(needle), `found "${needle}" in the database files`);
  });
});

describe('collector durability', () => {
  test('every acknowledged event survives the process being killed', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'cp-kill-')), 'k.db');
    const { child, url } = await startCollector(db);
    let acknowledged = 0;
    const body = JSON.stringify({ c: 'test-campaign', l: 'en', t: 'view' });
    // Kill the collector with requests still in flight, once 50 have been acknowledged.
    const sends = Array.from({ length: 400 }, (_, i) =>
      new Promise((r) => setTimeout(r, i)).then(() =>
        post(url, body).then((r) => {
          if (r.status === 204 && ++acknowledged === 50) child.kill('SIGKILL');
        }, () => {}),
      ),
    );
    await Promise.all(sends);
    if (child.exitCode === null && child.signalCode === null) await new Promise((r) => child.once('exit', r));
    const stored = events(db).length;
    assert.ok(acknowledged >= 50 && acknowledged < 400, `the kill came mid-stream (${acknowledged} of 400 acknowledged)`);
    assert.ok(stored >= acknowledged, `${acknowledged} acknowledged but only ${stored} stored`);
  });
});
