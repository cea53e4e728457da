import { spawnSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  openSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
  copyFileSync,
} from 'node:fs';
import { dirname, resolve } from 'node:path';
import { databaseUrl, openStore, type Store } from '../core/metrics/index.ts';
import {
  checkSqliteIntegrity,
  copySqliteStore,
  countStore,
  schemaVersion,
  type StoreCounts,
} from '../core/metrics/queries/backup.ts';
import { parseArgs, UsageError } from './args.ts';

const SQLITE_MAGIC = 'SQLite format 3\0';
const PG_MAGIC = 'PGDMP';

/** What kind of backup a file is, from its first bytes. */
function backupKind(file: string): 'sqlite' | 'postgres' | undefined {
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(16);
    readSync(fd, head, 0, 16, 0);
    const text = head.toString('latin1');
    if (text === SQLITE_MAGIC) return 'sqlite';
    if (text.startsWith(PG_MAGIC)) return 'postgres';
    return undefined;
  } finally {
    closeSync(fd);
  }
}

/** The PostgreSQL tools take the password from the environment, never from the command line (ps shows it). */
function pgConnection(url: string): { args: string[]; env: NodeJS.ProcessEnv } {
  const u = new URL(url);
  const env = { ...process.env, PGPASSWORD: decodeURIComponent(u.password) };
  u.password = '';
  return { args: ['--dbname', u.toString()], env };
}

function runTool(tool: string, args: string[], env: NodeJS.ProcessEnv): void {
  const r = spawnSync(tool, args, { env, encoding: 'utf8' });
  if (r.error)
    throw new UsageError(
      `${tool} could not be run (${(r.error as NodeJS.ErrnoException).code}): install the PostgreSQL client tools of your server's version (Debian: apt-get install postgresql-client)`,
    );
  if (r.status !== 0)
    throw new UsageError(`${tool} failed: ${r.stderr.trim().split('\n').slice(-3).join(' ')}`);
}

const summarise = (c: StoreCounts) =>
  `schema ${c.schema}, ${c.events} events, ${c.facts} facts, ${c.surveyResponses} survey answers, ${c.users} accounts`;

/**
 * counterpoint backup <file>: a consistent copy of the store while the server keeps writing. SQLite:
 * `VACUUM INTO` a file beside the target, checked by SQLite's integrity check, then renamed into place (a
 * failed backup never leaves a half-written file under the name given). PostgreSQL: `pg_dump` in its
 * custom format (one snapshot), likewise renamed into place.
 */
export async function runBackup(argv: string[]): Promise<number> {
  const args = parseArgs(argv, ['force']);
  const [target] = args.positional;
  if (!target)
    throw new UsageError('name the backup file: counterpoint backup backups/counterpoint-2027-03-01.db');
  const file = resolve(target);
  if (existsSync(file) && !args.has('force'))
    throw new UsageError(`${target} exists: choose a new name, or add --force to replace it`);
  if (!existsSync(dirname(file))) throw new UsageError(`the folder ${dirname(target)} does not exist`);
  const partial = `${file}.partial-${process.pid}`;
  const started = performance.now();
  const store = await openStore();
  try {
    // Counting rows would scan the whole store: the backup says its size and schema version instead.
    const schema = await schemaVersion(store);
    if (store.kind === 'sqlite') {
      await copySqliteStore(store, partial);
      const copy = await openStore(`sqlite:${partial}`);
      const verdict = await checkSqliteIntegrity(copy);
      await copy.close();
      rmSync(`${partial}-wal`, { force: true });
      rmSync(`${partial}-shm`, { force: true });
      if (verdict !== 'ok')
        throw new UsageError(`the copy failed SQLite's integrity check (${verdict}); nothing was kept`);
    } else {
      const { args: conn, env } = pgConnection(databaseUrl());
      runTool('pg_dump', ['--format=custom', '--no-owner', '--file', partial, ...conn], env);
    }
    renameSync(partial, file);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(
      `backed up ${store.location} to ${target} (${statSync(file).size} bytes, ${seconds} s), schema ${schema}`,
    );
    return 0;
  } finally {
    rmSync(partial, { force: true });
    await store.close();
  }
}

/** Whether the store holds anything a restore would overwrite. */
async function holdsData(store: Store): Promise<boolean> {
  const c = await countStore(store);
  return c.events + c.facts + c.surveyResponses + c.users > 0;
}

/**
 * counterpoint restore <file> [--force]: the store named by DATABASE_URL becomes the backup. Refused
 * when the store already holds data, unless --force (stop the server first). SQLite: the backup is
 * checked, copied beside the store and renamed over it; the store it replaces is kept as
 * `<file>.before-restore-<time>`. PostgreSQL: `pg_restore --clean` in one transaction. Either way the
 * restored store is then migrated to this release's schema, as the server would on start.
 */
export async function runRestore(argv: string[]): Promise<number> {
  const args = parseArgs(argv, ['force']);
  const [source] = args.positional;
  if (!source)
    throw new UsageError('name the backup file to restore: counterpoint restore backups/counterpoint.db');
  const file = resolve(source);
  if (!existsSync(file)) throw new UsageError(`${source} not found`);
  const kind = backupKind(file);
  if (!kind) throw new UsageError(`${source} is neither an SQLite backup nor a pg_dump custom-format backup`);
  const url = databaseUrl();
  const targetKind = url.startsWith('sqlite:') ? 'sqlite' : 'postgres';
  if (kind !== targetKind)
    throw new UsageError(
      `${source} is a ${kind} backup but DATABASE_URL names a ${targetKind} store: restore it into a ${kind} store`,
    );
  const current = await openStore(url);
  const occupied = await holdsData(current);
  const location = current.location;
  await current.close();
  if (occupied && !args.has('force'))
    throw new UsageError(
      `${location} already holds data: stop the server, then add --force to replace it with ${source}`,
    );

  if (kind === 'sqlite') {
    const checked = await openStore(`sqlite:${file}`).catch((e: Error) => {
      throw new UsageError(`${source} cannot be opened as a store: ${e.message}`);
    });
    const verdict = await checkSqliteIntegrity(checked);
    await checked.close();
    if (verdict !== 'ok')
      throw new UsageError(
        `${source} failed SQLite's integrity check (${verdict}); the store was not touched`,
      );
    const partial = `${location}.restoring-${process.pid}`;
    copyFileSync(file, partial);
    const kept = `${location}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    if (occupied) copyFileSync(location, kept);
    // The old store's write-ahead log belongs to the old file: it must not be applied to the new one.
    for (const extra of ['-wal', '-shm']) rmSync(`${location}${extra}`, { force: true });
    renameSync(partial, location);
    if (occupied) console.log(`the replaced store is kept as ${kept}`);
  } else {
    const { args: conn, env } = pgConnection(url);
    runTool(
      'pg_restore',
      ['--clean', '--if-exists', '--no-owner', '--single-transaction', ...conn, file],
      env,
    );
  }
  const restored = await openStore(url);
  try {
    console.log(`restored ${source} into ${restored.location}: ${summarise(await countStore(restored))}`);
  } finally {
    await restored.close();
  }
  return 0;
}
