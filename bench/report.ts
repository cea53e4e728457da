// Report benchmark: one campaign with 10,000,000 raw first-party events and 1,000,000 fact rows on
// SQLite; the campaign report is built once (cold) and then 5 times warm; then 5 times "live": 1,000
// new events arrive on one already busy day (about 180,000 events) before each report. Events are
// counted as they are written (insertEvents: unique visitors de-duplicated by day_visitors), so no
// report rolls anything up; what that costs the writes is in generate.eventsSeconds and liveInsertMs.
// The campaign carries a claims log of 1,000 claims (CLAIMS), three in four answered, and 10,000 offer
// reports from readers (OFFER_REPORTS) with a year of offer checks (issue 11).
// Usage: npm run bench:report   (about a minute to generate the data)
import { mkdtempSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CompiledQuery } from 'kysely';
import { loadCampaigns } from '../src/core/workspace/index.ts';
import { insertEvents, openStore, type RawEvent } from '../src/core/metrics/index.ts';
import { buildReport } from '../src/core/report/index.ts';
import { claimsSection } from '../src/core/report/claims.ts';
import type { Claim } from '../src/core/campaign/index.ts';
import { scoreCampaign } from '../src/core/workspace/index.ts';
import { refreshSummary } from '../src/core/metrics/queries/summary.ts';
import { benchSampleReport } from './report-sample.ts';
import { insertOfferReport, recordOfferCheck } from '../src/core/offers/index.ts';

const EVENTS = Number(process.env['EVENTS'] ?? 10_000_000);
const FACTS = Number(process.env['FACTS'] ?? 1_000_000);
const CLAIMS = Number(process.env['CLAIMS'] ?? 1_000);
const OFFER_REPORTS = Number(process.env['OFFER_REPORTS'] ?? 10_000);
const example = loadCampaigns('campaigns').campaigns.find(
  (c) => c.campaign.id === 'safe-journeys-senegal-2027',
)!;
// A claims log as long as a busy year's: every published page's sections answer some, one in four waits.
const answers = Object.values(example.pages).flatMap((p) =>
  p.sections.map((s) => ({ section: s.id, language: p.lang })),
);
const claims: Claim[] = Array.from({ length: CLAIMS }, (_, i) => {
  const seen = new Date(Date.UTC(2027, 0, 1) + (i % 300) * 86_400_000);
  const answer = answers[i % answers.length]!;
  return {
    id: `claim-${i}`,
    seen: seen.toISOString().slice(0, 10),
    where: (['tiktok', 'whatsapp', 'facebook', 'dating-app', 'forum', 'marketplace'] as const)[i % 6]!,
    language: ['fr', 'wo', 'en'][i % 3]!,
    audience: example.campaign.audiences[i % example.campaign.audiences.length]!.id,
    claim: `Claim number ${i}: the crossing is safe, the papers are waiting, the job is real.`,
    ...(i % 4 !== 3 && {
      answeredBy: answer,
      answeredOn: new Date(seen.getTime() + ((i % 21) + 1) * 86_400_000).toISOString().slice(0, 10),
    }),
  };
});
const loaded = { ...example, claims };
const id = loaded.campaign.id;
const store = await openStore(`sqlite:${join(mkdtempSync(join(tmpdir(), 'cp-report-')), 'report.db')}`);

const day = (i: number) => new Date(Date.UTC(2027, 1, 1) + (i % 56) * 86_400_000).toISOString().slice(0, 10);
const audiences = loaded.campaign.audiences.map((a) => a.id);
const t0 = performance.now();

// Facts: day × source × channel × audience × detail (age band and gender) × metric.
const sources = [
  ['meta-ads', 'facebook'],
  ['meta-ads', 'instagram'],
  ['tiktok-ads', 'tiktok'],
  ['google-ads', 'search'],
] as const;
const metrics = ['impressions', 'reach', 'spend', 'link-clicks', 'video-views'] as const;
const ages = ['18-24', '25-34', '35-44', '45-54', '55-64', '65+'];
const genders = ['male', 'female', 'unknown'];
const insert = store.db
  .insertInto('facts')
  .values({
    campaign: '',
    day: '',
    source: '',
    channel: '',
    audience: '',
    language: '',
    detail: '',
    metric: '',
    value: 0,
    import_id: null,
  })
  .compile() as CompiledQuery;
let n = 0;
await store.db.transaction().execute(async (trx) => {
  outer: for (let d = 0; d < 10_000; d++) {
    for (const [source, channel] of sources)
      for (const audience of audiences)
        for (const age of ages)
          for (const gender of genders)
            for (const metric of metrics) {
              if (n >= FACTS) break outer;
              await trx.executeQuery({
                ...insert,
                parameters: [
                  id,
                  day(d),
                  source,
                  channel,
                  audience,
                  '',
                  `${age} ${gender} ${Math.floor(d / 56)}`,
                  metric,
                  (n % 997) + 1,
                  null,
                ],
              });
              n++;
            }
  }
});
// What an import does after writing facts: bring the per-day summary up to date.
const allDays = Array.from({ length: 56 }, (_, i) => day(i));
for (const source of new Set(sources.map(([s]) => s))) await refreshSummary(store.db, id, source, allDays);
const summaryRows = Number(
  (
    await store.db
      .selectFrom('facts_summary')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
  ).n,
);
const factsSeconds = (performance.now() - t0) / 1000;

const t1 = performance.now();
const types = [
  'view',
  'view',
  'view',
  'contact-click',
  'share-click',
  'print',
  'language-switch',
  'link-click',
] as const;
for (let i = 0; i < EVENTS; i += 50_000) {
  const batch: RawEvent[] = [];
  for (let j = i; j < Math.min(EVENTS, i + 50_000); j++) {
    batch.push({
      campaign: id,
      day: day(j % 56),
      hour: j % 24,
      type: types[j % types.length]!,
      language: ['fr', 'wo', 'en'][j % 3]!,
      channel: ['radio', 'whatsapp', ''][j % 3]!,
      audience: audiences[j % audiences.length]!,
      target: '',
      visitor: `v${j % 200_000}`,
    });
  }
  await insertEvents(store, batch);
}
const eventsSeconds = (performance.now() - t1) / 1000;

// Offer reports as readers send them (one insert each), and offer checks counted per day.
const t2 = performance.now();
const platforms = ['tiktok', 'facebook', 'dating-app', 'forum', 'marketplace', 'wechat', 'whatsapp'] as const;
const kinds = ['job', 'marriage', 'study', 'visa'] as const;
for (let i = 0; i < OFFER_REPORTS; i++) {
  await insertOfferReport(store, {
    campaign: id,
    language: ['fr', 'wo', 'en'][i % 3]!,
    kind: kinds[i % kinds.length]!,
    platform: platforms[i % platforms.length]!,
    link: i % 2 ? `https://example.org/offer/${i}` : '',
    text: `Offer ${i}: a job abroad, no fee, the ticket is paid, send your passport first.`,
    day: day(i),
  });
}
for (let i = 0; i < 5_000; i++)
  await recordOfferCheck(store, {
    campaign: id,
    language: 'fr',
    kind: kinds[i % 4]!,
    day: day(i),
    outcome: i % 3 === 0 ? 'many' : 'few',
  });
const offersSeconds = (performance.now() - t2) / 1000;

const time = async () => {
  const s = performance.now();
  await buildReport(store, loaded);
  return performance.now() - s;
};
const cold = await time();
const warm: number[] = [];
for (let i = 0; i < 5; i++) warm.push(await time());
warm.sort((a, b) => a - b);
const live: number[] = [];
const liveInsert: number[] = [];
const busyDay = day(0);
const eventsThatDay = Number(
  (
    await store.db
      .selectFrom('events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('day', '=', busyDay)
      .executeTakeFirstOrThrow()
  ).n,
);
for (let r = 0; r < 5; r++) {
  const batch: RawEvent[] = Array.from({ length: 1_000 }, (_, j) => ({
    campaign: id,
    day: busyDay,
    hour: 12,
    type: 'view',
    language: 'fr',
    channel: 'radio',
    audience: audiences[0]!,
    target: '',
    visitor: `live${r}-${j}`,
  }));
  const s = performance.now();
  await insertEvents(store, batch);
  liveInsert.push(performance.now() - s);
  live.push(await time());
}
live.sort((a, b) => a - b);
liveInsert.sort((a, b) => a - b);
// Counted as written, the unique visitors must still be exact: every day is open here, so each
// (day, group, visitor) pair seen is still in day_visitors, once.
const counted = Number(
  (
    await store.db
      .selectFrom('facts_summary')
      .select((eb) => eb.fn.sum<number>('value').as('n'))
      .where('metric', '=', 'unique-visitors')
      .executeTakeFirstOrThrow()
  ).n,
);
const pairs = Number(
  (
    await store.db
      .selectFrom('day_visitors')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
  ).n,
);
// The claims' own share of a report: the section and rule 5 alone, 5 times.
const claimsMs: number[] = [];
for (let i = 0; i < 5; i++) {
  const s = performance.now();
  claimsSection(claims, '2027-12-31');
  scoreCampaign(loaded, { today: '2027-12-31' });
  claimsMs.push(performance.now() - s);
}
claimsMs.sort((a, b) => a - b);
const result = {
  machine: `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`,
  facts: n,
  summaryRows,
  events: EVENTS,
  generate: {
    factsSeconds: Number(factsSeconds.toFixed(1)),
    eventsSeconds: Number(eventsSeconds.toFixed(1)),
  },
  coldMs: Math.round(cold),
  warmMs: warm.map((w) => Math.round(w)),
  warmMedianMs: Math.round(warm[2]!),
  live: {
    eventsThatDay,
    newEventsPerReport: 1_000,
    ms: live.map((w) => Math.round(w)),
    medianMs: Math.round(live[2]!),
    insertMs: liveInsert.map((w) => Math.round(w)),
  },
  uniqueVisitors: { counted, pairs, exact: counted === pairs },
  offerReports: { count: OFFER_REPORTS, insertSeconds: Number(offersSeconds.toFixed(1)) },
  claims: { count: CLAIMS, sectionAndRule5Ms: claimsMs.map((w) => Number(w.toFixed(1))) },
  target: 'warm ≤ 500 ms, live ≤ 50 ms',
};
console.log(JSON.stringify(result, null, 2));
await store.close();
process.exitCode =
  result.warmMedianMs <= 500 && result.live.medianMs <= 50 && result.uniqueVisitors.exact ? 0 : 1;

// The sample campaign with its survey: CR2, wild bootstrap and randomisation inference included (issue 8).
const sample = await benchSampleReport();
console.log(JSON.stringify({ sampleCampaign: sample }, null, 2));
if (!sample.ok) process.exitCode = 1;
