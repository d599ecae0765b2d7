// The checks of a backup (backup.ts), the tests' invariants in production code: a backup is opened
// read-only with the ledger's key, then integrity_check, the outlet it belongs to, and double entry
// (postings that balance in every currency). Used when a backup is made, verified and restored.
import BetterSqlite3 from 'better-sqlite3';
import { Refusal } from '../../shared/errors';
import { CHECK_CACHE_KIB } from './db';
import { unlock } from './key';
import { schemaVersion } from './migrate';
import type { Database } from './sql';

/**
 * Double entry: every ledger transaction's postings sum to zero in each currency, and every
 * balance is the sum of its account's postings. Reads every posting: for backups and restores.
 */
export function ledgerBalanceProblems(db: Database, limit = 5): string[] {
  const problems: string[] = [];
  const unbalanced = db
    .prepare('select txn_id, currency, sum(amount_minor) s from postings group by txn_id, currency having s <> 0 limit ?')
    .safeIntegers(true)
    .all(limit) as { txn_id: string; currency: string; s: bigint }[];
  for (const r of unbalanced) problems.push(`postings of ${r.txn_id} sum to ${r.s} in ${r.currency}`);
  // Each account's postings summed in one pass over the table (postings are indexed by date, then
  // account, since migration 027: a sum per account would read the whole index once per account).
  const sums = new Map<string, bigint>();
  const every = db.prepare('select account_id, amount_minor from postings').safeIntegers(true).iterate() as Iterable<{ account_id: string; amount_minor: bigint }>;
  for (const p of every) sums.set(p.account_id, (sums.get(p.account_id) ?? 0n) + p.amount_minor);
  const balances = db.prepare('select account_id, balance_minor from account_balances order by account_id').safeIntegers(true).all() as { account_id: string; balance_minor: bigint }[];
  let drifted = 0;
  for (const b of balances) {
    const s = sums.get(b.account_id) ?? 0n;
    if (b.balance_minor !== s && drifted++ < limit) problems.push(`balance of ${b.account_id} is ${b.balance_minor}, its postings sum to ${s}`);
  }
  return problems;
}

export interface BackupIdentity {
  institutionCode: string;
  outletCode: string;
  schemaVersion: number;
}

/** Opens a backup read-only with the key; a wrong key is refused (LEDGER_KEY_WRONG). */
export function openBackup(path: string, key: Buffer, nativeBinding?: string): Database {
  const db = new BetterSqlite3(path, { readonly: true, fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) });
  try {
    unlock(db, key, path);
    return db;
  } catch (e) {
    db.close();
    throw e;
  }
}

/** The outlet a ledger or backup belongs to, and its schema version ('' codes when it holds no outlet). */
export function identityOf(db: Database): BackupIdentity {
  const outlet = db.prepare('select institution_code, outlet_code from outlet where id = 1').get() as { institution_code: string; outlet_code: string } | undefined;
  return { institutionCode: outlet?.institution_code ?? '', outletCode: outlet?.outlet_code ?? '', schemaVersion: schemaVersion(db) };
}

/**
 * Opens a backup with the key and checks it: integrity_check (every page, every index against its
 * table), the outlet it belongs to, and double entry. Empty `problems` when it is sound.
 * A wrong key is thrown (LEDGER_KEY_WRONG), not counted as a problem of the file.
 */
export function verifyBackupFile(path: string, key: Buffer, nativeBinding?: string): { identity: BackupIdentity | undefined; problems: string[] } {
  const db = openBackup(path, key, nativeBinding);
  try {
    // integrity_check matches every index to its table: with the default 16 MB cache it decrypts
    // pages over and over (75 ms a MB on a 260 MB ledger here; 23 with 64 MB).
    db.pragma(`cache_size = ${CHECK_CACHE_KIB}`);
    const integrity = (db.pragma('integrity_check(20)') as { integrity_check: string }[]).map((r) => r.integrity_check).filter((r) => r !== 'ok');
    if (integrity.length > 0) return { identity: undefined, problems: integrity.slice(0, 5) };
    const identity = identityOf(db);
    const problems = identity.outletCode === '' ? ['it holds no outlet'] : [];
    return { identity, problems: [...problems, ...ledgerBalanceProblems(db)] };
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (e instanceof Refusal || !code?.startsWith('SQLITE_')) throw e;
    return { identity: undefined, problems: [`${code}: ${(e as Error).message}`] };
  } finally {
    db.close();
  }
}
