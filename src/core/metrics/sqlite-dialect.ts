import { DatabaseSync, type StatementSync } from 'node:sqlite';
import { SqliteDialect, type SqliteDatabase, type SqliteStatement } from 'kysely';

/**
 * Kysely's SQLite dialect over Node's built-in `node:sqlite`: no native addon to compile, so the
 * same install works on any machine with Node ≥ 22.13.
 */
class NodeSqliteStatement implements SqliteStatement {
  readonly reader: boolean;
  #stmt: StatementSync;
  constructor(stmt: StatementSync) {
    this.#stmt = stmt;
    this.reader = stmt.columns().length > 0;
  }
  all(parameters: readonly unknown[]): unknown[] {
    return this.#stmt.all(...(parameters as never[]));
  }
  run(parameters: readonly unknown[]) {
    const r = this.#stmt.run(...(parameters as never[]));
    return { changes: r.changes, lastInsertRowid: r.lastInsertRowid };
  }
  iterate(parameters: readonly unknown[]): IterableIterator<unknown> {
    return this.#stmt.iterate(...(parameters as never[])) as IterableIterator<unknown>;
  }
}

const SQLITE_BUSY = 5;

export class NodeSqliteDatabase implements SqliteDatabase {
  readonly db: DatabaseSync;
  #cache = new Map<string, NodeSqliteStatement>();
  constructor(path: string) {
    this.db = new DatabaseSync(path);
    // The wait first: switching to WAL takes a lock, which another process opening the same new file
    // (a second worker, a CLI command) may hold for a moment.
    this.db.exec('PRAGMA busy_timeout = 5000');
    if (path !== ':memory:') this.#toWal();
    // NORMAL is durable in WAL mode against process crashes (the case the collector guards against).
    this.db.exec('PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON');
    // Deleted rows are overwritten with zeros, free pages included: a visitor hash deleted when its day
    // closes must not stay readable in the file. Inserts, the collector's work, are unaffected.
    this.db.exec('PRAGMA secure_delete = ON');
  }
  /**
   * Switches the file to WAL. The switch takes a lock for which SQLite does not always wait (busy_timeout
   * is not consulted for it): processes opening one new file at once (the workers of a server, a CLI
   * command beside it) retry for up to 5 s, a few milliseconds apart, before giving up.
   */
  #toWal(): void {
    const deadline = Date.now() + 5000;
    for (;;) {
      try {
        this.db.exec('PRAGMA journal_mode = WAL');
        return;
      } catch (e) {
        if ((e as { errcode?: number }).errcode !== SQLITE_BUSY || Date.now() > deadline) throw e;
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10 + Math.random() * 20);
      }
    }
  }
  prepare(sql: string): SqliteStatement {
    let stmt = this.#cache.get(sql);
    if (!stmt) {
      stmt = new NodeSqliteStatement(this.db.prepare(sql));
      if (this.#cache.size < 500) this.#cache.set(sql, stmt);
    }
    return stmt;
  }
  close(): void {
    this.db.close();
  }
}

export function nodeSqliteDialect(path: string): { dialect: SqliteDialect; database: NodeSqliteDatabase } {
  const database = new NodeSqliteDatabase(path);
  return { dialect: new SqliteDialect({ database }), database };
}
