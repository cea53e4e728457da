import { PostgresAdapter, sql, type ColumnDefinitionBuilder, type Kysely } from 'kysely';
import { Migrator, type Migration, type MigrationProvider } from 'kysely/migration';

/**
 * The one DDL difference between the back ends: an auto-numbered key is an identity column in
 * PostgreSQL and the rowid alias (INTEGER PRIMARY KEY) in SQLite.
 */
const autoId = (db: Kysely<unknown>) => (c: ColumnDefinitionBuilder) =>
  db.getExecutor().adapter instanceof PostgresAdapter
    ? c.primaryKey().generatedByDefaultAsIdentity()
    : c.primaryKey();

/**
 * Versioned migrations, written once with the query builder's schema API so SQLite and PostgreSQL get
 * the same tables. Never edit a released migration: add the next one.
 */
const MIGRATIONS: Record<string, Migration> = {
  '001-initial': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('facts')
        .addColumn('campaign', 'text', (c) => c.notNull())
        .addColumn('day', 'text', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('audience', 'text', (c) => c.notNull())
        .addColumn('language', 'text', (c) => c.notNull())
        .addColumn('detail', 'text', (c) => c.notNull())
        .addColumn('metric', 'text', (c) => c.notNull())
        .addColumn('value', 'double precision', (c) => c.notNull())
        .addColumn('import_id', 'integer')
        .addPrimaryKeyConstraint('facts_pk', [
          'campaign',
          'source',
          'day',
          'channel',
          'audience',
          'language',
          'detail',
          'metric',
        ])
        .execute();
      await db.schema.createIndex('facts_campaign_day').on('facts').columns(['campaign', 'day']).execute();

      await db.schema
        .createTable('events')
        .addColumn('id', 'integer', autoId(db))
        .addColumn('campaign', 'text', (c) => c.notNull())
        .addColumn('day', 'text', (c) => c.notNull())
        .addColumn('hour', 'integer', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('language', 'text', (c) => c.notNull())
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('audience', 'text', (c) => c.notNull())
        .addColumn('target', 'text', (c) => c.notNull())
        .addColumn('visitor', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('events_campaign_day').on('events').columns(['campaign', 'day']).execute();

      await db.schema
        .createTable('salts')
        .addColumn('day', 'text', (c) => c.primaryKey())
        .addColumn('salt', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('imports')
        .addColumn('id', 'integer', autoId(db))
        .addColumn('campaign', 'text', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('file_name', 'text', (c) => c.notNull())
        .addColumn('file_hash', 'text', (c) => c.notNull())
        .addColumn('rows_accepted', 'integer', (c) => c.notNull())
        .addColumn('rows_rejected', 'integer', (c) => c.notNull())
        .addColumn('first_day', 'text')
        .addColumn('last_day', 'text')
        .addColumn('imported_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('imports_file', ['campaign', 'source', 'file_hash'])
        .execute();

      await db.schema
        .createTable('survey_responses')
        .addColumn('id', 'integer', autoId(db))
        .addColumn('campaign', 'text', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('import_id', 'integer')
        .addColumn('respondent', 'text', (c) => c.notNull())
        .addColumn('wave', 'text', (c) => c.notNull())
        .addColumn('arm', 'text', (c) => c.notNull())
        .addColumn('cluster', 'text', (c) => c.notNull())
        .addColumn('day', 'text', (c) => c.notNull())
        .addUniqueConstraint('survey_respondent', ['campaign', 'source', 'respondent', 'wave'])
        .execute();

      await db.schema
        .createTable('survey_answers')
        .addColumn('response_id', 'integer', (c) =>
          c.notNull().references('survey_responses.id').onDelete('cascade'),
        )
        .addColumn('indicator', 'text', (c) => c.notNull())
        .addColumn('item', 'text', (c) => c.notNull())
        .addColumn('value', 'double precision', (c) => c.notNull())
        .addPrimaryKeyConstraint('survey_answers_pk', ['response_id', 'indicator', 'item'])
        .execute();
    },
  },
  '002-accounts': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('users')
        .addColumn('id', 'integer', autoId(db))
        .addColumn('email', 'text', (c) => c.notNull().unique())
        .addColumn('organisations', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('sessions')
        .addColumn('token_hash', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .execute();
    },
  },
  '003-rollups': {
    async up(db: Kysely<unknown>) {
      // Finds a campaign's events newer than its last roll-up without walking all of its events.
      await db.schema.createIndex('events_campaign_id').on('events').columns(['campaign', 'id']).execute();
      // Facts summed over `detail` (age × gender, topic…): what reports read, kept in step with facts
      // in the same transaction, so a report scans thousands of rows instead of millions.
      await db.schema
        .createTable('facts_summary')
        .addColumn('campaign', 'text', (c) => c.notNull())
        .addColumn('day', 'text', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('audience', 'text', (c) => c.notNull())
        .addColumn('language', 'text', (c) => c.notNull())
        .addColumn('metric', 'text', (c) => c.notNull())
        .addColumn('value', 'double precision', (c) => c.notNull())
        .addPrimaryKeyConstraint('facts_summary_pk', [
          'campaign',
          'source',
          'day',
          'channel',
          'audience',
          'language',
          'metric',
        ])
        .execute();
      await db.schema
        .createTable('rollup_state')
        .addColumn('campaign', 'text', (c) => c.primaryKey())
        .addColumn('last_event_id', 'bigint', (c) => c.notNull())
        .execute();
    },
  },
  '004-import-currency': {
    async up(db: Kysely<unknown>) {
      // The currency an import's spend was exported in, and the rates (JSON [{from, rate}], budget
      // currency per unit) it was converted with: facts hold spend in the budget currency, and
      // reports recover each original amount as value / rate of its day.
      await db.schema.alterTable('imports').addColumn('currency', 'text').execute();
      await db.schema.alterTable('imports').addColumn('rates', 'text').execute();
    },
  },
  '005-private-visitors': {
    // Salts leave the database (they live in the collector's memory), visitor hashes leave the events,
    // and site events are counted as they are written instead of rolled up later.
    async up(db: Kysely<unknown>) {
      // A released migration is frozen: it is written against the tables as they were, not Database.
      // biome-ignore lint/suspicious/noExplicitAny: a migration runs before the schema it creates exists (Kysely's own advice)
      const q = db as Kysely<any>;
      await q.schema.dropTable('salts').execute();
      await q.schema
        .createTable('day_visitors')
        .addColumn('campaign', 'text', (c) => c.notNull())
        .addColumn('day', 'text', (c) => c.notNull())
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('audience', 'text', (c) => c.notNull())
        .addColumn('language', 'text', (c) => c.notNull())
        .addColumn('visitor', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('day_visitors_pk', [
          'campaign',
          'day',
          'channel',
          'audience',
          'language',
          'visitor',
        ])
        .execute();

      // Count the stored events one last time, the way the roll-up did (unique visitors from their
      // hashes), so every count is final before the hashes go. New events are counted as they come.
      await q.deleteFrom('facts').where('source', '=', 'site').execute();
      await q.deleteFrom('facts_summary').where('source', '=', 'site').execute();
      const group = ['campaign', 'day', 'channel', 'audience', 'language'] as const;
      const factColumns = [...group, 'source', 'detail', 'metric', 'value'] as const;
      const metric = sql<string>`case type when 'view' then 'page-views' when 'contact-click' then 'contact-clicks' when 'share-click' then 'share-clicks' when 'print' then 'prints' when 'language-switch' then 'language-switches' when 'link-click' then 'tracked-link-clicks' else type end`;
      await q
        .insertInto('facts')
        .columns(factColumns)
        .expression(
          q
            .selectFrom('events')
            .select([
              ...group,
              sql.lit('site').as('source'),
              'target',
              metric.as('metric'),
              sql`count(*)`.as('value'),
            ])
            .groupBy([...group, 'type', 'target']),
        )
        .execute();
      await q
        .insertInto('facts')
        .columns(factColumns)
        .expression(
          q
            .selectFrom('events')
            .select([
              ...group,
              sql.lit('site').as('source'),
              sql.lit('').as('detail'),
              sql.lit('unique-visitors').as('metric'),
              sql`count(distinct visitor)`.as('value'),
            ])
            .where('type', '=', 'view')
            .groupBy([...group]),
        )
        .execute();
      const summary = [...group, 'source', 'metric'] as const;
      await q
        .insertInto('facts_summary')
        .columns([...summary, 'value'])
        .expression(
          q
            .selectFrom('facts')
            .select([...summary, sql`sum(value)`.as('value')])
            .where('source', '=', 'site')
            .groupBy([...summary]),
        )
        .execute();

      // The hashes go with the column. SQLite rewrites every row without it (secure_delete zeroes the
      // old bytes); PostgreSQL only marks the column dropped, and the old values stay in its data
      // files until the rows are rewritten (VACUUM FULL events).
      await q.schema.dropIndex('events_campaign_id').execute();
      await q.schema.alterTable('events').dropColumn('visitor').execute();
      await q.schema.dropTable('rollup_state').execute();
    },
  },
  '006-events-unindexed': {
    // Events are counted as they are written, so nothing looks events up by day any more: the index
    // only slowed every insert (about 2 µs of the collector's 7 µs per event on SQLite).
    async up(db: Kysely<unknown>) {
      await db.schema.dropIndex('events_campaign_day').execute();
    },
  },
  '007-user-language': {
    // The language an account reads the dashboards in (en, fr, ar); null: the browser's Accept-Language.
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('users').addColumn('language', 'text').execute();
    },
  },
  '010-offer-reports': {
    // Anonymous reports of suspicious offers: what readers wrote, where and when (the day only) they
    // saw it, and nothing of who they are (no address, user agent or cookie). Deleted after the
    // campaign's retention period; on SQLite secure_delete overwrites them.
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('offer_reports')
        .addColumn('id', 'integer', autoId(db))
        .addColumn('campaign', 'text', (c) => c.notNull())
        .addColumn('language', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('platform', 'text', (c) => c.notNull())
        .addColumn('link', 'text', (c) => c.notNull())
        .addColumn('text', 'text', (c) => c.notNull())
        .addColumn('day', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('offer_reports_campaign_day')
        .on('offer_reports')
        .columns(['campaign', 'day'])
        .execute();
    },
  },
  '011-offer-report-bursts': {
    // Offer reports that came in a burst (many from one address within minutes, or the same text
    // again and again) carry the burst's id, a random one the server drew in memory when it saw the
    // burst; a reviewer sets a burst aside in one action and restores it (or one report) as easily.
    // Nothing of the senders is added: the address that made a burst is never written, hashed or not.
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('offer_reports').addColumn('burst', 'text').execute();
      await db.schema
        .alterTable('offer_reports')
        .addColumn('set_aside', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
    },
  },
  '014-summary-backfill': {
    // 003 created facts_summary empty, and reports read it: facts imported before 003 were in the store
    // but in no report. The summary is facts summed over detail, so it is rebuilt from them whole.
    async up(db: Kysely<unknown>) {
      // biome-ignore lint/suspicious/noExplicitAny: a migration runs against the tables as they are then
      const q = db as Kysely<any>;
      const summary = ['campaign', 'day', 'source', 'channel', 'audience', 'language', 'metric'] as const;
      await q.deleteFrom('facts_summary').execute();
      await q
        .insertInto('facts_summary')
        .columns([...summary, 'value'])
        .expression(
          q
            .selectFrom('facts')
            .select([...summary, sql`sum(value)`.as('value')])
            .groupBy([...summary]),
        )
        .execute();
    },
  },
  '015-memberships': {
    // Roles per organisation (evaluator, author, reviewer, publisher): one row per account and
    // organisation, instead of the comma-separated list on the account. Existing accounts keep their
    // organisations as evaluators; `users.role` is now only 'admin' or 'member'.
    async up(db: Kysely<unknown>) {
      // biome-ignore lint/suspicious/noExplicitAny: a migration runs before the schema it creates exists (Kysely's own advice)
      const q = db as Kysely<any>;
      await q.schema
        .createTable('memberships')
        .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('organisation', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('memberships_pk', ['user_id', 'organisation'])
        .execute();
      const users: { id: number; organisations: string }[] = await q
        .selectFrom('users')
        .select(['id', 'organisations'])
        .execute();
      const rows = users.flatMap((u) =>
        [...new Set(u.organisations.split(',').filter(Boolean))].map((organisation) => ({
          user_id: u.id,
          organisation,
          role: 'evaluator',
        })),
      );
      if (rows.length) await q.insertInto('memberships').values(rows).execute();
      await q.updateTable('users').set({ role: 'member' }).where('role', '<>', 'admin').execute();
      await q.schema.alterTable('users').dropColumn('organisations').execute();
    },
  },
  '016-tipline': {
    // Tipline conversations (Telegram, WhatsApp) of the open day, keyed by a daily keyed hash of the chat
    // (never the chat id or phone number), holding the step and language only; and the hashed ids of
    // updates already taken, so a platform's retry is answered but not counted again. Both are deleted
    // when the day has ended.
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('tipline_conversations')
        .addColumn('platform', 'text', (c) => c.notNull())
        .addColumn('day', 'text', (c) => c.notNull())
        .addColumn('chat', 'text', (c) => c.notNull())
        .addColumn('campaign', 'text', (c) => c.notNull())
        .addColumn('language', 'text', (c) => c.notNull())
        .addColumn('step', 'text', (c) => c.notNull())
        .addColumn('code', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('tipline_conversations_pk', ['platform', 'day', 'chat'])
        .execute();
      await db.schema
        .createTable('tipline_updates')
        .addColumn('platform', 'text', (c) => c.notNull())
        .addColumn('day', 'text', (c) => c.notNull())
        .addColumn('update_key', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('tipline_updates_pk', ['platform', 'update_key'])
        .execute();
    },
  },
  '017-survey-covariates': {
    // Respondents' characteristics for the balance table and the covariate-adjusted effect: age as a band
    // only (never in years), gender and language as the form's choice names; null where the campaign maps
    // none (and for responses imported before). An answer that means "don't know" is marked, so the report
    // can recompute an indicator without those answers.
    async up(db: Kysely<unknown>) {
      for (const column of ['age_band', 'gender', 'language'])
        await db.schema.alterTable('survey_responses').addColumn(column, 'text').execute();
      await db.schema
        .alterTable('survey_answers')
        .addColumn('dont_know', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
    },
  },
};

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

/** Every schema version this code knows, oldest first (tests migrate from each one). */
export const SCHEMA_VERSIONS = Object.keys(MIGRATIONS).sort();

/** Brings a database to one given schema version, and no further (the upgrade tests start there). */
export async function migrateStoreTo(db: Kysely<unknown>, version: string): Promise<void> {
  const { error } = await new Migrator({ db, provider }).migrateTo(version);
  if (error) throw error;
}

/** Thrown when a store was written by a newer Counterpoint than the one starting on it. */
export class StoreTooNewError extends Error {}

/** Migrations the store has applied that this code does not know: it was upgraded by a newer release. */
async function unknownMigrations(db: Kysely<unknown>): Promise<string[]> {
  const tables = await db.introspection.getTables({ withInternalKyselyTables: true });
  if (!tables.some((t) => t.name === 'kysely_migration')) return [];
  const { rows } = await sql<{ name: string }>`select name from kysely_migration`.execute(db);
  return rows.map((r) => r.name).filter((name) => !(name in MIGRATIONS));
}

/**
 * SQLite's write lock, waited for: each try waits the connection's busy_timeout (5 s), and another
 * process's migrations may take longer than that on a large store.
 */
async function beginImmediate(conn: Kysely<unknown>, patienceMs = 10 * 60_000): Promise<void> {
  const until = Date.now() + patienceMs;
  for (;;) {
    try {
      await sql`BEGIN IMMEDIATE`.execute(conn);
      return;
    } catch (e) {
      if (!/locked|busy/i.test((e as Error).message) || Date.now() > until) throw e;
    }
  }
}

/**
 * Brings a database up to the latest migration; safe to call on every start, from several processes at
 * once. PostgreSQL: Kysely holds an advisory lock and runs the migrations in one transaction. SQLite:
 * Kysely's lock is only within one connection, so two processes starting together (two workers, or the
 * server and a CLI command) could both apply the same migration; the migrations run inside one
 * `BEGIN IMMEDIATE` transaction instead, which takes SQLite's write lock: the second process waits,
 * then finds nothing left to do. A store that a newer release has migrated is refused with a clear
 * message rather than run by code that does not know its tables.
 */
export async function migrateToLatest(
  db: Kysely<unknown>,
  kind: 'sqlite' | 'postgres' = 'postgres',
): Promise<void> {
  const run = async (on: Kysely<unknown>) => {
    const newer = await unknownMigrations(on);
    if (newer.length)
      throw new StoreTooNewError(
        `this store was upgraded by a newer Counterpoint (schema ${newer.sort().at(-1)}; this version knows up to ${SCHEMA_VERSIONS.at(-1)}): install that release or newer, or restore a backup made before the upgrade`,
      );
    const { error, results } = await new Migrator({ db: on, provider }).migrateToLatest();
    if (error) {
      const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
      throw new Error(`database migration ${failed} failed: ${(error as Error).message}`);
    }
  };
  if (kind !== 'sqlite') return run(db);
  // One connection: the statements below all run on it, so the transaction spans the migrations.
  await db.connection().execute(async (conn) => {
    await beginImmediate(conn);
    try {
      await run(conn);
      await sql`COMMIT`.execute(conn);
    } catch (e) {
      await sql`ROLLBACK`.execute(conn).catch(() => {});
      throw e;
    }
  });
}
