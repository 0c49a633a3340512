/**
 * The embedded database: one SQLite file next to the media dir, reached through Kysely's
 * better-sqlite3 dialect so the repositories are written once for SQLite and PostgreSQL.
 *
 * Crash safety: WAL with synchronous=NORMAL survives a process crash (SIGKILL) with every
 * committed transaction; only an OS crash may lose the last commits, never corrupt the file.
 * Readers in other processes (the BFF while an ingest runs) see the last commit, never half of
 * one. Each migration commits together with its version number, so a crash mid-migration
 * reruns that step from its start.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import {
  CompiledQuery,
  Kysely,
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type Driver,
  type SqliteDialectConfig,
} from 'kysely';
import { SQLITE_MIGRATIONS, type SqliteMigration } from './migrations-sqlite';
import type { EncoreDatabase } from './schema';

export interface SqliteDatabaseOptions {
  /** How long a writer waits for another process's lock before SQLITE_BUSY. */
  busyTimeoutMs?: number;
  /** Tests pass a shorter list to build an old schema. */
  migrations?: readonly SqliteMigration[];
}

export interface SqliteDatabase {
  readonly db: Kysely<EncoreDatabase>;
  /** The raw handle, for maintenance and tests (pragmas, integrity checks). */
  readonly sqlite: Database.Database;
  close(): Promise<void>;
}

/**
 * Transactions start with BEGIN IMMEDIATE: a deferred transaction that reads and then writes
 * fails at once with SQLITE_BUSY (busy_timeout does not apply to the upgrade) when another
 * process committed in between, as the BFF recording plays does while an ingest runs.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class EmbeddedSqliteDialect extends SqliteDialect {
  constructor(private readonly config: SqliteDialectConfig) {
    super(config);
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.config);
  }
}

/** Brings a database up to the latest schema; each step commits with its version number. */
export function migrateSqlite(
  db: Database.Database,
  migrations: readonly SqliteMigration[] = SQLITE_MIGRATIONS,
): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > migrations.length) {
    // A newer build wrote this file; running old queries against it could corrupt data.
    throw new Error(
      `catalogue schema version ${current} is newer than this build knows (${migrations.length})`,
    );
  }
  for (let v = current; v < migrations.length; v++) {
    const step = migrations[v]!;
    db.transaction(() => {
      if (typeof step === 'string') db.exec(step);
      else step(db);
      db.pragma(`user_version = ${v + 1}`);
    }).immediate();
  }
  return migrations.length;
}

/** Opens (creating the directory and file if needed) and migrates. ':memory:' works too. */
export function openSqliteDatabase(dbPath: string, options: SqliteDatabaseOptions = {}): SqliteDatabase {
  if (dbPath !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(dbPath)), { recursive: true });
  const sqlite = new Database(dbPath);
  try {
    sqlite.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    migrateSqlite(sqlite, options.migrations);
  } catch (err) {
    sqlite.close();
    throw err;
  }
  const db = new Kysely<EncoreDatabase>({ dialect: new EmbeddedSqliteDialect({ database: sqlite }) });
  let closed = false;
  return {
    db,
    sqlite,
    async close() {
      if (closed) return;
      closed = true;
      // Kysely's SQLite driver closes the handle it was given.
      await db.destroy();
      if (sqlite.open) sqlite.close();
    },
  };
}
