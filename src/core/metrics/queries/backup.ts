import { sql } from 'kysely';
import type { Store } from '../store.ts';

/**
 * A consistent copy of an SQLite store in one statement: `VACUUM INTO` reads the database inside one
 * read transaction, so the copy is the database as it was at one instant, while the collector goes on
 * writing (in WAL mode a reader blocks no writer). SQLite's page-by-page backup API would restart from
 * the beginning each time another connection writes, which under steady beacon traffic may never end.
 * The copy holds live rows only: pages freed by deletions (visitor hashes of closed days) are not copied.
 */
export async function copySqliteStore(store: Store, to: string): Promise<void> {
  if (store.kind !== 'sqlite') throw new Error('copySqliteStore: not an SQLite store');
  await sql`VACUUM INTO ${to}`.execute(store.db);
}

/**
 * SQLite's own verdict on a database file: "ok", or the first problems it lists. `quick_check` reads
 * every page and checks its structure, without comparing each index with its table (what makes
 * `integrity_check` several times slower on a large store): enough to catch a truncated or damaged copy.
 */
export async function checkSqliteIntegrity(store: Store): Promise<string> {
  const { rows } = await sql<{ quick_check: string }>`PRAGMA quick_check`.execute(store.db);
  return rows.map((r) => r.quick_check).join('; ');
}

/** The store's schema version: the newest migration applied. */
export async function schemaVersion(store: Store): Promise<string> {
  const { rows } = await sql<{ name: string }>`select max(name) as name from kysely_migration`.execute(
    store.db,
  );
  return rows[0]?.name ?? '';
}

/** What a store holds, in a few numbers a person can compare before and after a restore. */
export interface StoreCounts {
  /** The newest migration applied (the store's schema version). */
  schema: string;
  events: number;
  facts: number;
  surveyResponses: number;
  users: number;
}

export async function countStore(store: Store): Promise<StoreCounts> {
  const count = async (table: 'events' | 'facts' | 'survey_responses' | 'users') => {
    const row = await store.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  };
  const { rows } = await sql<{
    name: string;
  }>`select name from kysely_migration order by name desc limit 1`.execute(store.db);
  return {
    schema: rows[0]?.name ?? '',
    events: await count('events'),
    facts: await count('facts'),
    surveyResponses: await count('survey_responses'),
    users: await count('users'),
  };
}
