import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { after, before, describe, test } from 'node:test';
import { loadCampaigns } from '../../src/core/workspace/index.ts';
import { openStore, type Store } from '../../src/core/metrics/index.ts';
import { trackedLinks, type TrackedLink } from '../../src/core/site/tracked-links.ts';
import { type Collector, createCollector } from '../../src/server/collector.ts';

/**
 * Issue 15: impressions of the embedded banner count for a partner only from the partner's declared
 * site, only at a human rate per reader and per address, and its readers are counted beside them.
 * The real collector on a real socket, a real SQLite file, the example campaign's placements.
 */
const UA =
  'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36';
const afghanistan = loadCampaigns('campaigns').campaigns.find(
  (c) => c.campaign.id === 'eastern-route-afghanistan-2027',
)!.campaign;
// The Peshawar forum as declared (site https://example.org/peshawar-jobs/); Hamburg without its site.
const withoutSite = {
  ...afghanistan,
  placements: afghanistan.placements.map((p) =>
    p.partner === 'hamburg-afghan-community' ? { ...p, site: undefined } : p,
  ),
};
const links = new Map<string, TrackedLink>(trackedLinks(withoutSite).map((l) => [l.code, l]));
const peshawar = [...links.values()].find((l) => l.partner === 'peshawar-jobs-forum')!;
const hamburg = [...links.values()].find((l) => l.partner === 'hamburg-afghan-community')!;

let clock = new Date('2027-04-10T09:00:00Z');
let store: Store;
let dbFile: string;
let collector: Collector;
let server: Server;
let url: string;
before(async () => {
  dbFile = join(mkdtempSync(join(tmpdir(), 'cp-embed-')), 'embed.db');
  store = await openStore(`sqlite:${dbFile}`);
  collector = createCollector({
    store,
    campaigns: new Map([[afghanistan.id, new Set(afghanistan.languages.published)]]),
    links,
    proxyHops: 1,
    ratePerMinute: 1_000_000,
    ratePerAddressPerMinute: 1_000_000,
    now: () => clock,
  });
  server = createServer((req, res) => void collector.handle(req, res, req.headers.origin !== undefined));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/collect`;
});
after(async () => {
  await new Promise((r) => server.close(r));
  await store.close();
});

const impression = (
  link: TrackedLink,
  opts: { origin?: string; address?: string; ua?: string } = {},
): Promise<Response> =>
  fetch(url, {
    method: 'POST',
    body: JSON.stringify({ c: afghanistan.id, l: 'ps', t: 'embed-impression', k: link.code }),
    headers: {
      'content-type': 'text/plain;charset=UTF-8',
      'user-agent': opts.ua ?? UA,
      'x-forwarded-for': opts.address ?? '198.51.100.7',
      ...(opts.origin !== undefined && { origin: opts.origin, 'sec-fetch-site': 'cross-site' }),
    },
  });
/** A placement's count of a metric, as the report reads it. */
const count = async (link: TrackedLink, metric: string) => {
  await collector.flush();
  const row = new DatabaseSync(dbFile, { readOnly: true })
    .prepare("select sum(value) as n from facts where source = 'site' and detail = ? and metric = ?")
    .get(link.code, metric) as { n: number | null };
  return Number(row.n ?? 0);
};

describe("impressions come from the placement's declared site", () => {
  test('the exact origin (host in any case) is counted; another scheme, port, host, none or null is 403', async () => {
    const before = await count(peshawar, 'embed-impressions');
    assert.equal(
      (await impression(peshawar, { origin: 'https://example.org', address: '192.0.2.1' })).status,
      204,
    );
    assert.equal(
      (await impression(peshawar, { origin: 'https://EXAMPLE.org', address: '192.0.2.2' })).status,
      204,
    );
    for (const origin of [
      'http://example.org',
      'https://example.org:8443',
      'https://evil.example',
      'https://example.org.evil.example',
      'null',
      'not a url',
    ]) {
      const r = await impression(peshawar, { origin, address: '192.0.2.3' });
      assert.equal(r.status, 403, origin);
      assert.match(((await r.json()) as { error: { message: string } }).error.message, /^Origin: /);
    }
    // No Origin at all: not a browser on the partner's page.
    assert.equal((await impression(peshawar, { address: '192.0.2.4' })).status, 403);
    assert.equal(await count(peshawar, 'embed-impressions'), before + 2);
  });

  test('a placement without site gets no impression, from anywhere', async () => {
    for (const origin of ['https://example.org', 'http://127.0.0.1'])
      assert.equal((await impression(hamburg, { origin, address: '192.0.2.5' })).status, 403);
    assert.equal(await count(hamburg, 'embed-impressions'), 0);
  });
});

describe('one reader adds impressions at a human rate; readers are counted beside them', () => {
  test('a reader reloading 1,000 times adds 4 in an hour and 12 in a day, and is one reader of that day', async () => {
    clock = new Date('2027-04-11T09:00:00Z');
    const before = await count(peshawar, 'embed-impressions');
    const readers = await count(peshawar, 'embed-readers');
    const reload = async (n: number) => {
      for (let i = 0; i < n; i++)
        assert.equal(
          (await impression(peshawar, { origin: 'https://example.org', address: '203.0.113.5' })).status,
          204,
        );
    };
    await reload(1000);
    assert.equal(await count(peshawar, 'embed-impressions'), before + 4);
    for (const hour of ['10', '11', '12', '13']) {
      clock = new Date(`2027-04-11T${hour}:30:00Z`);
      await reload(20);
    }
    assert.equal(await count(peshawar, 'embed-impressions'), before + 12, 'at most 12 a day');
    assert.equal(await count(peshawar, 'embed-readers'), readers + 1);
    // The next day the reader is counted again, a new reader of that day.
    clock = new Date('2027-04-12T08:00:00Z');
    await reload(10);
    assert.equal(await count(peshawar, 'embed-impressions'), before + 16);
    assert.equal(await count(peshawar, 'embed-readers'), readers + 2);
    // Another reader of the same address is counted as usual.
    const other = await impression(peshawar, {
      origin: 'https://example.org',
      address: '203.0.113.5',
      ua: `${UA} other`,
    });
    assert.equal(other.status, 204);
    assert.equal(await count(peshawar, 'embed-impressions'), before + 17);
    assert.equal(await count(peshawar, 'embed-readers'), readers + 3);
  });

  test('one address rotating user agents adds at most 300 an hour', async () => {
    clock = new Date('2027-04-13T15:00:00Z');
    const before = await count(peshawar, 'embed-impressions');
    const sent = await Promise.all(
      Array.from({ length: 1000 }, (_, i) =>
        impression(peshawar, {
          origin: 'https://example.org',
          address: '203.0.113.99',
          ua: `${UA} ${i}`,
        }).then((r) => r.status),
      ),
    );
    assert.deepEqual([...new Set(sent)], [204]);
    assert.equal(await count(peshawar, 'embed-impressions'), before + 300);
    // Readers elsewhere are still counted.
    assert.equal(
      (await impression(peshawar, { origin: 'https://example.org', address: '203.0.113.100' })).status,
      204,
    );
    assert.equal(await count(peshawar, 'embed-impressions'), before + 301);
  });
});
