// The ledger key of every test terminal and benchmark ledger (the ledger is encrypted: README
// "Personal data at rest"), and a raw connection to such a ledger. No vitest here: the benchmark's
// scripts import it outside the test runner.
import BetterSqlite3 from 'better-sqlite3';
import { unlock } from '../../electron/ledger/key';

export const TEST_KEY = Buffer.from('7e57'.repeat(16), 'hex');

/**
 * A connection of its own to a test ledger (or a backup of one), the key applied: for tests that
 * read the file with SQL rather than through the Terminal. `key` for a ledger under another key.
 */
export function openRaw(path: string, options: BetterSqlite3.Options = {}, key: Buffer = TEST_KEY): BetterSqlite3.Database {
  const db = new BetterSqlite3(path, options);
  try {
    unlock(db, key, path);
    return db;
  } catch (e) {
    db.close();
    throw e;
  }
}
