import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { after, before, describe, test } from 'node:test';
import { withinOneMinute } from '../fixtures/minute.ts';

const UA =
  'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36';

function startCollector(
  dbPath: string,
  env: Record<string, string> = {},
): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['tests/fixtures/collector-server.ts'], {
    env: { ...process.env, DATABASE_URL: `sqlite:${dbPath}`, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve) =>
    child.stdout!.once('data', (d: Buffer) =>
      resolve({ child, url: `http://127.0.0.1:${d.toString().trim()}/api/collect` }),
    ),
  );
}

const post = (url: string, body: string, headers: Record<string, string> = {}) =>
  fetch(url, {
    method: 'POST',
    body,
    headers: { 'user-agent': UA, 'content-type': 'text/plain', ...headers },
  });

const events = (dbPath: string) =>
  new DatabaseSync(dbPath)
    .prepare('select campaign, type, language, channel, audience, target from events order by id')
    .all()
    .map((r) => ({ ...r }));

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
    assert.deepEqual(events(db).at(-1), {
      campaign: 'test-campaign',
      type: 'view',
      language: 'fr',
      channel: 'radio',
      audience: 'youth',
      target: '',
    });
  });

  const rejects: [string, string, Record<string, string>, number, string][] = [
    [
      'unknown campaign',
      JSON.stringify({ c: 'other', l: 'fr', t: 'view' }),
      {},
      404,
      'no published campaign "other"',
    ],
    [
      'unpublished language',
      JSON.stringify({ c: 'test-campaign', l: 'ru', t: 'view' }),
      {},
      404,
      'campaign "test-campaign" is not published in "ru"',
    ],
    [
      'unknown field',
      JSON.stringify({ c: 'test-campaign', l: 'fr', t: 'view', ip: '1.2.3.4' }),
      {},
      400,
      'body: Unrecognized key: "ip"',
    ],
    ['not JSON', 'hello', {}, 400, 'body is not JSON'],
    [
      'over 1 KB',
      JSON.stringify({ c: 'test-campaign', l: 'fr', t: 'view', g: 'x'.repeat(2000) }),
      {},
      413,
      'body over 1024 bytes',
    ],
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
    await withinOneMinute();
    const statuses = [];
    // One client in a loop: fetch keeps one or two connections alive, 50 a minute each here.
    for (let i = 0; i < 160; i++) statuses.push((await post(server.url, body)).status);
    assert.ok(statuses.includes(429));
  });

  test('no IP address, user agent or cookie is ever stored', async () => {
    const bytes = readdirSync(dir)
      .map((f) => readFileSync(join(dir, f)).toString('latin1'))
      .join('');
    for (const needle of ['127.0.0.1', '::1', 'Mozilla', 'Android', 'Chrome', 'cookie'])
      assert.ok(!bytes.includes(needle), `found "${needle}" in the database files`);
  });
});

// User agents in the form the in-app browsers of the campaigns' channels and the readers' phones send
// them (app token and version after the WebView's own string), then crawlers and link previewers as
// they announce themselves.
const READERS: [string, string][] = [
  [
    'Facebook in-app (Android)',
    'Mozilla/5.0 (Linux; Android 12; SM-A125F Build/SP1A.210812.016; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/114.0.5735.196 Mobile Safari/537.36 [FB_IAB/FB4A;FBAV/423.0.0.21.64;]',
  ],
  [
    'Facebook in-app (iPhone)',
    'Mozilla/5.0 (iPhone; CPU iPhone OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [FBAN/FBIOS;FBDV/iPhone12,1;FBMD/iPhone;FBSN/iOS;FBSV/16.6;FBSS/2;FBID/phone;FBLC/fr_FR;FBOP/5]',
  ],
  [
    'Instagram',
    'Mozilla/5.0 (Linux; Android 11; SM-A515F Build/RP1A.200720.012; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/112.0.5615.135 Mobile Safari/537.36 Instagram 280.0.0.18.114 Android (30/11; 420dpi; 1080x2186; samsung; SM-A515F; a51; exynos9611; en_GB; 468823400)',
  ],
  [
    'TikTok',
    'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/119.0.6045.193 Mobile Safari/537.36 trill_320003 JsSdk/1.0 NetType/4G Channel/googleplay AppName/musical_ly app_version/32.0.3 ByteLocale/en ByteFullLocale/en Region/SN BytedanceWebview/d8a21c6',
  ],
  [
    'Telegram',
    'Mozilla/5.0 (Linux; Android 13; SM-A536B Build/TP1A.220624.014; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/120.0.6099.144 Mobile Safari/537.36 Telegram-Android/10.5.0 (Samsung SM-A536B; Android 13; SDK 33; AVERAGE)',
  ],
  [
    'WeChat',
    'Mozilla/5.0 (Linux; Android 12; V2111 Build/SP1A.210812.003; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/107.0.5304.141 Mobile Safari/537.36 XWEB/5127 MMWEBSDK/20230604 MMWEBID/1111 MicroMessenger/8.0.40.2420(0x28002837) WeChat/arm64 Weixin NetType/4G Language/zh_CN ABI/arm64',
  ],
  [
    'Viber',
    'Mozilla/5.0 (Linux; Android 11; Redmi Note 8 Build/RKQ1.201004.002; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/109.0.5414.118 Mobile Safari/537.36 Viber/19.9.2.0',
  ],
  [
    'Snapchat',
    'Mozilla/5.0 (iPhone; CPU iPhone OS 16_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Snapchat/12.40.0.36 (like Safari/8615.2.9.10.4, panda)',
  ],
  [
    'imo',
    'Mozilla/5.0 (Linux; Android 10; TECNO KE5 Build/QP1A.190711.020; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/103.0.5060.129 Mobile Safari/537.36 imoAndroid/2023.06.2011',
  ],
  [
    'Opera Mini (Presto)',
    'Opera/9.80 (Android; Opera Mini/36.2.2254/119.132; U; id) Presto/2.12.423 Version/12.16',
  ],
  [
    'Opera Mini (WebView)',
    'Mozilla/5.0 (Linux; U; Android 10; SM-A105F Build/QP1A.190711.020; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/86.0.4240.185 Mobile Safari/537.36 OPR/55.0.2254.56695',
  ],
  ['KaiOS', 'Mozilla/5.0 (Mobile; Nokia_8110_4G; rv:48.0) Gecko/48.0 Firefox/48.0 KAIOS/2.5'],
  [
    'old Android WebView',
    'Mozilla/5.0 (Linux; U; Android 4.4.2; en-us; SM-G350E Build/KOT49H) AppleWebKit/534.30 (KHTML, like Gecko) Version/4.0 Mobile Safari/534.30',
  ],
  [
    'UC Browser',
    'Mozilla/5.0 (Linux; U; Android 8.1.0; en-US; vivo 1820 Build/O11019) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/78.0.3904.108 UCBrowser/13.4.0.1306 Mobile Safari/537.36',
  ],
];
const BOTS: [string, string][] = [
  ['Googlebot', 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)'],
  ['Bingbot', 'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)'],
  ['Facebook previewer', 'facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)'],
  ['WhatsApp previewer', 'WhatsApp/2.23.20.0 A'],
  ['Telegram previewer', 'TelegramBot (like TwitterBot)'],
  ['Twitter previewer', 'Twitterbot/1.0'],
  ['Slack previewer', 'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)'],
  ['Discord previewer', 'Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)'],
  ['Skype previewer', 'SkypeUriPreview Preview/0.5'],
  [
    'LinkedIn previewer',
    'LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)',
  ],
  [
    'headless Chrome',
    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0.0.0 Safari/537.36',
  ],
  ['curl', 'curl/8.4.0'],
  ['python-requests', 'python-requests/2.31.0'],
  ['no user agent', ''],
];

describe('collector: who is counted', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cp-who-'));
  const db = join(dir, 'w.db');
  let server: { child: ChildProcess; url: string };
  before(async () => {
    // Behind a proxy every request comes over the proxy's connections: only the address ceiling holds.
    server = await startCollector(db, { RATE: '50', HOPS: '1', PER_ADDRESS: '600' });
  });
  after(() => server.child.kill());
  const visit = (ua: string, from: string, target = '') =>
    post(
      server.url,
      JSON.stringify({ c: 'test-campaign', l: 'fr', t: 'view', ...(target && { g: target }) }),
      { 'user-agent': ua, 'x-forwarded-for': from },
    );
  const stored = () => events(db).length;

  test('readers in every in-app browser and phone the channels use are counted; crawlers and link previewers are not', async () => {
    for (const [name, ua] of READERS) {
      const before = stored();
      assert.equal((await visit(ua, '198.51.100.1')).status, 204, name);
      assert.equal(stored(), before + 1, `${name} was not counted`);
    }
    for (const [name, ua] of BOTS) {
      const before = stored();
      assert.equal((await visit(ua, '198.51.100.2')).status, 204, name);
      assert.equal(stored(), before, `${name} was counted`);
    }
  });

  test('behind a proxy, 500 readers behind one carrier NAT address are all counted; one client flooding is held to the address ceiling', async () => {
    await withinOneMinute(30);
    const before = stored();
    const answers = await Promise.all(
      Array.from({ length: 500 }, (_, i) =>
        visit(`${READERS[i % READERS.length]![1]} build/${i}`, '198.51.100.7'),
      ),
    );
    assert.deepEqual([...new Set(answers.map((r) => r.status))], [204]);
    assert.equal(stored(), before + 500);
    const flood: number[] = [];
    for (let i = 0; i < 700; i++) flood.push((await visit(READERS[0]![1], '198.51.100.8')).status);
    assert.deepEqual(
      [flood.filter((s) => s === 204).length, flood.filter((s) => s === 429).length],
      [600, 100],
    );
  });

  test('a client-written X-Forwarded-For entry does not reset its limit: only the proxy-appended hop counts', async () => {
    await withinOneMinute(30);
    const flood: number[] = [];
    for (let i = 0; i < 700; i++)
      flood.push((await visit(READERS[1]![1], `10.${i % 250}.${i >> 8}.1, 198.51.100.9`)).status);
    assert.deepEqual(
      [flood.filter((s) => s === 204).length, flood.filter((s) => s === 429).length],
      [600, 100],
    );
  });
  test('behind a proxy, a client rotating addresses inside its IPv6 /64 is held to one ceiling; another /64 is not', async () => {
    await withinOneMinute(30);
    const flood: number[] = [];
    for (let i = 0; i < 700; i++)
      flood.push((await visit(READERS[2]![1], `2001:db8:5:6:${(i + 1).toString(16)}::1`)).status);
    assert.deepEqual(
      [flood.filter((s) => s === 204).length, flood.filter((s) => s === 429).length],
      [600, 100],
    );
    assert.equal((await visit(READERS[2]![1], '2001:db8:5:7::1')).status, 204);
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
        post(url, body).then(
          (r) => {
            if (r.status === 204 && ++acknowledged === 50) child.kill('SIGKILL');
          },
          () => {},
        ),
      ),
    );
    await Promise.all(sends);
    if (child.exitCode === null && child.signalCode === null) await new Promise((r) => child.once('exit', r));
    const stored = events(db).length;
    assert.ok(
      acknowledged >= 50 && acknowledged < 400,
      `the kill came mid-stream (${acknowledged} of 400 acknowledged)`,
    );
    assert.ok(stored >= acknowledged, `${acknowledged} acknowledged but only ${stored} stored`);
  });
});

describe('collector limits in memory', () => {
  test('one address rotating its user agent cannot use up the limiter: other readers are still counted', async () => {
    const { openStore } = await import('../../src/core/metrics/index.ts');
    const { createCollector } = await import('../../src/server/collector.ts');
    const store = await openStore('sqlite::memory:');
    const at = new Date('2027-02-03T10:00:05Z');
    const collector = createCollector({ store, campaigns: new Map(), links: new Map(), now: () => at });
    const req = (address: string, ua: string) =>
      ({
        headers: { 'user-agent': ua },
        socket: { remoteAddress: address },
      }) as unknown as import('node:http').IncomingMessage;
    let refused = 0;
    for (let i = 0; i < 250_000; i++) if (collector.limited(req('203.0.113.9', `${UA} ${i}`))) refused++;
    assert.equal(refused, 250_000 - 6000, 'the flooding address is held to its ceiling');
    const others = Array.from({ length: 100 }, (_, i) => collector.limited(req(`198.51.100.${i}`, UA)));
    assert.deepEqual([...new Set(others)], [false]);
    await store.close();
  });
});

/** One POST over `agent` (false: a connection of its own, closed after the answer); its status. */
function send(
  url: string,
  agent: Agent | false,
  body: string,
  headers: Record<string, string> = {},
  sockets?: Set<unknown>,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        headers: {
          'user-agent': UA,
          'content-type': 'text/plain',
          'content-length': String(Buffer.byteLength(body)),
          ...(agent === false && { connection: 'close' }),
          ...headers,
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode!));
      },
    );
    if (sockets) req.on('socket', (s) => sockets.add(s));
    req.on('error', reject);
    req.end(body);
  });
}

/** Runs `n` tasks, `width` at a time. */
async function inParallel<T>(n: number, width: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = new Array(n);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < n) {
        const i = next++;
        out[i] = await task(i);
      }
    }),
  );
  return out;
}

const tally = (statuses: number[]) => {
  const t: Record<number, number> = {};
  for (const s of statuses) t[s] = (t[s] ?? 0) + 1;
  return t;
};

/** Page views stored per source ('site', 'site-flagged'). */
const viewsBySource = (dbPath: string): Record<string, number> =>
  Object.fromEntries(
    new DatabaseSync(dbPath)
      .prepare("select source, sum(value) as n from facts where metric = 'page-views' group by source")
      .all()
      .map((r) => [r['source'] as string, Number(r['n'])]),
  );

// Issue 15: Chrome on Android sends one reduced user agent for every phone of a version, so the readers
// of a shared post behind one carrier address look alike but for their connections.
describe('collector: readers behind one carrier address', () => {
  const VIEW = JSON.stringify({ c: 'test-campaign', l: 'fr', t: 'view' });
  // The collector's own defaults: 120 a minute per connection, 6,000 per address. The clock is stopped,
  // so every request falls in one minute however loaded the machine is.
  const env = { RATE: '120', NOW: '2027-02-03T10:00:05Z' };

  test('1,000 distinct visits in one minute from one address with the same Android Chrome user agent are all stored, none flagged', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'cp-nat-')), 'n.db');
    const { child, url } = await startCollector(db, env);
    try {
      const sockets = new Set<unknown>();
      const statuses = await inParallel(1000, 25, () => send(url, false, VIEW, {}, sockets));
      assert.equal(sockets.size, 1000, 'one connection per reader');
      assert.deepEqual(tally(statuses), { 204: 1000 });
      assert.equal(events(db).length, 1000);
      assert.deepEqual(viewsBySource(db), { site: 1000 }, 'a realistic peak is not flagged');
    } finally {
      child.kill();
    }
  });

  test('one keep-alive connection repeating the same beacon is limited after 120 a minute; its neighbours on new connections are not', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'cp-one-')), 'o.db');
    const { child, url } = await startCollector(db, env);
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const sockets = new Set<unknown>();
      const flood: number[] = [];
      for (let i = 0; i < 200; i++) flood.push(await send(url, agent, VIEW, {}, sockets));
      assert.equal(sockets.size, 1, 'one connection');
      assert.deepEqual(tally(flood), { 204: 120, 429: 80 });
      // Readers behind the same address, same user agent, each on their own phone's connection.
      const neighbours = await inParallel(50, 10, () => send(url, false, VIEW));
      assert.deepEqual(tally(neighbours), { 204: 50 });
      assert.equal(events(db).length, 170);
    } finally {
      agent.destroy();
      child.kill();
    }
  });

  test('a small pool of keep-alive connections repeating the same beacon is limited: 120 a minute each', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'cp-pool-')), 'p.db');
    const { child, url } = await startCollector(db, env);
    const agent = new Agent({ keepAlive: true, maxSockets: 4 });
    try {
      const sockets = new Set<unknown>();
      const statuses = await inParallel(1000, 16, () => send(url, agent, VIEW, {}, sockets));
      assert.equal(sockets.size, 4, 'a pool of four connections');
      assert.deepEqual(tally(statuses), { 204: 480, 429: 520 });
      assert.equal(events(db).length, 480);
    } finally {
      agent.destroy();
      child.kill();
    }
  });
});

describe('collector: bursts implausible for their address are flagged, counted and excludable', () => {
  test("an address's jump far above its own history is stored and marked; the report shows it and can leave it out", async () => {
    const { createServer } = await import('node:http');
    const { loadCampaigns } = await import('../../src/core/workspace/index.ts');
    const { openStore } = await import('../../src/core/metrics/index.ts');
    const { buildReport, parseFilter } = await import('../../src/core/report/index.ts');
    const { createCollector } = await import('../../src/server/collector.ts');
    const loaded = loadCampaigns('campaigns').campaigns.find(
      (x) => x.campaign.id === 'safe-journeys-senegal-2027',
    )!;
    const db = join(mkdtempSync(join(tmpdir(), 'cp-flag-')), 'f.db');
    const store = await openStore(`sqlite:${db}`);
    let clock = Date.parse('2027-02-03T08:00:00Z');
    const collector = createCollector({
      store,
      campaigns: new Map([['safe-journeys-senegal-2027', new Set(['fr', 'wo', 'en'])]]),
      links: new Map(),
      // Behind one proxy, so two addresses can be told apart over loopback (X-Forwarded-For).
      proxyHops: 1,
      now: () => new Date(clock),
      // Smaller than the defaults (1,000 a minute, two hours' half-life), so a history takes minutes.
      flag: { floor: 100, halfLifeMinutes: 10 },
    });
    const server = createServer((req, res) => void collector.handle(req, res));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as { port: number };
    const url = `http://127.0.0.1:${port}/api/collect`;
    const agent = new Agent({ keepAlive: true, maxSockets: 16 });
    const VIEW = JSON.stringify({ c: 'safe-journeys-senegal-2027', l: 'fr', t: 'view' });
    const flagged = () => viewsBySource(db)['site-flagged'] ?? 0;
    /** `n` views from `address` in the current minute; how many of them were flagged. */
    const burst = async (address: string, n: number) => {
      const before = flagged();
      const statuses = await inParallel(n, 16, () => send(url, agent, VIEW, { 'x-forwarded-for': address }));
      assert.deepEqual(tally(statuses), { 204: n }, 'every view is stored');
      return flagged() - before;
    };
    const nextMinute = () => (clock += 60_000);
    try {
      // A carrier address with a usual 40 views a minute for half an hour.
      for (let m = 0; m < 30; m++, nextMinute()) assert.equal(await burst('198.51.100.1', 40), 0);
      // 300 in a minute is plausible for it (its usual rate ×10 is about 350) …
      assert.equal(await burst('198.51.100.1', 300), 0, 'within ten times its history');
      // … not for an address with no history: everything past the floor of 100 is flagged.
      assert.equal(await burst('198.51.100.2', 300), 200, 'a new address past the floor');
      nextMinute();
      // The known address then jumps far above its history: the excess is flagged, and so is the
      // minute after the burst; then it is plausible again.
      const jump = await burst('198.51.100.1', 1500);
      assert.ok(jump >= 900 && jump < 1500, `${jump} of the 1,500 flagged`);
      nextMinute();
      assert.equal(await burst('198.51.100.1', 20), 20, 'the minute after the burst');
      nextMinute();
      assert.equal(await burst('198.51.100.1', 20), 0, 'plausible again');
      const total = 30 * 40 + 300 + 300 + 1500 + 20 + 20;
      assert.deepEqual(viewsBySource(db), { site: total - flagged(), 'site-flagged': flagged() });

      const now = new Date(clock);
      const all = await buildReport(store, loaded, now);
      assert.equal(all.engagement.landingVisits.value, total, 'flagged views are counted');
      assert.deepEqual(all.flagged, {
        excluded: false,
        views: { value: flagged(), display: flagged().toLocaleString('en'), suppressed: false },
      });
      const filter = parseFilter(new URLSearchParams('exclude=flagged'), loaded.campaign);
      assert.deepEqual(filter, { exclude: 'flagged' });
      const without = await buildReport(store, loaded, now, filter);
      assert.equal(without.engagement.landingVisits.value, total - flagged(), 'and can be left out');
      assert.equal(without.flagged.excluded, true);
      assert.deepEqual(without.filter, { exclude: 'flagged' });
      // Per-day figures without the flagged events would give them away cell by cell: withheld.
      assert.ok(without.series.filter((s) => s.metric === 'page-views').every((s) => s.value === null));
    } finally {
      agent.destroy();
      server.close();
      await collector.flush();
      await store.close();
    }
  });

  test('tracked-link clicks in a flagged burst are marked too: the redirect records right after its check', async () => {
    const { createServer } = await import('node:http');
    const { openStore } = await import('../../src/core/metrics/index.ts');
    const { createCollector } = await import('../../src/server/collector.ts');
    const { createRedirector } = await import('../../src/server/go.ts');
    const db = join(mkdtempSync(join(tmpdir(), 'cp-flag-go-')), 'g.db');
    const store = await openStore(`sqlite:${db}`);
    const link = {
      code: 'radio1',
      campaign: 'test-campaign',
      channel: 'radio',
      audience: 'youth',
      language: 'fr',
      declared: true,
    };
    const links = new Map([[link.code, link]]);
    const published = new Map([['test-campaign', new Set(['fr'])]]);
    const collector = createCollector({
      store,
      campaigns: published,
      links,
      now: () => new Date('2027-02-03T10:00:05Z'),
      flag: { floor: 30 },
    });
    const redirect = createRedirector(links, published, collector);
    const server = createServer((req, res) => void redirect(req, res, 'radio1'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as { port: number };
    try {
      const statuses = await inParallel(
        50,
        10,
        () =>
          new Promise<number>((resolve, reject) =>
            request(
              `http://127.0.0.1:${port}/go/radio1`,
              { agent: false, headers: { 'user-agent': UA } },
              (res) => {
                res.resume();
                res.on('end', () => resolve(res.statusCode!));
              },
            )
              .on('error', reject)
              .end(),
          ),
      );
      assert.deepEqual(tally(statuses), { 302: 50 });
      await collector.flush();
      const clicks = new DatabaseSync(db)
        .prepare(
          "select source, sum(value) as n from facts where metric = 'tracked-link-clicks' group by source",
        )
        .all()
        .map((r) => [r['source'], Number(r['n'])]);
      assert.deepEqual(clicks, [
        ['site', 30],
        ['site-flagged', 20],
      ]);
    } finally {
      server.close();
      await store.close();
    }
  });
});

describe('collector: the beacon check without zod', () => {
  test('quickBeacon accepts exactly what BeaconSchema accepts, and returns the same beacon', async () => {
    const { BeaconSchema, quickBeacon } = await import('../../src/server/collector.ts');
    const cases: unknown[] = [
      { c: 'x', l: 'fr', t: 'view' },
      { c: 'x', l: 'fr', t: 'contact', g: 'tel', k: 'abc' },
      { c: 'x', l: 'fr', t: 'view', g: '', k: '' },
      { c: 'x'.repeat(80), l: 'l'.repeat(20), t: 'view', g: 'g'.repeat(40), k: 'k'.repeat(24) },
      { c: 'x'.repeat(81), l: 'fr', t: 'view' },
      { c: '', l: 'fr', t: 'view' },
      { c: 'x', l: '', t: 'view' },
      { c: 'x', l: 'l'.repeat(21), t: 'view' },
      { c: 'x', l: 'fr', t: 'nope' },
      { c: 'x', l: 'fr', t: 'toString' },
      { c: 'x', l: 'fr', t: 'view', g: 'g'.repeat(41) },
      { c: 'x', l: 'fr', t: 'view', k: 'k'.repeat(25) },
      { c: 'x', l: 'fr', t: 'view', g: null },
      { c: 'x', l: 'fr', t: 'view', k: 5 },
      { c: 'x', l: 'fr', t: 'view', extra: 1 },
      JSON.parse('{"c":"x","l":"fr","t":"view","__proto__":{"a":1}}'),
      { c: 1, l: 'fr', t: 'view' },
      { l: 'fr', t: 'view' },
      [],
      null,
      'view',
      7,
    ];
    for (const json of cases) {
      const zod = BeaconSchema.safeParse(json);
      const quick = quickBeacon(json);
      assert.equal(quick !== undefined, zod.success, JSON.stringify(json));
      if (quick) assert.deepEqual({ ...quick }, zod.data, JSON.stringify(json));
    }
  });
});
