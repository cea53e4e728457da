import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { Kysely, sql } from 'kysely';
import { openStore, queryTotals, type Store } from '../../src/core/metrics/index.ts';
import { migrateStoreTo, SCHEMA_VERSIONS } from '../../src/core/metrics/migrations.ts';
import { querySurveyAnswers } from '../../src/core/metrics/queries/survey.ts';
import { querySurveyCovariates } from '../../src/core/metrics/queries/survey-covariates.ts';
import { queryDontKnowAnswers } from '../../src/core/metrics/queries/survey-dont-know.ts';

/**
 * Upgrades: a store left at any released schema version, with data in it, opens under this version
 * with its data intact, on SQLite and on PostgreSQL; two processes opening one new store at once do
 * not race; a store upgraded by a newer release is refused in words.
 */
const pgUrl = process.env['TEST_POSTGRES_URL'];
const fresh: [string, () => Promise<string>][] = [
  ['sqlite', async () => `sqlite:${join(mkdtempSync(join(tmpdir(), 'cp-migrate-')), 'm.db')}`],
];
const pgDatabases: string[] = [];
if (pgUrl) {
  // A database of its own per case: each starts from nothing, as an installation of that release did.
  fresh.push([
    'postgres',
    async () => {
      const name = `cp_migrate_${process.pid}_${pgDatabases.length}`;
      pgDatabases.push(name);
      const admin = await openStore(pgUrl);
      await sql.raw(`drop database if exists ${name}`).execute(admin.db);
      await sql.raw(`create database ${name}`).execute(admin.db);
      await admin.close();
      const url = new URL(pgUrl);
      url.pathname = `/${name}`;
      return url.toString();
    },
  ]);
  after(async () => {
    const admin = await openStore(pgUrl);
    for (const name of pgDatabases) await sql.raw(`drop database if exists ${name}`).execute(admin.db);
    await admin.close();
  });
} else
  test('migrations (postgres)', {
    skip: 'PostgreSQL upgrade tests skipped: TEST_POSTGRES_URL is not set (.ci/run starts PostgreSQL and sets it)',
  }, () => {});

/** A bare connection to the store at `url`, without the migrations openStore runs. */
async function bare(url: string): Promise<Kysely<unknown>> {
  if (url.startsWith('sqlite:')) {
    const { nodeSqliteDialect } = await import('../../src/core/metrics/sqlite-dialect.ts');
    return new Kysely({ dialect: nodeSqliteDialect(url.slice(7)).dialect });
  }
  const { default: pg } = await import('pg');
  const { PostgresDialect } = await import('kysely');
  return new Kysely({
    dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 1 }) }),
  });
}

const ROW = {
  campaign: 'c',
  day: '2027-03-01',
  source: 'meta-ads',
  channel: 'facebook',
  audience: 'youth',
  language: 'fr',
  detail: '',
  metric: 'impressions',
  value: 12_345,
};

for (const [kind, make] of fresh)
  describe(`migrations (${kind})`, () => {
    for (const version of SCHEMA_VERSIONS.slice(0, -1))
      test(`a store at ${version} opens under this release with its data`, async () => {
        const url = await make();
        const db = await bare(url);
        await migrateStoreTo(db, version);
        // biome-ignore lint/suspicious/noExplicitAny: the tables as that release had them, not as Database says now
        const old = db as Kysely<any>;
        await old.insertInto('facts').values(ROW).execute();
        const tables = (await db.introspection.getTables()).map((t) => t.name);
        if (tables.includes('facts_summary')) {
          const { detail: _, ...summary } = ROW;
          await old.insertInto('facts_summary').values(summary).execute();
        }
        // Releases before 005 kept raw events with a visitor hash: the upgrade counts them once.
        const rawEvents = version < '005';
        if (rawEvents) {
          const ev = {
            campaign: 'c',
            day: '2027-03-02',
            hour: 9,
            type: 'view',
            language: 'fr',
            channel: '',
            audience: '',
            target: '',
          };
          await old
            .insertInto('events')
            .values([
              { ...ev, visitor: 'v1' },
              { ...ev, visitor: 'v1' },
              { ...ev, visitor: 'v2' },
            ])
            .execute();
        }
        // A survey answer imported before 017: it keeps its value, with no covariates and not "don't know".
        const survey = {
          campaign: 'c',
          source: 'kobo',
          import_id: null,
          respondent: 'r1',
          wave: 'baseline',
          arm: 'treatment',
          cluster: 'pikine',
          day: '2027-01-20',
        };
        const { id } = await old
          .insertInto('survey_responses')
          .values(survey)
          .returning('id')
          .executeTakeFirstOrThrow();
        await old
          .insertInto('survey_answers')
          .values({ response_id: id, indicator: 'intention', item: 'q', value: 1 })
          .execute();
        await db.destroy();

        const store: Store = await openStore(url);
        try {
          const rows = await queryTotals(store, 'c', ['source', 'metric']);
          const value = (source: string, metric: string) =>
            rows.find((r) => r['source'] === source && r['metric'] === metric)?.value;
          assert.equal(value('meta-ads', 'impressions'), 12_345);
          if (rawEvents) {
            assert.equal(value('site', 'page-views'), 3);
            assert.equal(value('site', 'unique-visitors'), 2);
          }
          const { rows: applied } = await sql<{ name: string }>`select name from kysely_migration`.execute(
            store.db,
          );
          assert.deepEqual(applied.map((r) => r.name).sort(), SCHEMA_VERSIONS);
          const [response] = await querySurveyCovariates(store, 'c');
          assert.deepEqual(
            { ...response, response_id: 0 },
            {
              response_id: 0,
              wave: 'baseline',
              arm: 'treatment',
              cluster: 'pikine',
              age_band: null,
              gender: null,
              language: null,
            },
          );
          assert.equal((await querySurveyAnswers(store, 'c'))[0]?.value, 1);
          assert.deepEqual(await queryDontKnowAnswers(store, 'c'), []);
        } finally {
          await store.close();
        }
      });

    test('a store upgraded by a newer release is refused, in words, and left as it is', async () => {
      const url = await make();
      const store = await openStore(url);
      await sql`insert into kysely_migration (name, timestamp) values ('999-from-the-future', '2030-01-01T00:00:00.000Z')`.execute(
        store.db,
      );
      await store.close();
      await assert.rejects(
        openStore(url),
        /upgraded by a newer Counterpoint \(schema 999-from-the-future; this version knows up to [0-9]{3}-/,
      );
    });
  });

describe('migrations (sqlite, several processes)', () => {
  test('four processes opening one new store at once all start, and each migration runs once', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'cp-race-')), 'race.db');
    // Each process loads first, then all open the store at one agreed instant.
    const start = Date.now() + 4000;
    const script = `import { openStore } from './src/core/metrics/index.ts'; await new Promise((r) => setTimeout(r, ${start} - Date.now())); const s = await openStore('sqlite:${file}'); await s.close();`;
    const runs = await Promise.all(
      Array.from(
        { length: 4 },
        () =>
          new Promise<{ code: number | null; err: string }>((ok) => {
            const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
              stdio: ['ignore', 'ignore', 'pipe'],
            });
            let err = '';
            child.stderr.on('data', (d) => (err += d));
            child.on('exit', (code) => ok({ code, err }));
          }),
      ),
    );
    assert.deepEqual(
      runs.map((r) => r.code),
      [0, 0, 0, 0],
      runs.map((r) => r.err).join('\n'),
    );
    const store = await openStore(`sqlite:${file}`);
    const { rows } = await sql<{ n: number }>`select count(*) as n from kysely_migration`.execute(store.db);
    assert.equal(Number(rows[0]!.n), SCHEMA_VERSIONS.length);
    await store.close();
  });
});
