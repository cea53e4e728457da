import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { Kysely, PostgresDialect } from 'kysely';
import { checkpointWal } from './queries/checkpoint-wal.ts';
import { migrateToLatest } from './migrations.ts';
import type { Database } from './schema.ts';
import { nodeSqliteDialect } from './sqlite-dialect.ts';

export const DEFAULT_DATABASE_URL = 'sqlite:data/counterpoint.db';

/** The store: one query builder over either back end. Every query is written once against `db`. */
export interface Store {
  kind: 'sqlite' | 'postgres';
  /** Where it is, without any password, for messages. */
  location: string;
  db: Kysely<Database>;
  /**
   * After rows were deleted so that nobody can read them again (visitor hashes of a closed day): makes
   * them unreadable from the database's files too, as far as the back end allows. SQLite overwrites
   * deleted content with zeros as it deletes (secure_delete), and this checkpoints the write-ahead log
   * into the database and truncates it, so the log keeps no older copy of those pages. PostgreSQL
   * offers no such thing: deleted rows stay in its data and WAL files until reused (see README).
   */
  forget(): Promise<void>;
  /**
   * SQLite only: runs `work` synchronously on the database in one transaction (BEGIN IMMEDIATE …
   * COMMIT, rolled back if it throws), while holding the query builder's one connection, so no
   * builder query or transaction runs between its statements. For the collector's batched writes,
   * where each `await` of a builder query costs more than the row it writes
   * (src/core/metrics/queries/events.ts).
   */
  writeSync?: <T>(work: (db: DatabaseSync) => T) => Promise<T>;
  close(): Promise<void>;
}

/** The database every command and the server use: DATABASE_URL, else the embedded SQLite file. */
export function databaseUrl(env: Record<string, string | undefined> = process.env): string {
  return env['DATABASE_URL'] || DEFAULT_DATABASE_URL;
}

/**
 * Opens (creating and migrating on first use) the store at `url`:
 * `sqlite:path/to/file.db`, `sqlite::memory:`, or `postgres://user:pass@host/db`.
 */
export async function openStore(url = databaseUrl()): Promise<Store> {
  let store: Store;
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length) || DEFAULT_DATABASE_URL.slice(7);
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    const { dialect, database } = nodeSqliteDialect(path);
    const db = new Kysely<Database>({ dialect });
    const forget = async () => {
      await checkpointWal(db);
    };
    const raw = database.db;
    const inTransaction = <T>(work: (raw: DatabaseSync) => T): T => {
      raw.exec('BEGIN IMMEDIATE');
      try {
        const result = work(raw);
        raw.exec('COMMIT');
        return result;
      } catch (e) {
        if (raw.isTransaction) raw.exec('ROLLBACK');
        throw e;
      }
    };
    // Outside a builder transaction, the work runs at once: it is synchronous, so no builder query
    // can come between its statements (each builder query is one synchronous call on this connection
    // too). During one, it waits for the builder's connection lock, which the transaction holds.
    const writeSync = async <T>(work: (raw: DatabaseSync) => T): Promise<T> =>
      raw.isTransaction ? db.connection().execute(async () => inTransaction(work)) : inTransaction(work);
    store = { kind: 'sqlite', location: path, db, forget, writeSync, close: () => db.destroy() };
  } else if (/^postgres(ql)?:\/\//.test(url)) {
    const { default: pg } = await import('pg');
    // COUNT and SUM come back from PostgreSQL as strings (int8/numeric); numbers are what we want.
    pg.types.setTypeParser(20, (v) => Number(v));
    pg.types.setTypeParser(1700, (v) => Number(v));
    const pool = new pg.Pool({ connectionString: url, max: 10 });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    store = {
      kind: 'postgres',
      location: url.replace(/\/\/[^@/]*@/, '//***@'),
      db,
      forget: async () => {},
      close: () => db.destroy(),
    };
  } else {
    throw new Error(
      `DATABASE_URL "${url}" is not understood: use sqlite:path/to/file.db or postgres://user:password@host/database`,
    );
  }
  await migrateToLatest(store.db as Kysely<unknown>, store.kind);
  return store;
}
