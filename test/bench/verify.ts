// Checks a synthetic ledger as the tests check the Terminal's: the ledger invariants
// (test/helpers/invariants.ts), SQLite's integrity and foreign-key checks, and a schema identical
// to the one the migrations make. Slow on the full ledger (it reads every row); meant for small
// builds when the generator changes:
//   node --import tsx test/bench/build.ts --years 0.2 --per-day 300 --dir .bench/small
//   node --import tsx test/bench/verify.ts .bench/small/<ledger>.sqlite
import type BetterSqlite3 from 'better-sqlite3';
import { openLedger } from '../../electron/ledger/db';
import { TEST_KEY, openRaw } from '../helpers/key';
import { integrityCheck, ledgerViolations } from '../helpers/invariants';

const [path] = process.argv.slice(2);
if (!path) throw new Error('usage: verify <ledger.sqlite>');

const schemaOf = (db: BetterSqlite3.Database) =>
  (db.prepare("select type, name, sql from sqlite_master where name not like 'sqlite_%' order by type, name").all() as { type: string; name: string; sql: string }[])
    .map((r) => `${r.type} ${r.name}: ${r.sql}`);

const fresh = openLedger(':memory:', TEST_KEY);
const expected = schemaOf(fresh);
fresh.close();

const db = openRaw(path, { readonly: true });
const problems: string[] = [];
const actual = schemaOf(db);
if (JSON.stringify(actual) !== JSON.stringify(expected)) {
  problems.push(`schema differs from the migrations':\n  ${actual.filter((s) => !expected.includes(s)).join('\n  ')}\n  missing: ${expected.filter((s) => !actual.includes(s)).join('\n  ')}`);
}
if (db.pragma('journal_mode', { simple: true }) !== 'wal') problems.push('not in WAL mode');
const integrity = integrityCheck(db);
if (integrity !== 'ok') problems.push(`integrity_check: ${integrity}`);
const fk = db.pragma('foreign_key_check') as unknown[];
if (fk.length > 0) problems.push(`foreign_key_check: ${fk.length} rows, e.g. ${JSON.stringify(fk.slice(0, 3))}`);
problems.push(...ledgerViolations(db).slice(0, 50));
const counts = Object.fromEntries(['trades', 'postings', 'customers', 'voids', 'attempts', 'movements', 'outbox', 'print_jobs', 'audit_log', 'rates'].map((t) => [t, Number(db.prepare(`select count(*) from ${t}`).pluck().get())]));
db.close();
process.stdout.write(`${JSON.stringify(counts)}\n`);
if (problems.length > 0) {
  process.stdout.write(`${problems.length} problem(s):\n${problems.join('\n')}\n`);
  process.exit(1);
}
process.stdout.write('ledger ok\n');
