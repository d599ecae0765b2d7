// Opening the ledger: one SQLite file per terminal, WAL with synchronous=FULL (a committed trade
// survives a power cut), foreign keys on, integers read as bigint, migrations applied.
import BetterSqlite3 from 'better-sqlite3';
import { loadMigrations, migrate, type Migration } from './migrate';
import type { Database } from './sql';

/**
 * `nativeBinding`: the better-sqlite3 binary to load. Electron needs one built for its own ABI;
 * tests and browser mode use the one npm built for Node (see README: two builds side by side).
 */
export function openLedger(path: string, migrations: Migration[] = loadMigrations(), nativeBinding?: string): Database {
  const db = new BetterSqlite3(path, nativeBinding ? { nativeBinding } : {});
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
