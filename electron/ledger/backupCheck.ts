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
 * balance is the sum of its account's postings. Reads every posting once, in the table's order,
 * in bounded memory: for backups and restores.
 *
 * A transaction's postings are written by one statement in one transaction (accounts.ts `post`),
 * so they are one run of rows in that order: each run is summed per currency as it ends. A run
 * that does not balance is carried, by transaction and currency, to the end of the table (its
 * other rows could come later in a ledger rebuilt by other means); what is still not zero then is
 * the problem. No GROUP BY: grouped by transaction, SQLite sorts every posting in a temporary
 * b-tree (11 M rows on a large ledger; postings are indexed by date and transaction since 029).
 */
export function ledgerBalanceProblems(db: Database, limit = 5): string[] {
  const problems: string[] = [];
  const sums = new Map<string, bigint>();
  const carried = new Map<string, bigint>();
  let run: { txn: string; sums: Map<string, bigint> } | undefined;
  const endRun = () => {
    if (!run) return;
    for (const [currency, s] of run.sums) {
      if (s === 0n) continue;
      const key = `${run.txn}\u0000${currency}`;
      carried.set(key, (carried.get(key) ?? 0n) + s);
    }
  };
  const every = db.prepare('select txn_id, account_id, currency, amount_minor from postings order by id').safeIntegers(true).iterate() as Iterable<{ txn_id: string; account_id: string; currency: string; amount_minor: bigint }>;
  for (const p of every) {
    sums.set(p.account_id, (sums.get(p.account_id) ?? 0n) + p.amount_minor);
    if (run?.txn !== p.txn_id) {
      endRun();
      run = { txn: p.txn_id, sums: new Map() };
    }
    run.sums.set(p.currency, (run.sums.get(p.currency) ?? 0n) + p.amount_minor);
  }
  endRun();
  for (const [key, s] of carried) {
    if (s === 0n) continue;
    const [txn, currency] = key.split('\u0000');
    problems.push(`postings of ${txn} sum to ${s} in ${currency}`);
    if (problems.length >= limit) break;
  }
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
