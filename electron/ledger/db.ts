// Opening the ledger: one SQLite file per terminal, WAL with synchronous=FULL (a committed trade
// survives a power cut), foreign keys on, integers read as bigint, migrations applied.
import BetterSqlite3 from 'better-sqlite3';
import { loadMigrations, migrate, type Migration } from './migrate';
import type { Database } from './sql';

export function openLedger(path: string, migrations: Migration[] = loadMigrations()): Database {
  const db = new BetterSqlite3(path);
  try {
    db.defaultSafeIntegers(true);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db, migrations);
    return db;
  } catch (e) {
    db.close();
    throw e;
  }
}
