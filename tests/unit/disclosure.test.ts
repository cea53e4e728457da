import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { loadCampaigns } from '../../src/core/workspace/index.ts';
import { FACT_FORMATS, importFacts, importSurvey } from '../../src/core/imports/index.ts';
import { insertEvents, openStore, type RawEvent, type Store } from '../../src/core/metrics/index.ts';
import { buildReport, parseFilter, type Report } from '../../src/core/report/index.ts';

/**
 * The attack: a real SQLite store with the Senegal example's sample exports (imported as
 * scripts/demo-data.sh does), plus site visits and inquiries small enough to need hiding. Every report an
 * evaluator can ask for (every date window the filter form accepts, every audience, channel and language)
 * is built, and every subtraction of shown numbers is tried: totals minus shown parts (by topic, channel,
 * language, day, audience), combined reach minus the channel reaches, engagements minus the platform's,
 * one window minus another, the whole minus the views filtered by one audience, channel or language,
 * respondents minus the other cells, share × n, and the fourth cell from the effect and three others.
 * The true counts come from the store's tables directly. A derivation "recovers" a count when it equals
 * a true count between 1 and 9 of the same cells (zero is left out: any two equal numbers give it).
 * A cell shown as "<10" must also really be under 10.
 */

const S = 'tests/fixtures/samples';
const dir = mkdtempSync(join(tmpdir(), 'cp-disclosure-'));
const loaded = loadCampaigns('campaigns').campaigns.find(
  (x) => x.campaign.id === 'safe-journeys-senegal-2027',
)!;
const c = loaded.campaign;
const FIRST_PARTY = [
  'unique-visitors',
  'page-views',
  'contact-clicks',
  'share-clicks',
  'prints',
  'inquiries',
];
const TOTAL_OF: Record<string, (r: Report) => Report['respondents']> = {
  'unique-visitors': (r) => r.reach.total.siteVisitors,
  'page-views': (r) => r.engagement.landingVisits,
  'contact-clicks': (r) => r.engagement.contactClicks,
  'share-clicks': (r) => r.engagement.shares,
  prints: (r) => r.engagement.prints,
  inquiries: (r) => r.inquiries.total,
};

/** Days of February 2027 as strings. */
const feb = (d: number) => `2027-02-${String(d).padStart(2, '0')}`;
const DAYS = Array.from({ length: 28 }, (_, i) => feb(i + 1));

/** Site visits: deterministic, many small per day; youth-dakar large, families-thies 12, diaspora 3, youth-thies 7. */
function siteEvents(): RawEvent[] {
  const out: RawEvent[] = [];
  const plan: [string, (d: number) => number][] = [
    ['youth-dakar', (d) => (d * 7) % 13],
    ['families-thies', (d) => (d === 3 || d === 17 ? 6 : 0)],
    ['diaspora-italy', (d) => (d === 9 ? 3 : 0)],
    ['youth-thies', (d) => (d === 2 ? 4 : d === 20 ? 3 : 0)],
    ['unattributed', (d) => (d % 3 === 0 ? 4 : 1)],
  ];
  let v = 0;
  for (const [audience, n] of plan) {
    for (let d = 1; d <= 28; d++) {
      for (let k = 0; k < n(d); k++) {
        const base = {
          campaign: c.id,
          day: feb(d),
          hour: 10,
          language: ['fr', 'wo', 'en'][k % 3]!,
          channel: ['radio', 'whatsapp', ''][(k + d) % 3]!,
          audience,
          target: '',
          visitor: `v${v++}`,
        };
        out.push({ ...base, type: 'view' });
        if (k % 2 === 0) out.push({ ...base, type: 'contact-click', target: 'tel' });
        if (k % 5 === 0) out.push({ ...base, type: 'share-click', target: 'whatsapp' });
        if (k % 7 === 3) out.push({ ...base, type: 'print' });
      }
    }
  }
  return out;
}

/** The sample inquiries plus a rare topic (3 in all), so a lone small topic takes another with it. */
function inquiriesFile(): string {
  const file = join(dir, 'inquiries.csv');
  writeFileSync(
    file,
    `${readFileSync(`${S}/contact-inquiries.csv`, 'utf8').trimEnd()}\r\n2027-02-04,sn-dakar-help,phone,trafficking,2\r\n2027-02-19,sn-dakar-help,walk-in,trafficking,1\r\n`,
  );
  return file;
}

/** The Kobo sample with the baseline control cell cut to 7 consenting respondents (a small cell). */
function smallCellKobo(): string {
  const lines = readFileSync(`${S}/kobo-survey-export.csv`, 'utf8').split(/\r?\n/);
  let kept = 0;
  const out = lines.filter((l, i) => {
    if (i === 0 || !l) return true;
    const f = l.split(';');
    if (f[5] !== 'baseline' || !['rufisque', 'mbour'].includes(f[6]!) || f[4] !== 'yes') return true;
    return kept++ < 7;
  });
  const file = join(dir, 'kobo-small.csv');
  writeFileSync(file, out.join('\r\n'));
  return file;
}

async function sampleStore(name: string, kobo: string): Promise<Store> {
  const store = await openStore(`sqlite:${join(dir, name)}`);
  const facts: [string, string][] = [
    ['meta-ads', `${S}/meta-ads-export.csv`],
    ['tiktok-ads', `${S}/tiktok-ads-export.csv`],
    ['activities', `${S}/field-activities.csv`],
    ['inquiries', inquiriesFile()],
  ];
  for (const [source, file] of facts) {
    const r = await importFacts({ store, campaign: c, format: FACT_FORMATS[source]!, file });
    assert.equal(r.ok, true, `${file}: ${JSON.stringify(r).slice(0, 400)}`);
  }
  assert.equal(
    (await importSurvey({ store, campaign: c, source: 'kobo', file: kobo, key: 'test-key' })).ok,
    true,
  );
  await insertEvents(store, siteEvents());
  return store;
}

/** The true first-party counts, from the facts table itself (not the summary the report reads). */
interface Fact {
  day: string;
  audience: string;
  channel: string;
  language: string;
  detail: string;
  metric: string;
  value: number;
}
async function trueFacts(store: Store): Promise<Fact[]> {
  const rows = await store.db
    .selectFrom('facts')
    .select(['day', 'audience', 'channel', 'language', 'detail', 'metric', 'value'])
    .where('campaign', '=', c.id)
    .where('metric', 'in', FIRST_PARTY)
    .execute();
  return rows.map((r) => ({ ...r, value: Number(r.value) }));
}

interface Leak {
  how: string;
  derived: number;
  truth: number;
}

/** Every report an evaluator can ask for: each distinct filter the form's parser gives. */
function allFilters(): URLSearchParams[] {
  const out = [new URLSearchParams()];
  for (let i = 0; i < DAYS.length; i++)
    for (let j = i; j < DAYS.length; j++) out.push(new URLSearchParams({ from: DAYS[i]!, to: DAYS[j]! }));
  for (const a of [...c.audiences.map((x) => x.id), 'unattributed'])
    out.push(new URLSearchParams({ audience: a }));
  for (const ch of c.channels) out.push(new URLSearchParams({ channel: ch }));
  for (const l of c.languages.published) out.push(new URLSearchParams({ language: l }));
  return out;
}

async function attack(store: Store): Promise<Leak[]> {
  const facts = await trueFacts(store);
  const leaks: Leak[] = [];
  const check = (how: string, derived: number, truth: number) => {
    if (truth >= 1 && truth <= 9 && Math.abs(derived - truth) < 1e-6) leaks.push({ how, derived, truth });
  };
  type F = { from?: string; to?: string; audience?: string; channel?: string; language?: string };
  const inF = (f: F, x: Fact) =>
    (!f.from || x.day >= f.from) &&
    (!f.to || x.day <= f.to) &&
    (!f.audience || x.audience === f.audience) &&
    (!f.channel || x.channel === f.channel) &&
    (!f.language || x.language === f.language);
  const truth = (f: F, metric: string, pred: (x: Fact) => boolean = () => true) =>
    facts.filter((x) => x.metric === metric && inF(f, x) && pred(x)).reduce((s, x) => s + x.value, 0);

  const reports = new Map<string, { f: F; r: Report }>();
  for (const p of allFilters()) {
    const f = parseFilter(p, c) as F;
    const key = JSON.stringify(f);
    if (!reports.has(key)) reports.set(key, { f, r: await buildReport(store, loaded, new Date(), f) });
  }
  const shownValue = (x: { value: number | null } | undefined) =>
    x && x.value !== null ? x.value : undefined;

  for (const { f, r } of reports.values()) {
    const tag = JSON.stringify(f);
    // A group whose total is shown: total minus the shown cells, against each hidden cell and their sum.
    const group = (
      name: string,
      total: number | undefined,
      cells: { value: number | null; display: string; truth: number }[],
    ) => {
      for (const x of cells)
        if (x.display === '<10' && x.truth >= 10)
          leaks.push({ how: `${tag} ${name}: shown as "<10"`, derived: NaN, truth: x.truth });
      if (total === undefined) return;
      const hidden = cells.filter((x) => x.value === null);
      const derived = total - cells.reduce((s, x) => s + (x.value ?? 0), 0);
      for (const h of hidden) check(`${tag} ${name}: total minus the shown cells`, derived, h.truth);
      check(
        `${tag} ${name}: total minus the shown cells (sum of the hidden)`,
        derived,
        hidden.reduce((s, x) => s + x.truth, 0),
      );
    };
    const inquiries = shownValue(r.inquiries.total);
    group(
      'inquiries by topic',
      inquiries,
      r.inquiries.byTopic.map((t) => ({
        ...t.count,
        truth: truth(f, 'inquiries', (x) => (x.detail || '(none)') === t.key),
      })),
    );
    group(
      'inquiries by channel',
      inquiries,
      r.inquiries.byChannel.map((t) => ({
        ...t.count,
        truth: truth(f, 'inquiries', (x) => (x.channel || '(none)') === t.key),
      })),
    );
    for (const m of FIRST_PARTY) {
      const total = shownValue(TOTAL_OF[m]!(r));
      const key = (x: string) => (x === '(unknown)' ? '' : x);
      group(
        `${m} by channel`,
        total,
        r.byChannel
          .filter((x) => x.metric === m)
          .map((x) => ({ ...x, truth: truth(f, m, (y) => y.channel === key(x.key)) })),
      );
      group(
        `${m} by language`,
        total,
        r.byLanguage
          .filter((x) => x.metric === m)
          .map((x) => ({ ...x, truth: truth(f, m, (y) => y.language === key(x.key)) })),
      );
      group(
        `${m} per day`,
        total,
        r.series
          .filter((x) => x.metric === m)
          .map((x) => ({ ...x, truth: truth(f, m, (y) => y.day === x.day) })),
      );
      // A withheld total from the report itself, next to its truth.
      const t = TOTAL_OF[m]!(r);
      if (t.display === '<10' && truth(f, m) >= 10)
        leaks.push({ how: `${tag} ${m} total: shown as "<10"`, derived: NaN, truth: truth(f, m) });
    }
    const visitorsOf = (a: Report['reach']['audiences'][number]) =>
      (a as { siteVisitors?: Report['respondents'] }).siteVisitors;
    if (r.reach.audiences.every((a) => visitorsOf(a))) {
      group('site visitors per audience', shownValue(r.reach.total.siteVisitors), [
        ...r.reach.audiences.map((a) => ({
          ...visitorsOf(a)!,
          truth: truth(f, 'unique-visitors', (x) => x.audience === a.id),
        })),
      ]);
    }
    // Combined reach minus the shown channel reaches gives the site visitors.
    const reachMetrics = ['reach', 'event-attendees', 'estimated-listeners', 'unique-visitors'];
    const channelReach = r.byChannel
      .filter((x) => reachMetrics.includes(x.metric))
      .reduce((s, x) => s + (x.value ?? 0), 0);
    check(
      `${tag} combined reach minus the channel reaches`,
      r.reach.total.reachCombined - channelReach,
      truth(f, 'unique-visitors'),
    );
    for (const a of r.reach.audiences) {
      const channels = (a as { channels?: { sum: number }[] }).channels;
      const visitors = truth(f, 'unique-visitors', (x) => x.audience === a.id);
      if (channels)
        check(
          `${tag} ${a.id}: combined reach minus its channels`,
          a.reachCombined - channels.reduce((s, x) => s + x.sum, 0),
          visitors,
        );
      if (f.audience === a.id)
        check(
          `${tag} ${a.id}: combined reach minus the channel reaches`,
          a.reachCombined - channelReach,
          visitors,
        );
      const site = ['page-views', 'contact-clicks', 'share-clicks', 'prints'].reduce(
        (s, m) => s + truth(f, m, (x) => x.audience === a.id),
        0,
      );
      const platform = (a as { platformEngagements?: number }).platformEngagements;
      if (platform !== undefined)
        check(`${tag} ${a.id}: engagements minus the platform's`, a.engagements - platform, site);
      if (f.audience === a.id)
        check(
          `${tag} ${a.id}: engagements minus link clicks and completions`,
          a.engagements - r.engagement.linkClicks - r.engagement.videoCompletions,
          site,
        );
    }
  }

  // One report minus another: every pair of windows, and the whole minus the views of one dimension.
  const list = [...reports.values()];
  const dated = list.filter(({ f }) => !f.audience && !f.channel && !f.language);
  const span = (f: F) => DAYS.filter((d) => (!f.from || d >= f.from) && (!f.to || d <= f.to));
  for (const m of FIRST_PARTY) {
    for (const A of dated) {
      const a = shownValue(TOTAL_OF[m]!(A.r));
      if (a === undefined) continue;
      for (const B of dated) {
        const b = shownValue(TOTAL_OF[m]!(B.r));
        if (b === undefined || A === B) continue;
        const inB = new Set(span(B.f));
        if (!span(B.f).every((d) => span(A.f).includes(d))) continue;
        const rest = new Set(span(A.f).filter((d) => !inB.has(d)));
        check(
          `${m}: ${JSON.stringify(A.f)} minus ${JSON.stringify(B.f)}`,
          a - b,
          truth({}, m, (x) => rest.has(x.day)),
        );
        // Also against each single day left over, and the first-party days alone.
        for (const d of rest)
          check(
            `${m}: ${JSON.stringify(A.f)} minus ${JSON.stringify(B.f)} (a day)`,
            a - b,
            truth({}, m, (x) => x.day === d),
          );
      }
    }
    const whole = shownValue(TOTAL_OF[m]!(reports.get('{}')!.r));
    if (whole === undefined) continue;
    for (const dim of ['audience', 'channel', 'language'] as const) {
      const views = list.filter(({ f }) => f[dim] && Object.keys(f).length === 1);
      const shownSum = views.reduce((s, v) => s + (shownValue(TOTAL_OF[m]!(v.r)) ?? 0), 0);
      for (const v of views)
        if (TOTAL_OF[m]!(v.r).value === null)
          check(`${m}: the whole minus the views by ${dim}`, whole - shownSum, truth(v.f, m));
    }
  }
  return leaks;
}

/** True survey counts per indicator (or item) and wave × arm: respondents and, for yes/no answers, yeses. */
async function trueSurvey(store: Store) {
  const rows = await store.db
    .selectFrom('survey_answers')
    .innerJoin('survey_responses', 'survey_responses.id', 'survey_answers.response_id')
    .select([
      'survey_answers.response_id as id',
      'survey_responses.wave',
      'survey_responses.arm',
      'survey_answers.indicator',
      'survey_answers.item',
      'survey_answers.value',
    ])
    .where('survey_responses.campaign', '=', c.id)
    .execute();
  const cells = new Map<string, { n: Set<number>; x: number; binary: boolean }>();
  const add = (key: string, id: number, v: number) => {
    const cell = cells.get(key) ?? { n: new Set<number>(), x: 0, binary: true };
    cell.n.add(id);
    cell.x += v;
    if (v !== 0 && v !== 1) cell.binary = false;
    cells.set(key, cell);
  };
  for (const r of rows) {
    add(`${r.indicator}|${r.wave}|${r.arm}`, r.id, Number(r.value));
    add(`${r.indicator}/${r.item}|${r.wave}|${r.arm}`, r.id, Number(r.value));
  }
  return cells;
}

async function attackSurvey(store: Store): Promise<Leak[]> {
  const r = await buildReport(store, loaded);
  const cells = await trueSurvey(store);
  const leaks: Leak[] = [];
  const check = (how: string, derived: number, truth: number) => {
    if (truth >= 1 && truth <= 9 && Math.abs(derived - truth) < 1e-6) leaks.push({ how, derived, truth });
  };
  const respondents = r.respondents.value;
  for (const o of r.outcomes) {
    const groups: [
      string,
      { wave: string; arm: string; value: Report['outcomes'][number]['cells'][number]['value'] }[],
    ][] = [[o.indicator, o.cells]];
    for (const item of new Set(o.items.map((i) => i.item)))
      groups.push([`${o.indicator}/${item}`, o.items.filter((i) => i.item === item)]);
    for (const [name, group] of groups) {
      for (const cell of group) {
        const t = cells.get(`${name}|${cell.wave}|${cell.arm}`);
        if (!t) continue;
        const n = t.n.size;
        if (cell.value.n.display === '<10' && n >= 10)
          leaks.push({
            how: `${name} ${cell.wave} ${cell.arm}: respondents shown as "<10"`,
            derived: NaN,
            truth: n,
          });
        // share × n gives the yeses, and n minus that the noes.
        if (t.binary && cell.value.estimate !== null && cell.value.n.value !== null) {
          const x = Math.round(cell.value.estimate * cell.value.n.value);
          check(`${name} ${cell.wave} ${cell.arm}: share × n`, x, t.x);
          check(`${name} ${cell.wave} ${cell.arm}: n − share × n`, cell.value.n.value - x, n - t.x);
        }
        // Respondents minus the other cells.
        const others = group.filter((g) => g !== cell);
        if (
          respondents !== null &&
          cell.value.n.value === null &&
          others.every((g) => g.value.n.value !== null)
        )
          check(
            `${name} ${cell.wave} ${cell.arm}: respondents minus the other cells`,
            respondents - others.reduce((s, g) => s + g.value.n.value!, 0),
            n,
          );
      }
      // The fourth cell from the effect and the three others, then × its n.
      if (name === o.indicator && o.effect && group.length === 4) {
        const sign = (g: { wave: string; arm: string }) =>
          (g.wave === 'endline' ? 1 : -1) * (g.arm === 'treatment' ? 1 : -1);
        const missing = group.filter((g) => g.value.estimate === null);
        if (missing.length === 1) {
          const m = missing[0]!;
          const p =
            (o.effect.estimate -
              group.filter((g) => g !== m).reduce((s, g) => s + sign(g) * g.value.estimate!, 0)) *
            sign(m);
          const t = cells.get(`${name}|${m.wave}|${m.arm}`)!;
          const n = m.value.n.value ?? t.n.size;
          if (t.binary)
            check(`${name} ${m.wave} ${m.arm}: from the effect and three cells, × n`, Math.round(p * n), t.x);
        }
      }
    }
  }
  return leaks;
}

/** One leak of each kind (the text after the filter), so a failure shows how many ways counts escape. */
const sample = (leaks: Leak[]) =>
  [
    ...new Map(
      leaks.map((l) => [l.how.replace(/^\{[^}]*\} /, '').replace(/\d{4}-\d{2}-\d{2}/g, 'day'), l]),
    ).values(),
  ].slice(0, 25);

describe('no count under 10 can be worked out from what the report shows', () => {
  let store: Store;
  let small: Store;
  before(async () => {
    store = await sampleStore('full.db', `${S}/kobo-survey-export.csv`);
    small = await sampleStore('small.db', smallCellKobo());
  });
  after(async () => {
    await store.close();
    await small.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('every window, every filter, every subtraction of shown site and inquiry counts', async () => {
    const leaks = await attack(store);
    assert.deepEqual(sample(leaks), [], `${leaks.length} counts recovered or mislabelled`);
  });

  test('survey cells: share × n, respondents minus the other cells, the effect minus three cells', async () => {
    const leaks = [...(await attackSurvey(store)), ...(await attackSurvey(small))];
    assert.deepEqual(sample(leaks), [], `${leaks.length} counts recovered or mislabelled`);
  });

  test('the form snaps windows to whole weeks from the campaign start, so few windows exist', () => {
    const keys = new Set(
      allFilters()
        .slice(0, 1 + (28 * 29) / 2)
        .map((p) => JSON.stringify(parseFilter(p, c))),
    );
    assert.equal(keys.size, 1 + 10);
    assert.deepEqual(parseFilter(new URLSearchParams('from=2027-02-03&to=2027-02-09'), c), {
      from: '2027-02-01',
      to: '2027-02-14',
    });
  });
});

describe('a report without flagged bursts (exclude=flagged) gives no flagged count away', () => {
  const where = mkdtempSync(join(tmpdir(), 'cp-flagged-'));
  after(() => rmSync(where, { recursive: true, force: true }));
  /** `n` events of one type on 2027-02-03, the first `flagged` of them sent in a flagged burst. */
  const events = (type: RawEvent['type'], n: number, flagged: number): RawEvent[] =>
    Array.from({ length: n }, (_, i) => ({
      campaign: c.id,
      day: '2027-02-03',
      hour: 9,
      type,
      language: 'fr',
      channel: 'whatsapp',
      audience: 'youth-dakar',
      target: type === 'contact-click' ? 'tel' : '',
      visitor: `${type}-${i}`,
      ...(i < flagged && { flagged: true }),
    }));
  const reports = async (name: string, batch: RawEvent[]) => {
    const store = await openStore(`sqlite:${join(where, name)}`);
    await insertEvents(store, batch);
    const all = await buildReport(store, loaded, new Date('2027-03-01T00:00:00Z'));
    const without = await buildReport(
      store,
      loaded,
      new Date('2027-03-01T00:00:00Z'),
      parseFilter(new URLSearchParams('exclude=flagged'), c),
    );
    await store.close();
    return { all, without };
  };

  test('a total is shown without its flagged part only where that part is 0 or 10 and more; days and breakdowns are withheld', async () => {
    const { all, without } = await reports('a.db', [
      ...events('view', 40, 20),
      ...events('contact-click', 15, 3),
      ...events('share-click', 12, 0),
    ]);
    assert.deepEqual(
      [all.engagement.landingVisits.value, all.engagement.contactClicks.value, all.engagement.shares.value],
      [40, 15, 12],
    );
    assert.equal(all.flagged.views.value, 20);
    assert.equal(without.flagged.excluded, true);
    assert.equal(without.engagement.landingVisits.value, 20, '20 flagged views: the difference is not small');
    assert.equal(without.engagement.contactClicks.value, null, '15 − 12 would give the 3 flagged clicks');
    assert.equal(without.engagement.shares.value, 12, 'nothing flagged, nothing to give away');
    assert.ok(without.series.filter((s) => FIRST_PARTY.includes(s.metric)).every((s) => s.value === null));
    assert.ok(without.byChannel.filter((s) => FIRST_PARTY.includes(s.metric)).every((s) => s.value === null));
    assert.ok(without.reach.audiences.every((a) => a.siteVisitors.value === null));
  });

  test('a small flagged count is "<10", and the view without it withholds that total', async () => {
    const { all, without } = await reports('b.db', events('view', 40, 4));
    assert.deepEqual(all.flagged.views, { value: null, display: '<10', suppressed: true });
    assert.equal(all.engagement.landingVisits.value, 40);
    assert.equal(without.engagement.landingVisits.value, null);
  });
});
