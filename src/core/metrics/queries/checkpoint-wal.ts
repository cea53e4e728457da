import { type Kysely, sql } from 'kysely';
import type { Database } from '../schema.ts';

/**
 * Folds SQLite's write-ahead log into the database file and empties it, so deleted rows are not kept
 * readable in the log (with secure_delete, what a delete removed is then gone from the files).
 */
export async function checkpointWal(db: Kysely<Database>): Promise<void> {
  await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(db);
}
